"""The promise ledger of the scale data set: 200k commitments, their events, credibility.

Each member made promises to their own contacts over the 18 months of the timeline: most kept,
some broken (most of those dealt with later), some renegotiated or released, a few still open
ahead of `now`, and a small backlog still open past their due time, as if the worker had been
down for a while (what the sweep benchmark breaks). Stored state (`attention_at`, `closed_at`,
`settled_at`, `late_seconds`) is what the services would have written, and each member's
credibility is `credibility.score_of` folded over their outcomes in time order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from bench.scale_load import DAY, WINDOW_DAYS, Load, cumulative, generator
from followthrough.commitments import credibility
from followthrough.commitments.models import (
    Commitment,
    CommitmentEvent,
    Credibility,
    EventKind,
    Side,
    State,
)

# (state, weight) of promises whose time is past, and the share of broken ones dealt with.
PAST_STATES = [
    (State.KEPT, 80.0),
    (State.BROKEN, 9.0),
    (State.RENEGOTIATED, 7.0),
    (State.RELEASED, 2.0),
    (State.OPEN, 1.0),  # past due, not yet swept: the sweep benchmark's backlog
]
SETTLED_SHARE = 0.9
FUTURE_SHARE = 0.02  # open, due ahead of now (most within the next two weeks)
THEIRS_SHARE = 0.15
# How far ahead promises are made: minutes, hours, days, weeks.
LEADS = [(600, 7200, 30.0), (7200, DAY, 40.0), (DAY, 7 * DAY, 25.0), (7 * DAY, 30 * DAY, 5.0)]
WHAT = [
    "call back with pricing",
    "send the quote",
    "email the contract",
    "confirm the delivery date",
    "send the brochure",
    "check stock and call back",
    "book the follow-up meeting",
    "send the invoice copy",
]
THEIRS_WHAT = ["PO by Tuesday", "signed contract", "payment of the invoice", "call back"]
DUE_TEXT = ["in ten minutes", "by Friday", "tomorrow 3pm", "end of day", "next week", ""]
FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace", "owner", "contact", "side", "what",
    "made_at", "due_at", "due_text", "state", "fulfilled_by", "closed_at", "settled_at",
    "late_seconds", "attention_at",
]  # fmt: skip
EVENT_FIELDS = ["id", "workspace", "commitment", "kind", "at", "by", "due_at", "new_due_at", "note"]


def _default_commitments(sizes: dict[str, int]) -> int:
    """Two per contact: 200k at the scale set's 100k contacts."""
    return 2 * sizes.get("contacts", 0)


@generator(
    "commitments",
    size="commitments",
    default=_default_commitments,
    help="promises (ours and theirs) with their history; default 2 per contact",
    bulk=(Commitment, CommitmentEvent),
)
def gen_commitments(load: Load) -> int:
    n = load.sizes["commitments"]
    if n == 0:
        return 0
    contacts_of = _contacts_by_owner(load)
    if not contacts_of:
        raise ValueError("commitments need contacts with owners: pass --contacts above 0")
    rows, events, outcomes = _plan(load, n, contacts_of)
    written = load.writer.insert(Commitment, FIELDS, rows)
    load.writer.insert(CommitmentEvent, EVENT_FIELDS, events)
    _credibility(load, outcomes)
    return written


def _contacts_by_owner(load: Load) -> dict[int, list[int]]:
    by_owner: dict[int, list[int]] = defaultdict(list)
    for contact_id, owner in zip(load.contacts.ids, load.contacts.owner_ids, strict=True):
        if owner is not None:
            by_owner[owner].append(contact_id)
    return dict(by_owner)


def _plan(
    load: Load, n: int, contacts_of: dict[int, list[int]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[int, list[tuple[int, str]]]]:
    rng, now, ts, ws = load.rng, load.now_s, load.ts, load.workspace_id
    owners = sorted(contacts_of)
    first = load.writer.next_id(Commitment)
    event_id = load.writer.next_id(CommitmentEvent)
    codes = load.codes(n)
    states, cum = [s for s, _ in PAST_STATES], cumulative(w for _, w in PAST_STATES)
    leads, lead_cum = LEADS, cumulative(w for *_, w in LEADS)
    window = WINDOW_DAYS * DAY
    rows: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    outcomes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for k in range(n):
        pk = first + k
        owner = owners[k % len(owners)]
        contact = rng.choice(contacts_of[owner])
        side = Side.THEIRS if rng.random() < THEIRS_SHARE else Side.OURS
        lo, hi, _ = load.pick_weighted(leads, lead_cum)
        lead = rng.randrange(lo, hi)
        if rng.random() < FUTURE_SHARE:
            state = State.OPEN
            due = now + rng.randrange(600, 14 * DAY)
            made = max(now - lead, now - window)
        else:
            state = load.pick_weighted(states, cum)
            due = (
                now - rng.randrange(60, window)
                if state != State.OPEN
                else now - rng.randrange(60, 3 * DAY)
            )
            made = due - lead
        closed = settled = late = attention = None
        kinds: list[tuple[str, int, int | None]] = [(EventKind.MADE, made, owner)]
        if state == State.KEPT:
            closed = made + rng.randrange(max(1, due - made))
            late = 0
            kinds.append((EventKind.KEPT, closed, owner))
        elif state == State.BROKEN:
            closed = due
            kinds.append((EventKind.BROKEN, due, None))
            recent = due > now - 14 * DAY  # older broken promises were all dealt with
            if (not recent or rng.random() < SETTLED_SHARE) and due + 3600 < now:
                settled = min(now - 60, due + int(rng.expovariate(1 / (4 * 3600))) + 60)
                late = settled - due
                kinds.append((EventKind.DONE_LATE, settled, owner))
            else:
                attention = due
        elif state in (State.RENEGOTIATED, State.RELEASED):
            closed = made + rng.randrange(max(1, due - made))
            if state == State.RENEGOTIATED:
                late = rng.randrange(3600, 3 * DAY)
            kinds.append((state, closed, owner))
        else:
            attention = due
        code = codes[k]
        what = rng.choice(THEIRS_WHAT if side == Side.THEIRS else WHAT)
        last = max(t for _, t, _ in kinds)
        rows.append(
            (
                pk, code, ts(made), ts(last), ws, owner, contact, side, what,
                ts(made), ts(due), rng.choice(DUE_TEXT), state, "",
                ts(closed) if closed is not None else None,
                ts(settled) if settled is not None else None,
                late,
                ts(attention) if attention is not None else None,
            )
        )  # fmt: skip
        for kind, at, by in kinds:
            events.append((event_id, ws, pk, kind, ts(at), by, ts(due), None, ""))
            event_id += 1
        if side == Side.OURS and state in (State.KEPT, State.BROKEN) and closed is not None:
            outcomes[owner].append((closed, state))
    return rows, events, outcomes


def _credibility(load: Load, outcomes: dict[int, list[tuple[int, str]]]) -> None:
    first = load.writer.next_id(Credibility)
    now = load.ts(load.now_s)
    rows: list[tuple[Any, ...]] = []
    for n, (member, history) in enumerate(sorted(outcomes.items())):
        history.sort()
        kept = sum(1 for _, s in history if s == State.KEPT)
        rows.append(
            (
                first + n, now, now, member,
                credibility.score_of(s for _, s in history),
                kept, len(history) - kept, load.ts(history[-1][0]),
            )
        )  # fmt: skip
    fields = ["id", "created_at", "updated_at", "member", "score", "kept", "broken"]
    load.writer.insert(Credibility, [*fields, "last_outcome_at"], _rows(rows))


def _rows(rows: list[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    yield from rows
