"""The next prospect: when one goes cold (its chaser rests) or a contact is lost, the member's
next best open prospects, ranked with the reason (owed a touch or a reply, longest silence).

They are worked out once, when it goes cold — `chaser_rest`, the last try of a chaser, an exit
conversation starting, and the plans sweep for any cold row still without them (a chaser the
sweep let rest, rows from before this column) — and stored on the row (`suggested`): the facts
of each pick (who, which reason, since when), for the member who owned it then. Today and the
API word them at read time ("waiting 3 days…" counts from now) without a query of their own;
a row without them, or whose owner changed since, is worked out as before, on the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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
    suggested: Any = None  # what was stored when it went cold (`stored_picks` reads it)


@dataclass(frozen=True)
class Pick:
    code: str
    name: str
    reason: str
    rank: tuple[int, float]


@dataclass(frozen=True)
class Fact:
    """A pick as stored: its reason as a kind and a time, worded at read time."""

    code: str
    name: str
    why: str  # due | owed | never | quiet
    since: datetime  # the touch's due time, owed since, on the list since, last conversation
    rank: tuple[int, float]

    def pick(self, now: datetime) -> Pick:
        return Pick(self.code, self.name, _reason(self.why, self.since, now), self.rank)


def _reason(why: str, since: datetime, now: datetime) -> str:
    if why == "due":
        return "a nurture touch is due"
    if why == "owed":
        return f"waiting {duration(now - since)} for your reply"
    if why == "never":
        return f"never really spoken, on your list {duration(now - since)}"
    return f"no real conversation in {duration(now - since)}"


_COLD_COLUMNS = ("contact_id", "contact__code", "contact__first_name", "contact__last_name",
                 "contact__email", "contact__phone")  # fmt: skip


def cold_by_key(member: Member, key: str) -> Cold | None:
    """The prospect gone cold ("rest:<chaser>") or contact lost ("lost:<exit enrollment>") that
    the agenda placed (the latest of the last week: `plans.agenda.NEXT_SQL`); one read."""
    what, _, code = key.partition(":")
    if what == "rest":
        found = (
            Chaser.objects.filter(owner=member, code=code, state=ChaserState.RESTING)
            .values_list("ended_at", *_COLD_COLUMNS, "suggested")
            .first()
        )
        why = "{name} has gone quiet; you let it rest."
    elif what == "lost":
        found = (
            Enrollment.objects.filter(owner=member, code=code, plan__kind=PlanKind.EXIT)
            .values_list("started_at", *_COLD_COLUMNS, "suggested")
            .first()
        )
        why = "{name} was lost."
    else:
        return None
    if found is None or found[0] is None:
        return None
    at, contact_id, contact_code, first, last, email, phone, suggested = found
    name = contact_name(first, last, email, phone)
    return Cold(key, contact_id, contact_code, name, at, why.format(name=name), suggested)


def next_prospects(member: Member, *, now: datetime, exclude: int | None = None) -> list[Pick]:
    """Open prospects of the member, best first: a nurture touch due, a reply owed, then the
    longest silence. Those being chased, or rested lately, wait their turn."""
    return [f.pick(now) for f in next_facts(member, now=now, exclude=exclude)]


def picks_for(member: Member, cold: Cold, *, now: datetime) -> list[Pick]:
    """The picks stored when it went cold, worded now; worked out now if none were stored."""
    stored = stored_picks(cold.suggested, member)
    if stored is None:
        return next_prospects(member, now=now, exclude=cold.contact_id)
    return [f.pick(now) for f in stored]


def suggestion(member: Member | None, *, now: datetime, exclude: int | None) -> dict[str, Any]:
    """What a row stores when it goes cold (JSON): the owner and the facts of each pick."""
    if member is None:
        return {"owner": None, "picks": []}
    facts = next_facts(member, now=now, exclude=exclude)
    return {
        "owner": member.pk,
        "picks": [
            {
                "code": f.code,
                "name": f.name,
                "why": f.why,
                "since": f.since.isoformat(),
                "rank": list(f.rank),
            }
            for f in facts
        ],
    }


def stored_picks(suggested: Any, member: Member) -> list[Fact] | None:
    """The facts stored on a cold row, if they were stored for this member."""
    if not isinstance(suggested, dict) or suggested.get("owner") != member.pk:
        return None
    return [
        Fact(
            p["code"],
            p["name"],
            p["why"],
            datetime.fromisoformat(p["since"]),
            (int(p["rank"][0]), float(p["rank"][1])),
        )
        for p in suggested.get("picks", [])
    ]


def store_missing_suggestions(*, now: datetime) -> int:
    """Cold rows of the last week without stored picks (rested by the sweep, or from before):
    work theirs out as of `now`. Idempotent: a second run finds none."""
    since = now - COLD_WINDOW
    n = 0
    rested = Chaser.objects.filter(
        state=ChaserState.RESTING, ended_at__gte=since, suggested__isnull=True, owner__isnull=False
    ).select_related("owner")
    for chaser in rested:
        chaser.suggested = suggestion(chaser.owner, now=now, exclude=chaser.contact_id)
        Chaser.objects.filter(pk=chaser.pk).update(suggested=chaser.suggested)
        n += 1
    lost = Enrollment.objects.filter(
        plan__kind=PlanKind.EXIT, started_at__gte=since, suggested__isnull=True,
        owner__isnull=False,
    ).select_related("owner")  # fmt: skip
    for e in lost:
        e.suggested = suggestion(e.owner, now=now, exclude=e.contact_id)
        Enrollment.objects.filter(pk=e.pk).update(suggested=e.suggested)
        n += 1
    return n


def next_facts(member: Member, *, now: datetime, exclude: int | None = None) -> list[Fact]:
    """`next_prospects`, as the facts its reasons are worded from."""
    due = dict(
        Enrollment.objects.filter(
            owner=member,
            next_due_at__lte=now,
            state="active",
            plan__kind=PlanKind.NURTURE,
            contact__stage=Stage.PROSPECT,
        ).values_list("contact_id", "next_due_at")[:POOL]
    )
    prospects = Contact.objects.filter(
        owner=member, stage=Stage.PROSPECT, do_not_contact=False, archived_at__isnull=True
    ).values_list(
        "id",
        "code",
        "first_name",
        "last_name",
        "email",
        "phone",
        "owed_reply_since",
        "last_two_way_at",
        "created_at",
    )
    picks: list[Fact] = []
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
            why, since = "due", due[pk] or now
            rank = (0, since.timestamp())
        elif owed is not None:
            why, since, rank = "owed", owed, (1, owed.timestamp())
        elif last_two_way is None:
            why, since, rank = "never", created, (2, created.timestamp() - 1e10)
        else:
            why, since, rank = "quiet", last_two_way, (2, last_two_way.timestamp())
        picks.append(Fact(code, name, why, since, rank))
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
