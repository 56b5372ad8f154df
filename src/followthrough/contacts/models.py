"""People, companies and the timeline of everything that passed between us."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement
from django.db.models import F, Q
from django.db.models.expressions import OrderBy

from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.workspaces.models import Member, Workspace


class Company(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    website = models.CharField(max_length=300, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name_key"], name="company_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


LIVE = Q(archived_at__isnull=True)  # the contacts the list shows unless asked for archived


class NullsOrderedIndex(models.Index):
    """An index ordered NULLS FIRST (ascending) or NULLS LAST (descending), so that an ORDER BY
    saying so reads it in order. PostgreSQL needs the clause in the index; SQLite cannot spell
    it there and needs not: it sorts NULLs first ascending and last descending anyway."""

    def create_sql(
        self,
        model: type[models.Model],
        schema_editor: BaseDatabaseSchemaEditor,
        using: str = "",
        **kwargs: Any,
    ) -> Statement:
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(
            *(_natural_nulls(e) for e in self.expressions), name=self.name, condition=self.condition
        )
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


def _natural_nulls(expression: Any) -> Any:
    if not isinstance(expression, OrderBy):
        return expression
    if bool(expression.nulls_first) == expression.descending:
        raise ValueError("SQLite sorts NULLs first ascending and last descending only.")
    return OrderBy(expression.expression, descending=expression.descending)


class Stage(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    CUSTOMER = "customer", "Customer"
    LOST = "lost", "Lost"


class Guidance(models.TextChoices):
    UNKNOWN = "", "Not asked yet"
    COACHING = "coaching", "Wants coaching"
    LOW_TOUCH = "low_touch", "Self-directed (low-touch)"


class Channel(models.TextChoices):
    ANY = "", "No preference"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    MESSAGE = "message", "Text message"
    MEETING = "meeting", "In person"


class Contact(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    title = models.CharField(max_length=150, blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PROSPECT)
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    referred_by_partner = models.CharField(
        max_length=200, blank=True, help_text="A networking partner who is not a contact."
    )
    birthday = models.DateField(null=True, blank=True)
    customer_since = models.DateField(null=True, blank=True)
    guidance = models.CharField(max_length=16, choices=Guidance.choices, blank=True, default="")
    preferred_channel = models.CharField(
        max_length=16, choices=Channel.choices, blank=True, default=""
    )
    do_not_contact = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    # Stored state that "what is due" reads (see docs/decisions/0002-stored-agenda-state.md).
    owed_reply_since = models.DateTimeField(null=True, blank=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    last_outbound_at = models.DateTimeField(null=True, blank=True)
    last_two_way_at = models.DateTimeField(null=True, blank=True)

    # Lower-cased keys for fast, index-backed prefix search and sorting.
    sort_key = models.CharField(max_length=210, editable=False, default="")
    first_key = models.CharField(max_length=210, editable=False, default="")
    company_key = models.CharField(max_length=200, editable=False, default="")
    phone_key = models.CharField(max_length=40, editable=False, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=~Q(email=""),
                name="contact_unique_email",
            ),
        ]
        # Measured at 100k contacts in docs/benchmarks.md. The list leaves archived contacts
        # out, so its indexes are partial (LIVE): each sort, filter and COUNT(*) of the list
        # reads one of them alone. Search ORs one key range per index (see search_q).
        indexes = [
            models.Index(fields=["workspace", "first_key"], name="contact_first"),
            models.Index(fields=["workspace", "company_key"], name="contact_company"),
            models.Index(fields=["workspace", "phone_key"], name="contact_phone"),
            models.Index(fields=["workspace", "email"], name="contact_email"),
            models.Index(
                fields=["workspace", "sort_key", "id"], name="contact_sort", condition=LIVE
            ),
            models.Index(
                fields=["workspace", "stage", "sort_key", "id"],
                name="contact_stage",
                condition=LIVE,
            ),
            models.Index(
                fields=["workspace", "owner", "sort_key", "id"],
                name="contact_owner",
                condition=LIVE,
            ),
            models.Index(
                fields=["workspace", "owed_reply_since"],
                name="contact_owed",
                condition=LIVE & Q(owed_reply_since__isnull=False),
            ),
            NullsOrderedIndex(
                F("workspace"),
                F("last_two_way_at").asc(nulls_first=True),
                F("id"),
                name="contact_quiet",
                condition=LIVE,
            ),
            models.Index(fields=["owner", "owed_reply_since"], name="contact_owed_reply"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email or self.phone or "(no name)"

    @property
    def initials(self) -> str:
        parts = [p for p in (self.first_name, self.last_name) if p]
        return "".join(p[0] for p in parts).upper()[:2] or "?"


class StageChange(TimestampedModel):
    """One step of a contact's lifecycle: prospect → customer → lost (and back)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage}"


class Kind(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message"
    NOTE = "note", "Note"


class Direction(models.TextChoices):
    INBOUND = "inbound", "From them"
    OUTBOUND = "outbound", "From us"
    INTERNAL = "internal", "Internal"


class CallOutcome(models.TextChoices):
    NONE = "", "—"
    CONNECTED = "connected", "Connected"
    VOICEMAIL = "voicemail", "Voicemail left"
    NO_ANSWER = "no_answer", "No answer"


class MeetingOutcome(models.TextChoices):
    NONE = "", "—"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "No-show without notice"
    CANCELLED = "cancelled", "Cancelled with notice"
    RESCHEDULED = "rescheduled", "Rescheduled"


class Interaction(CodedModel):
    """One entry on a contact's timeline."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    direction = models.CharField(max_length=16, choices=Direction.choices)
    occurred_at = models.DateTimeField()
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    call_outcome = models.CharField(
        max_length=16, choices=CallOutcome.choices, blank=True, default=""
    )
    meeting_outcome = models.CharField(
        max_length=16, choices=MeetingOutcome.choices, blank=True, default=""
    )
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    thread_key = models.CharField(max_length=300, blank=True, db_index=True)
    message_id = models.CharField(max_length=300, blank=True)
    # An inbound that asks for an answer is owed a reply until one goes out.
    reply_owed = models.BooleanField(default=False)
    replied_at = models.DateTimeField(null=True, blank=True)
    # How an inbound message reads (the message guard, stored when logged; null = not read).
    heated = models.BooleanField(null=True, blank=True, help_text="Hot enough to cool off.")
    unhappy = models.BooleanField(null=True, blank=True)
    anger = models.FloatField(null=True, blank=True, help_text="0 (calm) to 1 (furious).")
    category = models.CharField(max_length=16, blank=True, default="")
    urgency = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["contact", "-occurred_at"], name="interaction_timeline"),
            models.Index(fields=["member", "-occurred_at"], name="interaction_member"),
            # Today reads these few rows out of millions: the answers owed, by contact (what
            # each waiting contact left us), and each member's meetings missed without notice.
            models.Index(
                fields=["contact", "occurred_at"],
                condition=Q(reply_owed=True, replied_at__isnull=True),
                name="interaction_owed",
            ),
            models.Index(
                fields=["member", "occurred_at"],
                condition=Q(kind="meeting", meeting_outcome="no_show"),
                name="interaction_no_show",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id"],
                condition=~Q(message_id=""),
                name="interaction_unique_message_id",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_direction_display()} {self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"
        )

    @property
    def outcome_label(self) -> str:
        if self.kind == Kind.CALL and self.call_outcome:
            return self.get_call_outcome_display()
        if self.kind == Kind.MEETING and self.meeting_outcome:
            return self.get_meeting_outcome_display()
        return ""
