"""The tables of the scale data set, generated in order (see bench/scale_load.py).

Every value a feature reads is what the app would have written: search keys come from
followthrough.contacts.keys, and the stored timeline state (Contact.owed_reply_since,
last_inbound_at, last_outbound_at, last_two_way_at; Interaction.reply_owed, replied_at) follows
asks_for_reply / answers_them / is_two_way from followthrough.contacts.services, applied to each
contact's timeline in time order as interaction_log would have.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.hashers import make_password

from bench.scale_load import (
    CONTACT_DAYS,
    DAY,
    PASSWORD,
    WINDOW_DAYS,
    WORKSPACE_NAME,
    Load,
    cumulative,
    generator,
)
from bench.scale_words import (
    BODIES,
    COMPANY_FIRST,
    COMPANY_SECOND,
    COMPANY_SUFFIX,
    FIRST_NAMES,
    FREE_MAIL,
    LAST_NAMES,
    SUBJECTS,
    TIMEZONES,
    TITLES,
    TLDS,
)
from followthrough.contacts import keys
from followthrough.contacts.models import (
    CallOutcome,
    Company,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
    Stage,
    StageChange,
)
from followthrough.contacts.services import (
    InteractionData,
    answers_them,
    asks_for_reply,
    is_two_way,
)
from followthrough.workspaces.models import Member, Role, User, Workspace

PROSPECT, CUSTOMER, LOST = str(Stage.PROSPECT), str(Stage.CUSTOMER), str(Stage.LOST)
CALL, INBOUND, OUTBOUND = str(Kind.CALL), str(Direction.INBOUND), str(Direction.OUTBOUND)

# (kind, direction, call outcome, meeting outcome, weight): the everyday mix of a timeline.
MIX: list[tuple[str, str, str, str, float]] = [
    (Kind.EMAIL, Direction.INBOUND, "", "", 16),
    (Kind.EMAIL, Direction.OUTBOUND, "", "", 20),
    (Kind.MESSAGE, Direction.INBOUND, "", "", 7),
    (Kind.MESSAGE, Direction.OUTBOUND, "", "", 8),
    (Kind.CALL, Direction.OUTBOUND, CallOutcome.CONNECTED, "", 9),
    (Kind.CALL, Direction.OUTBOUND, CallOutcome.VOICEMAIL, "", 5),
    (Kind.CALL, Direction.OUTBOUND, CallOutcome.NO_ANSWER, "", 5),
    (Kind.CALL, Direction.INBOUND, CallOutcome.CONNECTED, "", 4),
    (Kind.CALL, Direction.INBOUND, CallOutcome.VOICEMAIL, "", 2),
    (Kind.MEETING, Direction.OUTBOUND, "", MeetingOutcome.HELD, 6),
    (Kind.MEETING, Direction.OUTBOUND, "", MeetingOutcome.NO_SHOW, 1),
    (Kind.MEETING, Direction.OUTBOUND, "", MeetingOutcome.CANCELLED, 1),
    (Kind.MEETING, Direction.OUTBOUND, "", MeetingOutcome.RESCHEDULED, 1),
    (Kind.NOTE, Direction.INTERNAL, "", "", 15),
]
# How we answer each kind of ask (positions in MIX): an email with an email, a voicemail
# with a call that gets through.
ANSWER_FOR = {str(Kind.EMAIL): 1, str(Kind.MESSAGE): 3, str(Kind.CALL): 4}
ANSWER_RATE = 0.85  # an ask is usually answered by the next entry on the timeline
LEFT_OWED_RATE = 0.15  # the last ask of a timeline, if older than a few days, stays owed


@dataclass(frozen=True)
class Combo:
    kind: str
    direction: str
    call_outcome: str
    meeting_outcome: str
    asks: bool
    answers: bool
    two_way: bool


def combos(at: datetime) -> list[Combo]:
    """The mix, each with its reply rules decided by the app's own functions."""
    out = []
    for kind, direction, call, meeting, _ in MIX:
        data = InteractionData(
            kind=kind,
            direction=direction,
            occurred_at=at,
            call_outcome=call,
            meeting_outcome=meeting,
        )
        rules = (asks_for_reply(data), answers_them(data), is_two_way(data))
        out.append(Combo(str(kind), str(direction), str(call), str(meeting), *rules))
    return out


def _ascii(text: str) -> str:
    return "".join(ch for ch in keys.fold(text) if ch.isalnum())


def _phone(rng: random.Random) -> str:
    n = rng.randrange(10_000_000)
    r = rng.random()
    if r < 0.45:
        return f"({rng.randrange(201, 990)}) {n // 10_000 % 1000:03d}-{n % 10_000:04d}"
    if r < 0.65:
        return f"+1 {rng.randrange(201, 990)}-{n // 10_000 % 1000:03d}-{n % 10_000:04d}"
    if r < 0.80:
        return f"+44 {rng.choice(['20', '161', '117', '7700'])} {n // 1000:04d} {n % 1000:03d}"
    if r < 0.92:
        return f"0{rng.choice(['30', '40', '89', '171', '160'])} {n:07d}"
    return (
        f"+33 {rng.randrange(1, 8)} {n // 100_000 % 100:02d} {n // 1000 % 100:02d} {n % 1000:03d}"
    )


# The generators, in order --------------------------------------------------------------------


@generator(
    "members", size="members", default=50, help="members; the first is a manager", counts=Member
)
def gen_members(load: Load) -> int:
    rng, w, now = load.rng, load.writer, load.now_s
    start = now - (CONTACT_DAYS + 30) * DAY
    load.workspace_id = w.next_id(Workspace)
    w.insert(
        Workspace,
        ["id", "code", "name", "created_at", "updated_at"],
        [(load.workspace_id, load.codes(1)[0], WORKSPACE_NAME, load.ts(start), load.ts(start))],
    )
    n = load.sizes["members"]
    if n < 1:
        raise ValueError("--members must be at least 1 (the manager)")
    password = make_password(PASSWORD)
    first_user, first_member = w.next_id(User), w.next_id(Member)
    users: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    used: set[str] = set()
    member_codes = load.codes(n)
    tokens = [rng.randbytes(24).hex() for _ in range(n)]  # secret, like new_token()
    for i in range(n):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}@scale-co.test"
        while email in used:
            email = f"{_ascii(first)}.{_ascii(last)}{len(used)}@scale-co.test"
        used.add(email)
        at = load.ts(start + i * 3600)
        users.append((first_user + i, password, first, last, email, at))
        members.append(
            (
                first_member + i,
                member_codes[i],
                at,
                at,
                load.workspace_id,
                first_user + i,
                f"{first} {last}",
                str(Role.MANAGER if i == 0 else Role.REP),
                rng.choice(TIMEZONES),
                tokens[i],
            )
        )
    w.insert(User, ["id", "password", "first_name", "last_name", "email", "date_joined"], users)
    w.insert(
        Member,
        ["id", "code", "created_at", "updated_at", "workspace_id", "user_id", "display_name",
         "role", "timezone", "calendar_token"],
        members,
    )  # fmt: skip
    load.member_ids = [m[0] for m in members]
    return 1 + 2 * n


@generator(
    "companies",
    size="companies",
    default=lambda sizes: max(1, sizes.get("contacts", 100_000) * 8 // 100),
    help="companies the contacts work for (default: 8 per 100 contacts)",
    bulk=(Company,),
)
def gen_companies(load: Load) -> int:
    rng, w = load.rng, load.writer
    want = load.sizes["companies"]
    first_id = w.next_id(Company)
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    names_codes = load.codes(want)
    attempts = 0
    while len(rows) < want:
        attempts += 1
        name = f"{rng.choice(COMPANY_FIRST)} {rng.choice(COMPANY_SECOND)}"
        suffix = rng.choice(COMPANY_SUFFIX)
        if suffix:
            name = f"{name} {suffix}"
        if attempts > want * 3:
            name = f"{name} {attempts}"  # the word lists ran out of fresh combinations
        key = keys.fold(name)[:200]
        if key in seen:
            continue
        seen.add(key)
        domain = f"{_ascii(name.rsplit(' ', 1)[0] if suffix else name)}.{rng.choice(TLDS)}"
        at = load.ts(load.now_s - rng.randrange(CONTACT_DAYS) * DAY)
        i = len(rows)
        rows.append((first_id + i, names_codes[i], at, at, load.workspace_id, name, key, domain))
        load.company_ids.append(first_id + i)
        load.company_names.append(name)
        load.company_domains.append(domain)
    return w.insert(
        Company,
        ["id", "code", "created_at", "updated_at", "workspace_id", "name", "name_key", "website"],
        rows,
    )


CONTACT_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace_id", "first_name", "last_name", "email",
    "phone", "company_id", "title", "stage", "owner_id", "referred_by_id", "birthday",
    "customer_since", "guidance", "preferred_channel", "do_not_contact", "archived_at",
    "sort_key", "first_key", "company_key", "phone_key",
]  # fmt: skip


@generator("contacts", size="contacts", default=100_000, help="contacts", bulk=(Contact,))
def gen_contacts(load: Load) -> int:
    n = load.sizes["contacts"]
    first_id = load.writer.next_id(Contact)
    return load.writer.insert(Contact, CONTACT_FIELDS, _contact_rows(load, n, first_id))


def _contact_rows(load: Load, n: int, first_id: int) -> Iterable[tuple[Any, ...]]:
    rng, now, plan = load.rng, load.now_s, load.contacts
    members = load.member_ids
    owner_weights = cumulative([0.3] + [rng.uniform(0.5, 1.5) for _ in members[1:]])
    n_companies = len(load.company_ids)
    emails: set[str] = set()
    contact_codes = load.codes(n)
    stages = [PROSPECT, CUSTOMER, LOST]
    stage_cum = cumulative([50, 40, 10])
    # Added over two years, oldest first, so ids grow with created_at as in real life.
    created = sorted(now - rng.randrange(CONTACT_DAYS * DAY) for _ in range(n))
    for i in range(n):
        cid = first_id + i
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if rng.random() < 0.02:
            first = ""  # a few known only by surname (or, below, only by email)
        company_i = int(n_companies * rng.random() ** 2) if rng.random() < 0.85 else None
        email = ""
        if rng.random() < 0.95:
            domain = (
                load.company_domains[company_i] if company_i is not None else rng.choice(FREE_MAIL)
            )
            local = f"{_ascii(first)}.{_ascii(last)}".strip(".") or "info"
            email = f"{local}@{domain}"
            k = 1
            while email in emails:
                k += 1
                email = f"{local}{k}@{domain}"
            emails.add(email)
        if rng.random() < 0.01 and email:
            first = last = ""
        phone = _phone(rng) if rng.random() < 0.9 else ""
        stage = load.pick_weighted(stages, stage_cum)
        made = created[i]
        customer_at = lost_at = None
        was_customer = stage == CUSTOMER or (stage == LOST and rng.random() < 0.6)
        if was_customer:
            customer_at = made + rng.randrange(max(1, (now - made) * 2 // 3))
        if stage == LOST:
            after = customer_at if customer_at is not None else made
            lost_at = after + rng.randrange(max(1, now - after))
        owner = load.pick_weighted(members, owner_weights) if rng.random() < 0.97 else None
        referred = first_id + rng.randrange(i) if i and rng.random() < 0.05 else None
        company_name = load.company_names[company_i] if company_i is not None else ""
        plan.ids.append(cid)
        plan.owner_ids.append(owner)
        plan.stages.append(stage)
        plan.created.append(made)
        plan.customer_at.append(customer_at)
        plan.lost_at.append(lost_at)
        plan.was_customer.append(was_customer)
        at = load.ts(made)
        yield (
            cid,
            contact_codes[i],
            at,
            at,
            load.workspace_id,
            first,
            last,
            email,
            phone,
            load.company_ids[company_i] if company_i is not None else None,
            rng.choice(TITLES) if rng.random() < 0.6 else "",
            stage,
            owner,
            referred,
            f"{rng.randrange(1950, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            if rng.random() < 0.3
            else None,
            load.date(customer_at) if customer_at is not None else None,
            rng.choice(["", "", "coaching", "low_touch"]),
            rng.choice(["", "", "", "email", "phone", "message", "meeting"]),
            rng.random() < 0.01,
            load.ts(now - rng.randrange(30 * DAY)) if rng.random() < 0.02 else None,
            keys.sort_key(first, last, email)[:210],
            keys.first_key(first, last)[:210],
            keys.fold(company_name)[:200],
            keys.phone_digits(phone)[:40],
        )


INTERACTION_FIELDS = [
    "id", "code", "created_at", "updated_at", "workspace_id", "contact_id", "member_id", "kind",
    "direction", "occurred_at", "subject", "body", "call_outcome", "meeting_outcome",
    "in_reply_to_id", "thread_key", "message_id", "reply_owed", "replied_at",
]  # fmt: skip


@generator(
    "interactions",
    size="interactions",
    default=1_000_000,
    help="timeline entries, spread over 18 months",
    bulk=(Interaction,),
)
def gen_interactions(load: Load) -> int:
    total = load.sizes["interactions"]
    counts = _interaction_counts(load, total)
    first_id = load.writer.next_id(Interaction)
    return load.writer.insert(
        Interaction, INTERACTION_FIELDS, _interaction_rows(load, counts, first_id)
    )


def _interaction_counts(load: Load, total: int) -> list[int]:
    """Skewed: customers have long timelines, some prospects none at all."""
    rng, plan = load.rng, load.contacts
    if not plan.ids:
        if total:
            raise ValueError("interactions need contacts: pass --contacts above 0")
        return []
    base = {PROSPECT: 0.6, CUSTOMER: 1.8, LOST: 1.0}
    weights = [0.0 if rng.random() < 0.08 else base[s] * rng.expovariate(1.0) for s in plan.stages]
    scale = total / (sum(weights) or 1.0)
    counts = [int(w * scale) for w in weights]
    for _ in range(total - sum(counts)):
        counts[rng.randrange(len(counts))] += 1
    return counts


def _interaction_rows(load: Load, counts: list[int], first_id: int) -> Iterable[tuple[Any, ...]]:
    rng, now, ws, ts = load.rng, load.now_s, load.workspace_id, load.ts
    plan, members = load.contacts, load.member_ids
    mix = combos(load.now)
    mix_cum = cumulative(m[4] for m in MIX)
    window_start = now - WINDOW_DAYS * DAY
    next_id = first_id
    code_pool: list[str] = []
    state = load.contact_state
    for pos, n in enumerate(counts):
        if n == 0:
            continue
        contact_id, owner = plan.ids[pos], plan.owner_ids[pos]
        # Strictly increasing times below `now`: ties would make the order of an ask and its
        # answer ambiguous, and nothing has happened yet after `now`.
        lo = min(max(plan.created[pos], window_start), now - 2 * n - 2)
        slots = sorted(lo + rng.randrange(now - n - 1 - lo) for _ in range(n))
        rows: list[list[Any]] = []
        pending: list[list[Any]] = []  # asks not yet answered, oldest first
        last_in = last_out = last_two = None
        prev_t, prev = lo - 1, None
        for k, t in enumerate(slots):
            combo = load.pick_weighted(mix, mix_cum)
            reply_to = None
            if prev is not None and prev.asks and rng.random() < ANSWER_RATE:
                combo = mix[ANSWER_FOR[prev.kind]]  # answered before the next thing happens
                t = min(t, prev_t + 300 + int(rng.expovariate(1 / 14_400)))
                reply_to = rows[-1][0] if prev.kind != CALL else None
            last_is_old_ask = k == n - 1 and combo.asks and t < now - 3 * DAY
            if last_is_old_ask and rng.random() > LEFT_OWED_RATE:
                combo = mix[ANSWER_FOR[combo.kind]]  # an old last ask was answered
            t = max(t, prev_t + 1)
            if not code_pool:
                code_pool = load.codes(50_000)
            at = ts(t)
            row = [
                next_id, code_pool.pop(), at, at, ws, contact_id,
                owner if owner is not None and rng.random() < 0.9 else rng.choice(members),
                combo.kind, combo.direction, at,
                rng.choice(SUBJECTS[combo.kind]) if combo.kind != CALL or k % 2 else "",
                rng.choice(BODIES), combo.call_outcome, combo.meeting_outcome, reply_to, "", "",
                False, None,
            ]  # fmt: skip
            next_id += 1
            rows.append(row)
            if combo.asks:
                pending.append(row)
            if combo.answers:
                for asked in pending:
                    asked[18] = at  # replied_at, as interaction_log records it
                pending = []
            if combo.direction == INBOUND:
                last_in = at
            elif combo.direction == OUTBOUND:
                last_out = at
            if combo.two_way:
                last_two = at
            prev_t, prev = t, combo
        for asked in pending:
            asked[17] = True  # still owed a reply
        owed = pending[0][9] if pending else None
        state.append((owed, last_in, last_out, last_two, rows[-1][9], contact_id))
        for row in rows:
            yield tuple(row)


@generator("contact state", help="stored reply-owed and last-touch state")
def gen_contact_state(load: Load) -> int:
    fields = [
        "owed_reply_since", "last_inbound_at", "last_outbound_at", "last_two_way_at", "updated_at"
    ]  # fmt: skip
    n = load.writer.update(Contact, fields, load.contact_state)
    load.contact_state = []
    return n


@generator("stage changes", help="each contact's lifecycle history", bulk=(StageChange,))
def gen_stage_changes(load: Load) -> int:
    plan, rng, ts = load.contacts, load.rng, load.ts
    first_id = load.writer.next_id(StageChange)

    def rows() -> Iterable[tuple[Any, ...]]:
        next_id = first_id
        reasons = ["", "", "Chose a competitor", "Price", "Decided to do nothing", "Moved away"]
        for i, cid in enumerate(plan.ids):
            by = plan.owner_ids[i]
            steps = [("", PROSPECT, plan.created[i], "")]
            customer_at, lost_at = plan.customer_at[i], plan.lost_at[i]
            if customer_at is not None:
                steps.append((PROSPECT, CUSTOMER, customer_at, "First order"))
            if lost_at is not None:
                before = CUSTOMER if plan.was_customer[i] else PROSPECT
                steps.append((before, LOST, lost_at, rng.choice(reasons)))
            for from_stage, to_stage, t, reason in steps:
                at = ts(t)
                yield (
                    next_id,
                    at,
                    at,
                    load.workspace_id,
                    cid,
                    from_stage,
                    to_stage,
                    at,
                    by,
                    reason,
                )
                next_id += 1

    fields = ["id", "created_at", "updated_at", "workspace_id", "contact_id", "from_stage",
              "to_stage", "at", "by_id", "reason"]  # fmt: skip
    return load.writer.insert(StageChange, fields, rows())
