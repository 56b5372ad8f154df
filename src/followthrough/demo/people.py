"""The demo's contacts and companies, created through the contact services.

About 300 people: prospects, customers (some new this quarter, some for years) and a few
lost ones with the reason in their stage history; referrals, birthdays, preferences.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from followthrough.contacts.models import Channel, Guidance, Stage
from followthrough.contacts.services import ContactData, contact_create, contact_set_stage
from followthrough.demo.context import DemoContext, Profile
from followthrough.demo.hours import random_moment, working_moment
from followthrough.demo.texts import (
    COMPANIES,
    FIRST_NAMES,
    ITEMS,
    LAST_NAMES,
    LOST_REASONS,
    REFERRAL_PARTNERS,
)
from followthrough.workspaces.models import Member

# How many contacts each member owns (300 in all).
CONTACTS_PER_MEMBER = {"maya": 24, "sam": 74, "priya": 70, "tom": 66, "jess": 66}
PERSONAL_DOMAINS = ["mail.test", "inbox.test", "post.test", "webmail.test"]
AREA_CODES = {"maya": "206", "sam": "206", "priya": "303", "tom": "312", "jess": "617"}
UPCOMING_BIRTHDAYS = 6
DO_NOT_CONTACT = 4


@dataclass
class _Plan:
    """A contact before it exists: who, whose, and when things happened to them."""

    data: ContactData
    owner: Member
    topic: str
    item: str
    price: int
    first_seen: datetime
    customer_at: datetime | None
    lost_at: datetime | None
    lost_reason: str


def add_contacts(ctx: DemoContext) -> None:
    rng = ctx.rng("contacts")
    plans = _plan_contacts(ctx, rng)
    _add_birthdays(ctx, plans, rng)
    _add_do_not_contact(plans, rng)
    plans.sort(key=lambda p: p.first_seen)
    _add_referrals(plans, rng)
    for plan in plans:
        referrer = plan.data.extra.pop("referrer_index", None)
        if referrer is not None:
            plan.data.referred_by = ctx.profiles[referrer].contact
        contact = contact_create(
            workspace=ctx.manager.workspace,
            data=plan.data,
            actor=plan.owner,
            now=plan.first_seen,
            stage=Stage.PROSPECT,
        )
        ctx.profiles.append(
            Profile(
                contact=contact,
                owner=plan.owner,
                topic=plan.topic,
                item=plan.item,
                price=plan.price,
                first_seen=plan.first_seen,
                customer_at=plan.customer_at,
                lost_at=plan.lost_at,
                lost_reason=plan.lost_reason,
            )
        )


def add_stage_history(ctx: DemoContext) -> None:
    """Prospect → customer at the moment it happened (lost comes with its reason: demo/lost.py)."""
    for profile in ctx.profiles:
        if profile.customer_at is not None:
            contact_set_stage(
                contact=profile.contact,
                stage=Stage.CUSTOMER,
                actor=profile.owner,
                now=profile.customer_at,
            )


def _plan_contacts(ctx: DemoContext, rng: random.Random) -> list[_Plan]:
    names = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], k=300)
    plans: list[_Plan] = []
    for key, count in CONTACTS_PER_MEMBER.items():
        owner = ctx.members[key]
        topic = ctx.topics[key]
        companies = [c for c in COMPANIES if c[1] == topic]
        for _ in range(count):
            first, last = names[len(plans)]
            plans.append(_plan_one(ctx, rng, owner, key, topic, companies, first, last))
    return plans


def _plan_one(
    ctx: DemoContext,
    rng: random.Random,
    owner: Member,
    key: str,
    topic: str,
    companies: list[tuple[str, str, list[str]]],
    first: str,
    last: str,
) -> _Plan:
    company = ""
    title = ""
    if companies and (topic == "fleet" or rng.random() < 0.25):
        company, _, titles = rng.choice(companies)
        title = rng.choice(titles)
    domain = _domain(company) if company else rng.choice(PERSONAL_DOMAINS)
    handle = f"{first}.{last}".lower().replace("'", "")
    has_email = rng.random() < 0.95
    item, price = rng.choice(ITEMS[topic])
    stage = rng.choices([Stage.PROSPECT, Stage.CUSTOMER, Stage.LOST], weights=[45, 45, 10])[0]
    first_seen, customer_at, lost_at = _story_dates(ctx.now, stage, rng)
    reason = ""
    if lost_at is not None:
        category, verbatim, _ = rng.choice(LOST_REASONS)
        reason = f"{category}: {verbatim}"
    data = ContactData(
        first_name=first,
        last_name=last,
        email=f"{handle}@{domain}" if has_email else "",
        phone=f"+1 {AREA_CODES[key]} 555 01{rng.randrange(100):02d}"
        if not has_email or rng.random() < 0.85
        else "",
        company_name=company,
        title=title,
        owner=owner,
        guidance=_guidance(stage, rng),
        preferred_channel=rng.choices(
            [Channel.ANY, Channel.EMAIL, Channel.PHONE, Channel.MESSAGE, Channel.MEETING],
            weights=[40, 25, 15, 15, 5],
        )[0],
    )
    return _Plan(
        data=data,
        owner=owner,
        topic=topic,
        item=item,
        price=price,
        first_seen=working_moment(owner, first_seen, rng),
        customer_at=working_moment(owner, customer_at, rng) if customer_at else None,
        lost_at=working_moment(owner, lost_at, rng) if lost_at else None,
        lost_reason=reason,
    )


def _story_dates(
    now: datetime, stage: str, rng: random.Random
) -> tuple[datetime, datetime | None, datetime | None]:
    """First seen, became a customer, lost — all in the past, in that order."""

    def ago(low: float, high: float) -> datetime:
        return random_moment(now - timedelta(days=high), now - timedelta(days=low), rng)

    if stage == Stage.PROSPECT:
        return ago(3, 200), None, None
    if stage == Stage.CUSTOMER:
        customer_at = ago(4, 85) if rng.random() < 0.35 else ago(95, 6 * 365)
        return customer_at - timedelta(days=rng.uniform(3, 45)), customer_at, None
    lost_at = ago(4, 80)
    if rng.random() < 0.4:  # a customer who left
        customer_at = ago(200, 3 * 365)
        return customer_at - timedelta(days=rng.uniform(3, 30)), customer_at, lost_at
    return lost_at - timedelta(days=rng.uniform(10, 70)), None, lost_at


def _guidance(stage: str, rng: random.Random) -> str:
    weights = [35, 30, 35] if stage == Stage.CUSTOMER else [80, 10, 10]
    return rng.choices([Guidance.UNKNOWN, Guidance.COACHING, Guidance.LOW_TOUCH], weights)[0]


def _domain(company: str) -> str:
    slug = "".join(ch for ch in company.lower() if ch.isalnum())
    return f"{slug[:30]}.test"


def _add_birthdays(ctx: DemoContext, plans: list[_Plan], rng: random.Random) -> None:
    today = ctx.now.date()
    for plan in plans:
        if rng.random() < 0.65:
            plan.data.birthday = date(
                rng.randint(1952, 2004), rng.randint(1, 12), rng.randint(1, 28)
            )
    # A few in the next two weeks, so greetings have something to do.
    for plan in rng.sample(plans, k=UPCOMING_BIRTHDAYS):
        soon = today + timedelta(days=rng.randint(1, 14))
        year = rng.randint(1960, 2000)
        plan.data.birthday = soon.replace(year=year) if (soon.month, soon.day) != (2, 29) else None


def _add_do_not_contact(plans: list[_Plan], rng: random.Random) -> None:
    for plan in rng.sample(plans, k=DO_NOT_CONTACT):
        plan.data.do_not_contact = True


def _add_referrals(plans: list[_Plan], rng: random.Random) -> None:
    """Some were sent by an earlier contact (filled in as they are created), some by partners."""
    for index, plan in enumerate(plans):
        roll = rng.random()
        if index > 10 and roll < 0.12:
            plan.data.extra["referrer_index"] = rng.randrange(index)
        elif roll < 0.18:
            plan.data.referred_by_partner = rng.choice(REFERRAL_PARTNERS)
