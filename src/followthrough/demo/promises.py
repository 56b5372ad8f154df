"""The demo's promise ledger: each rep's last two months of promises, and a lived-in Today.

Everything goes through the ledger's services at the time it happened, so credibility,
kept-rates and history read exactly as they would in real use: most promises kept, a few
broken (most dealt with late), some renegotiated in time, one released; today a promise due
within the hour, more due later, one broken this morning and not yet dealt with, and a
customer's promise that has slipped.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from followthrough.commitments.models import Commitment, FulfilledBy, Side
from followthrough.commitments.services import (
    commitment_create,
    commitment_keep,
    commitment_release,
    commitment_renegotiate,
    commitments_sweep,
)
from followthrough.demo.context import DemoContext, Profile
from followthrough.workspaces.models import Member, Role

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
HISTORY_DAYS = 60

OURS = [
    "call back with pricing for the {item}",
    "send the quote for the {item}",
    "check stock on the {item} and call back",
    "email the service checklist",
    "confirm the delivery date",
    "send the payment-plan options",
    "book the test ride",
]
THEIRS = ["deposit for the {item}", "signed order form", "bring the {item} in for a check"]
LEADS = [10 * 60, 45 * 60, 3 * 3600, 26 * 3600, 3 * 86400]


def add_promises(ctx: DemoContext) -> None:
    rng = ctx.rng("promises")
    for member in ctx.members.values():
        if member.role != Role.REP:
            continue
        profiles = [
            p for p in ctx.profiles if p.owner.pk == member.pk and p.do_not_contact_at is None
        ]
        if len(profiles) < 3:
            continue
        _history(member, profiles, rng, now=ctx.now)
        _today(member, profiles, rng, now=ctx.now)
    commitments_sweep(now=ctx.now)


def _what(rng: random.Random, p: Profile, side: str = Side.OURS) -> str:
    return rng.choice(THEIRS if side == Side.THEIRS else OURS).format(item=p.item)


def _make(
    member: Member,
    p: Profile,
    *,
    at: datetime,
    lead: timedelta,
    what: str,
    side: str = Side.OURS,
    fulfilled_by: str = "",
) -> Commitment:
    return commitment_create(
        owner=member,
        contact=p.contact,
        what=what,
        due_at=at + lead,
        now=at,
        actor=member,
        side=side,
        fulfilled_by=fulfilled_by,
    )


def _history(member: Member, profiles: list[Profile], rng: random.Random, *, now: datetime) -> None:
    """About three promises a week for two months, in time order."""
    start = now - HISTORY_DAYS * DAY
    moments = sorted(start + timedelta(seconds=rng.randrange(55 * 86400)) for _ in range(26))
    for at in moments:
        p = rng.choice(profiles)
        lead = timedelta(seconds=rng.choice(LEADS))
        c = _make(member, p, at=at, lead=lead, what=_what(rng, p))
        roll = rng.random()
        if roll < 0.78:  # kept, somewhere before the due time
            commitment_keep(commitment=c, actor=member, now=at + lead * rng.uniform(0.2, 0.95))
        elif roll < 0.88:  # broken, then done late
            late = timedelta(minutes=rng.randrange(20, 600))
            commitment_keep(commitment=c, actor=member, now=at + lead + late)
        elif roll < 0.97:  # renegotiated in time, then kept
            told = at + lead * 0.5
            new = commitment_renegotiate(
                commitment=c, actor=member, now=told, new_due_at=at + lead + DAY, told=True
            )
            commitment_keep(commitment=new, actor=member, now=at + lead + DAY * 0.8)
        else:
            commitment_release(
                commitment=c, actor=member, now=at + lead * 0.3, reason="They bought elsewhere."
            )


def _today(member: Member, profiles: list[Profile], rng: random.Random, *, now: datetime) -> None:
    a, b, c, *rest = rng.sample(profiles, k=min(len(profiles), 5))
    # Broken this morning, not yet dealt with: top of Today.
    _make(member, a, at=now - 5 * HOUR, lead=3 * HOUR, what=_what(rng, a))
    # Due within the hour, kept by itself when the call is logged.
    _make(
        member,
        b,
        at=now - 20 * timedelta(minutes=1),
        lead=50 * timedelta(minutes=1),
        what=f"call {b.contact.first_name or 'them'} back about the {b.item}",
        fulfilled_by=FulfilledBy.CALL,
    )
    # Later today and this week.
    _make(member, c, at=now - 2 * HOUR, lead=6 * HOUR, what=_what(rng, c))
    _make(member, a, at=now - DAY, lead=3 * DAY, what=_what(rng, a))
    # The customer's promise that slipped yesterday (chase politely), and one still ahead.
    _make(member, c, at=now - 4 * DAY, lead=3 * DAY, what=_what(rng, c, Side.THEIRS), side="theirs")
    if rest:
        d = rest[0]
        _make(member, d, at=now - DAY, lead=2 * DAY, what=_what(rng, d, Side.THEIRS), side="theirs")
