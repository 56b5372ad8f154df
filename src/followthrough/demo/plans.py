"""The demo's follow-up plans and chasers, so Today and the plans pages are lived in: a
nurture touch due, a birthday greeting due today, a chaser on its second try, and chosen
accounts on stay in touch across green, amber and red.

Delivered first orders have already started after-purchase plans (the orders' completion
hook); the sweep at the end enrolls dated customers in greetings and lost ones in the exit
conversation, as the worker would.
"""

from __future__ import annotations

import random
from datetime import timedelta

from followthrough.contacts.models import CallOutcome, Contact, Direction, Kind, Stage
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.demo.context import DemoContext, Profile
from followthrough.demo.hours import working_moment
from followthrough.plans.models import PlanKind
from followthrough.plans.services import builtin_plan, enrollment_start
from followthrough.plans.sweep import plans_sweep
from followthrough.workspaces.models import Member, Role

DAY = timedelta(days=1)


def add_plans(ctx: DemoContext) -> None:
    for member in ctx.members.values():
        if member.role != Role.REP:
            continue
        mine = [p for p in ctx.profiles if p.owner.pk == member.pk and p.do_not_contact_at is None]
        _nurture(ctx, mine)
        _chaser(ctx, member, mine, ctx.rng(f"plans:{ctx.member_key(member)}"))
        _birthday(ctx, mine)
        _stay_in_touch(ctx, mine)
    plans_sweep(now=ctx.now)


def _fresh(profiles: list[Profile], stage: str, taken: set[int]) -> list[Contact]:
    out = []
    for p in profiles:
        c = p.contact
        c.refresh_from_db()
        if c.stage == stage and c.pk not in taken and not c.enrollments.exists():
            out.append(c)
    return out


def _nurture(ctx: DemoContext, mine: list[Profile]) -> None:
    plan = builtin_plan(ctx.workspace_id, PlanKind.NURTURE)
    for contact in _fresh(mine, Stage.PROSPECT, set())[:2]:
        enrollment_start(contact=contact, plan=plan, now=ctx.now - 4 * DAY)  # type: ignore[arg-type]


def _chaser(ctx: DemoContext, member: Member, mine: list[Profile], rng: random.Random) -> None:
    """A prospect who hasn't returned two calls: the next try is due, two tries left."""
    candidates = [c for c in _fresh(mine, Stage.PROSPECT, set()) if c.owed_reply_since is None]
    if not candidates:
        return
    contact = candidates[-1]
    first = working_moment(member, ctx.now - 9 * DAY, rng)
    for at in (first, working_moment(member, first + 2 * DAY, rng)):
        interaction_log(
            contact=contact,
            member=member,
            data=InteractionData(
                kind=Kind.CALL,
                direction=Direction.OUTBOUND,
                occurred_at=at,
                subject="Following up on the test ride",
                call_outcome=CallOutcome.NO_ANSWER,
            ),
        )


def _birthday(ctx: DemoContext, mine: list[Profile]) -> None:
    customers = _fresh(mine, Stage.CUSTOMER, set())
    if not customers:
        return
    contact = customers[0]
    contact.birthday = ctx.now.date().replace(year=1984)
    contact.save(update_fields=["birthday", "updated_at"])
    plan = builtin_plan(ctx.workspace_id, PlanKind.GREETINGS)
    enrollment_start(contact=contact, plan=plan, now=ctx.now - DAY)  # type: ignore[arg-type]


def _stay_in_touch(ctx: DemoContext, mine: list[Profile]) -> None:
    """Three to five chosen accounts, quietest first, so the list shows every colour."""
    plan = builtin_plan(ctx.workspace_id, PlanKind.STAY_IN_TOUCH)
    customers = [p.contact for p in mine if p.contact.stage == Stage.CUSTOMER]
    customers.sort(key=lambda c: c.last_two_way_at or ctx.now - 400 * DAY)
    for contact in customers[:5]:
        if contact.enrollments.filter(plan=plan, state="active").exists():
            continue
        enrollment_start(contact=contact, plan=plan, now=ctx.now - 90 * DAY)  # type: ignore[arg-type]
