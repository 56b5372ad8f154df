"""Follow-up plans (sequences of touches anchored on an event), who is enrolled in which, what
was done about each touch, and chasers that back off and then let it rest."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class PlanKind(models.TextChoices):
    AFTER_PURCHASE = "after_purchase", "After first purchase"
    COACHING = "coaching", "Coaching"
    LOW_TOUCH = "low_touch", "Low-touch updates"
    STAY_IN_TOUCH = "stay_in_touch", "Stay in touch"
    GREETINGS = "greetings", "Greetings"
    EXIT = "exit", "Exit conversation"
    NURTURE = "nurture", "Prospect nurture"
    CUSTOM = "custom", "Custom"


class Anchor(models.TextChoices):
    """The event a plan's touch offsets count from."""

    ENROLLED = "enrolled", "When enrolled"
    FIRST_ORDER = "first_order", "First completed order"
    DATES = "dates", "Birthday and customer anniversary (every year)"
    LOST = "lost", "Marked lost"
    LAST_TWO_WAY = "last_two_way", "Last real two-way touch"


class TouchChannel(models.TextChoices):
    EMAIL = "email", "Email"
    MESSAGE = "message", "Text message"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"


class TouchKind(models.TextChoices):
    """The kind of message, as the composer and the guard know it."""

    CHECK_IN = "check_in", "Check-in"
    AFTER_SALE = "after_sale", "After-sale check-in"
    GREETING = "greeting", "Greeting"
    EXIT_CONVERSATION = "exit_conversation", "Exit conversation"
    NEW = "new", "Message"


class DateField(models.TextChoices):
    """For yearly touches: which of the contact's dates the touch falls on."""

    NONE = "", "—"
    BIRTHDAY = "birthday", "Birthday"
    CUSTOMER_SINCE = "customer_since", "Customer anniversary"


class Plan(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.CUSTOM)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    anchor = models.CharField(max_length=20, choices=Anchor.choices, default=Anchor.ENROLLED)
    active = models.BooleanField(default=True)
    builtin = models.BooleanField(default=False)
    # Stay in touch: green until `ideal_days` since the last real two-way touch, amber until
    # `max_days`, red after.
    ideal_days = models.PositiveIntegerField(null=True, blank=True)
    max_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="plan_unique_name"),
            models.UniqueConstraint(
                fields=["workspace", "kind"], condition=Q(builtin=True), name="plan_unique_builtin"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stay_in_touch(self) -> bool:
        return self.kind == PlanKind.STAY_IN_TOUCH


class Touch(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="touches")
    position = models.PositiveIntegerField(default=1)
    offset_days = models.PositiveIntegerField(default=0, help_text="Days after the anchor.")
    on_date = models.CharField(max_length=20, choices=DateField.choices, blank=True, default="")
    channel = models.CharField(
        max_length=16, choices=TouchChannel.choices, default=TouchChannel.EMAIL
    )
    kind = models.CharField(max_length=20, choices=TouchKind.choices, default=TouchKind.CHECK_IN)
    title = models.CharField(max_length=120)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, help_text="{first_name}, {name}, {member} are filled in.")
    guidance = models.TextField(blank=True, help_text="For the member: what this touch is for.")
    policy_tags = models.CharField(max_length=200, blank=True, default="")
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "position"], name="touch_plan_position")]

    def __str__(self) -> str:
        return self.title

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.policy_tags.split(",") if t.strip()]


class EnrollmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class Enrollment(CodedModel):
    """One contact in one plan. Never two active copies of one plan for one contact."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="enrollments")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="enrollments")
    # The contact's owner, kept here so Today reads one index range (owner, next_due_at).
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=16, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE
    )
    source = models.CharField(max_length=20, default="manual")  # manual | an event's name
    anchored_at = models.DateTimeField()
    started_at = models.DateTimeField()
    next_touch = models.ForeignKey(
        Touch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_due_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    moved_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An exit conversation: the next prospects worked out when it started (plans.suggest).
    suggested = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "contact", "plan"],
                condition=Q(state="active"),
                name="enrollment_one_active_copy",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "next_due_at"],
                condition=Q(next_due_at__isnull=False),
                name="enrollment_due",
            ),
            models.Index(fields=["contact", "plan"], name="enrollment_contact"),
            models.Index(fields=["plan", "state"], name="enrollment_plan_state"),
            models.Index(fields=["owner", "started_at"], name="enrollment_owner_started"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.plan_id} ({self.state})"


class Outcome(models.TextChoices):
    SENT = "sent", "Sent"
    LOGGED = "logged", "Logged"
    SKIPPED = "skipped", "Skipped"


class TouchLog(TimestampedModel):
    """What became of one touch for one enrollment: sent, logged or skipped (with a reason)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="logs")
    touch = models.ForeignKey(Touch, on_delete=models.CASCADE, related_name="logs")
    due_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "touch", "due_at"], name="touchlog_once_per_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.touch_id} {self.outcome}"


class ChaserReason(models.TextChoices):
    UNRETURNED_CALL = "unreturned_call", "Call not returned"
    UNANSWERED_MESSAGE = "unanswered_message", "Message not answered"
    NO_SHOW = "no_show", "Missed a meeting without notice"
    QUIET_PROSPECT = "quiet_prospect", "Prospect gone quiet"


class ChaserState(models.TextChoices):
    ACTIVE = "active", "Chasing"
    ANSWERED = "answered", "They answered"
    RESTING = "resting", "Let it rest"
    STOPPED = "stopped", "Stopped"


class Chaser(CodedModel):
    """A polite schedule of tries after an unanswered reach-out, backing off, then resting."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="chasers")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=24, choices=ChaserReason.choices)
    source = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=ChaserState.choices, default=ChaserState.ACTIVE)
    started_at = models.DateTimeField()
    schedule = models.CharField(max_length=60, help_text="Days between tries, e.g. 2,5,12.")
    tries_done = models.PositiveIntegerField(default=0)
    last_try_at = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    # The next prospects worked out when it came to rest (plans.suggest.suggestion).
    suggested = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "contact"],
                condition=Q(state="active"),
                name="chaser_one_active",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "next_due_at"],
                condition=Q(next_due_at__isnull=False),
                name="chaser_due",
            ),
            models.Index(fields=["contact", "started_at"], name="chaser_contact"),
            models.Index(fields=["owner", "state", "ended_at"], name="chaser_owner_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.state})"

    @property
    def gaps(self) -> list[int]:
        return [int(d) for d in self.schedule.split(",") if d.strip().isdigit()]

    @property
    def tries_total(self) -> int:
        return len(self.gaps)

    @property
    def tries_left(self) -> int:
        return max(0, self.tries_total - self.tries_done)


class PlanSettings(TimestampedModel):
    """A workspace's settings for plans and chasers (one row, made with the built-in plans)."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    chaser_days = models.CharField(
        max_length=60, default="2,5,12", help_text="Days between chaser tries; the last is final."
    )
    quiet_after_days = models.PositiveIntegerField(default=14)

    def __str__(self) -> str:
        return f"Plan settings of {self.workspace_id}"
