"""The next prospect: when one goes cold (its chaser rests) or a contact is lost, the member's
next best open prospects, ranked with the reason (owed a touch or a reply, longest silence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q

from followthrough.agenda.text import contact_name, duration
from followthrough.contacts.models import Contact, Stage
from followthrough.plans.models import Chaser, ChaserState, Enrollment, PlanKind
from followthrough.workspaces.models import Member

COLD_WINDOW = timedelta(days=7)
SUGGESTIONS = 3
POOL = 60


@dataclass(frozen=True)
class Cold:
    key: str  # "rest:<chaser code>" or "lost:<enrollment code>"
    contact_id: int
    contact_code: str
    name: str
    at: datetime
    why: str


@dataclass(frozen=True)
class Pick:
    code: str
    name: str
    reason: str
    rank: tuple[int, float]


_COLD_COLUMNS = ("contact_id", "contact__code", "contact__first_name", "contact__last_name",
                 "contact__email", "contact__phone")  # fmt: skip


def cold_by_key(member: Member, key: str) -> Cold | None:
    """The prospect gone cold ("rest:<chaser>") or contact lost ("lost:<exit enrollment>") that
    the agenda placed (the latest of the last week: `plans.agenda.NEXT_SQL`); one read."""
    what, _, code = key.partition(":")
    if what == "rest":
        found = (
            Chaser.objects.filter(owner=member, code=code, state=ChaserState.RESTING)
            .values_list("ended_at", *_COLD_COLUMNS)
            .first()
        )
        why = "{name} has gone quiet; you let it rest."
    elif what == "lost":
        found = (
            Enrollment.objects.filter(owner=member, code=code, plan__kind=PlanKind.EXIT)
            .values_list("started_at", *_COLD_COLUMNS)
            .first()
        )
        why = "{name} was lost."
    else:
        return None
    if found is None or found[0] is None:
        return None
    at, contact_id, contact_code, first, last, email, phone = found
    name = contact_name(first, last, email, phone)
    return Cold(key, contact_id, contact_code, name, at, why.format(name=name))


def next_prospects(member: Member, *, now: datetime, exclude: int | None = None) -> list[Pick]:
    """Open prospects of the member, best first: a nurture touch due, a reply owed, then the
    longest silence. Those being chased, or rested lately, wait their turn."""
    due = dict(
        Enrollment.objects.filter(
            owner=member,
            next_due_at__lte=now,
            state="active",
            plan__kind=PlanKind.NURTURE,
            contact__stage=Stage.PROSPECT,
        ).values_list("contact_id", "next_due_at")[:POOL]
    )
    prospects = (
        Contact.objects.filter(
            owner=member, stage=Stage.PROSPECT, do_not_contact=False, archived_at__isnull=True
        )
        .values_list("id", "code", "first_name", "last_name", "email", "phone",
                     "owed_reply_since", "last_two_way_at", "created_at")
    )  # fmt: skip
    picks: list[Pick] = []
    seen: set[int] = set()
    due_ids = list(due)
    rows = list(prospects.filter(id__in=due_ids)) if due_ids else []
    rest = prospects.exclude(id__in=due_ids)
    rows += list(rest.filter(owed_reply_since__isnull=False).order_by("owed_reply_since")[:POOL])
    rows += list(
        rest.filter(owed_reply_since__isnull=True).order_by(
            F("last_two_way_at").asc(nulls_first=True), "id"
        )[:POOL]
    )
    chased = _being_chased(member, [r[0] for r in rows], now=now)
    for pk, code, first, last, email, phone, owed, last_two_way, created in rows:
        if pk in seen or pk == exclude or pk in chased:
            continue
        seen.add(pk)
        name = contact_name(first, last, email, phone)
        if pk in due:
            reason, rank = "a nurture touch is due", (0, (due[pk] or now).timestamp())
        elif owed is not None:
            reason, rank = f"waiting {duration(now - owed)} for your reply", (1, owed.timestamp())
        elif last_two_way is None:
            reason, rank = (
                f"never really spoken, on your list {duration(now - created)}",
                (
                    2,
                    created.timestamp() - 1e10,
                ),
            )
        else:
            reason = f"no real conversation in {duration(now - last_two_way)}"
            rank = (2, last_two_way.timestamp())
        picks.append(Pick(code, name, reason, rank))
    return sorted(picks, key=lambda p: p.rank)[:SUGGESTIONS]


def _being_chased(member: Member, ids: list[int], *, now: datetime) -> set[int]:
    """Of these contacts, those chased now or let rest in the last 90 days: they wait."""
    if not ids:
        return set()
    recent = Q(state=ChaserState.ACTIVE) | Q(
        state=ChaserState.RESTING, ended_at__gte=now - timedelta(days=90)
    )
    return set(
        Chaser.objects.filter(contact_id__in=ids, owner=member)
        .filter(recent)
        .values_list("contact_id", flat=True)
    )
