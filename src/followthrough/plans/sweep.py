"""The plans sweep: keep enrollments and chasers true to the contacts' state. Idempotent: each
step changes only rows that are not yet as they should be, by conditional UPDATEs and inserts
that the one-active-copy constraints make safe when two workers run it at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery

from followthrough.contacts.models import Contact, Stage, StageChange
from followthrough.plans import chasers
from followthrough.plans.models import (
    Anchor,
    Chaser,
    ChaserReason,
    ChaserState,
    Enrollment,
    EnrollmentState,
    Outcome,
    Plan,
    PlanKind,
    TouchLog,
)
from followthrough.plans.services import _advance, enrollment_start, enrollment_sync_guidance
from followthrough.plans.suggest import store_missing_suggestions

EXIT_WINDOW = timedelta(days=30)  # an exit conversation later than this would be pointless
GREETING_GRACE = timedelta(days=7)  # a greeting this late is skipped until next year
UNATTENDED = timedelta(days=30)  # a chaser try ignored this long: let it rest
QUIET_LOOKBACK = timedelta(days=60)
BATCH = 2000


@dataclass
class SweepResult:
    stopped: int = 0
    owners: int = 0
    exits: int = 0
    moved: int = 0
    greetings: int = 0
    missed: int = 0
    quiet: int = 0
    rested: int = 0
    suggested: int = 0  # cold rows given their next prospects (plans.suggest)

    @property
    def changed(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def line(self) -> str:
        return ", ".join(f"{f.name} {getattr(self, f.name)}" for f in fields(self))

    def summary(self) -> str:
        """What the sweep did, in words a person reads: only what happened, or that nothing
        needed doing."""
        said = [
            _count(n, phrase)
            for n, phrase in (
                (self.stopped, "follow-up{s} stopped (do not contact, or lost)"),
                (self.owners, "follow-up{s} handed to the contact's new owner"),
                (self.exits, "exit conversation{s} planned for lost customers"),
                (self.moved, "contact{s} moved between coaching and low-touch"),
                (self.greetings, "greeting{s} planned (birthdays, anniversaries)"),
                (self.missed, "greeting{s} skipped, more than a week late"),
                (self.quiet, "chaser{s} started for prospects gone quiet"),
                (self.rested, "chaser{s} put to rest after a month untouched"),
            )
            if n
        ]
        return "; ".join(said) if said else "nothing needed doing"


def _count(n: int, phrase: str) -> str:
    return f"{n:,} {phrase.format(s='' if n == 1 else 's')}"


def plans_sweep(*, now: datetime) -> SweepResult:
    result = SweepResult()
    with transaction.atomic():
        result.stopped = _stop_unreachable(now)
        result.owners = _sync_owners()
    with transaction.atomic():
        result.exits = _enroll_exits(now)
    with transaction.atomic():
        result.moved = _sync_guidance(now)
    with transaction.atomic():
        result.greetings = _enroll_greetings(now)
    with transaction.atomic():
        result.missed = _skip_missed_greetings(now)
    with transaction.atomic():
        result.quiet = _chase_quiet_prospects(now)
        result.rested = _rest_unattended(now)
    with transaction.atomic():
        result.suggested = store_missing_suggestions(now=now)
    return result


def _stop_unreachable(now: datetime) -> int:
    """Do-not-contact stops everything; lost stops all but the exit conversation."""
    dnc = Q(contact__do_not_contact=True) | Q(contact__archived_at__isnull=False)
    ids = Enrollment.objects.filter(state=EnrollmentState.ACTIVE).filter(
        dnc | (Q(contact__stage=Stage.LOST) & ~Q(plan__kind=PlanKind.EXIT))
    )
    n = Enrollment.objects.filter(
        pk__in=list(ids.values_list("pk", flat=True)), state=EnrollmentState.ACTIVE
    ).update(
        state=EnrollmentState.STOPPED,
        next_due_at=None,
        ended_at=now,
        end_reason="Do not contact, archived, or lost.",
    )
    chased = Chaser.objects.filter(state=ChaserState.ACTIVE).filter(
        dnc | Q(contact__stage=Stage.LOST)
    )
    n += Chaser.objects.filter(
        pk__in=list(chased.values_list("pk", flat=True)), state=ChaserState.ACTIVE
    ).update(
        state=ChaserState.STOPPED,
        next_due_at=None,
        ended_at=now,
        end_reason="Do not contact, archived, or lost.",
    )
    return n


def _sync_owners() -> int:
    """Keep each open enrollment and chaser with its contact's current owner."""
    n = 0
    for model in (Enrollment, Chaser):
        differ = ~Q(owner_id=F("contact__owner_id")) & ~Q(
            owner__isnull=True, contact__owner__isnull=True
        )
        stale = model.objects.filter(state="active").filter(differ)
        by_owner: dict[int | None, list[int]] = defaultdict(list)
        for pk, owner, wanted in stale.values_list("pk", "owner_id", "contact__owner_id"):
            if owner != wanted:  # SQL NULL comparisons aside, only real differences
                by_owner[wanted].append(pk)
        for target, pks in by_owner.items():
            n += model.objects.filter(pk__in=pks).update(owner_id=target)
    return n


def _plans(kind: str) -> dict[int, Plan]:
    return {
        p.workspace_id: p
        for p in Plan.objects.filter(kind=kind, builtin=True, active=True).prefetch_related(
            "touches"
        )
    }


def _enroll(
    plans: dict[int, Plan],
    contacts: Sequence[Contact],
    now: datetime,
    source: str,
    anchors: dict[int, datetime] | None = None,
) -> int:
    n = 0
    for contact in contacts:
        plan = plans.get(contact.workspace_id)
        if plan is None:
            continue
        try:
            enrollment_start(
                contact=contact,
                plan=plan,
                now=now,
                anchored_at=(anchors or {}).get(contact.pk),
                source=source,
            )
        except ValidationError:
            continue  # enrolled meanwhile by another worker, or not eligible
        n += 1
    return n


def _enroll_exits(now: datetime) -> int:
    """A contact marked lost in the last 30 days gets one exit conversation."""
    plans = _plans(PlanKind.EXIT)
    if not plans:
        return 0
    lost_at = (
        StageChange.objects.filter(contact_id=OuterRef("pk"), to_stage=Stage.LOST)
        .order_by("-at")
        .values("at")[:1]
    )
    had = Enrollment.objects.filter(
        contact_id=OuterRef("pk"), plan__kind=PlanKind.EXIT, anchored_at__gte=OuterRef("lost_at")
    )
    contacts = list(
        Contact.objects.filter(
            workspace_id__in=list(plans),
            stage=Stage.LOST,
            do_not_contact=False,
            archived_at__isnull=True,
        )
        .annotate(lost_at=Subquery(lost_at))
        .filter(lost_at__gte=now - EXIT_WINDOW)
        .filter(~Exists(had))
        .select_related("owner")[:BATCH]
    )
    anchors = {c.pk: c.lost_at for c in contacts}
    return _enroll(plans, list[Contact](contacts), now, "lost", anchors=anchors)


def _sync_guidance(now: datetime) -> int:
    """Move contacts whose preference changed between coaching and low-touch."""
    wrong = Enrollment.objects.filter(state=EnrollmentState.ACTIVE).filter(
        Q(plan__kind=PlanKind.COACHING) & ~Q(contact__guidance="coaching")
        | Q(plan__kind=PlanKind.LOW_TOUCH, contact__guidance="coaching")
    )
    n = 0
    for contact in Contact.objects.filter(pk__in=wrong.values("contact_id"))[:BATCH]:
        if enrollment_sync_guidance(contact=contact, now=now) is not None:
            n += 1
    return n


def _enroll_greetings(now: datetime) -> int:
    """Customers with a birthday or a customer-since date get the greetings plan, once."""
    plans = _plans(PlanKind.GREETINGS)
    if not plans:
        return 0
    ever = Enrollment.objects.filter(contact_id=OuterRef("pk"), plan__kind=PlanKind.GREETINGS)
    contacts = list(
        Contact.objects.filter(
            workspace_id__in=list(plans),
            stage=Stage.CUSTOMER,
            do_not_contact=False,
            archived_at__isnull=True,
        )
        .filter(Q(birthday__isnull=False) | Q(customer_since__isnull=False))
        .filter(~Exists(ever))
        .select_related("owner")[:BATCH]
    )
    return _enroll(plans, contacts, now, "dates")


def _skip_missed_greetings(now: datetime) -> int:
    """A greeting more than a week late is not a greeting: skip it until next year."""
    late = Enrollment.objects.filter(
        state=EnrollmentState.ACTIVE,
        plan__anchor=Anchor.DATES,
        next_due_at__lt=now - GREETING_GRACE,
        next_touch__isnull=False,
    ).select_related("plan", "contact", "owner", "next_touch")[:BATCH]
    n = 0
    for e in late:
        touch, due = e.next_touch, e.next_due_at
        if touch is None or due is None:  # filtered above; for the type checker
            continue
        with transaction.atomic():
            claimed = Enrollment.objects.filter(
                pk=e.pk, state=EnrollmentState.ACTIVE, next_due_at=due
            ).update(updated_at=now)
            if not claimed:
                continue
            TouchLog.objects.get_or_create(
                enrollment=e,
                touch=touch,
                due_at=due,
                defaults={
                    "workspace_id": e.workspace_id,
                    "outcome": Outcome.SKIPPED,
                    "reason": "The day passed; next year's comes in time.",
                    "at": now,
                },
            )
            _advance(e, after_touch=touch, after=due, now=now)
        n += 1
    return n


def _chase_quiet_prospects(now: datetime) -> int:
    """A prospect we reached out to who has gone quiet (no answer for `quiet_after_days`, our
    last reach-out within 60 days) and has not been chased since: start a chaser."""
    from followthrough.plans.models import PlanSettings

    settings = dict(PlanSettings.objects.values_list("workspace_id", "quiet_after_days"))
    chased = Chaser.objects.filter(
        contact_id=OuterRef("pk"), started_at__gte=OuterRef("last_outbound_at")
    )
    n = 0
    for workspace_id, quiet_days in settings.items():
        candidates = list(
            Contact.objects.filter(
                workspace_id=workspace_id,
                stage=Stage.PROSPECT,
                do_not_contact=False,
                archived_at__isnull=True,
                owner__isnull=False,
                last_outbound_at__gte=now - QUIET_LOOKBACK,
                last_outbound_at__lte=now - timedelta(days=quiet_days),
            )
            .filter(Q(last_inbound_at__isnull=True) | Q(last_inbound_at__lt=F("last_outbound_at")))
            .filter(~Exists(chased))[:BATCH]
        )
        days = chasers.workspace_schedule(workspace_id)
        for contact in candidates:
            if chasers.chaser_start(
                contact=contact,
                reason=ChaserReason.QUIET_PROSPECT,
                started_at=now - timedelta(days=int(days.split(",")[0])),
                schedule_days=days,
            ):
                n += 1
    return n


def _rest_unattended(now: datetime) -> int:
    """A try left undone for a month: nobody is chased forever, not even by neglect."""
    return Chaser.objects.filter(state=ChaserState.ACTIVE, next_due_at__lt=now - UNATTENDED).update(
        state=ChaserState.RESTING,
        next_due_at=None,
        ended_at=now,
        end_reason="Left unattended for a month: resting.",
    )
