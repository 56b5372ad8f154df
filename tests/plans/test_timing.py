"""Each plan's timing, with a controlled `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from followthrough.contacts.models import Contact, Guidance, Stage
from followthrough.plans import schedule
from followthrough.plans.models import (
    Enrollment,
    EnrollmentState,
    Outcome,
    Plan,
    PlanKind,
    TouchLog,
)
from followthrough.plans.services import enrollment_start, touch_complete
from followthrough.plans.sweep import plans_sweep
from followthrough.workspaces.models import Member
from tests.factories import mark_lost
from tests.plans.conftest import complete_order, log

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def test_after_first_purchase_checks_in_on_day_2_10_and_30_then_is_done(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    complete_order(contact, at=now)
    e = Enrollment.objects.get(contact=contact, plan__kind=PlanKind.AFTER_PURCHASE)
    seen = []
    while e.state == EnrollmentState.ACTIVE:
        assert e.next_touch is not None
        assert e.next_due_at is not None
        seen.append(((e.next_due_at - now).days, e.next_touch.title))
        touch_complete(enrollment=e, outcome=Outcome.SENT, now=e.next_due_at, actor=bob)
        e.refresh_from_db()
    assert seen == [
        (2, "Did it arrive?"),
        (10, "Is it working for them?"),
        (30, "Are they getting the results?"),
    ]
    assert e.state == EnrollmentState.DONE
    assert TouchLog.objects.filter(enrollment=e, outcome=Outcome.SENT).count() == 3
    assert all("no-offer" in t.tags for t in plans[PlanKind.AFTER_PURCHASE].touches.all())


def test_a_birthday_greeting_is_due_at_the_owners_morning_and_again_next_year(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    contact.birthday = date(1990, 12, 3)
    contact.save()
    e = enrollment_start(contact=contact, plan=plans[PlanKind.GREETINGS], now=now)
    # bob works from 9:00 in New York: 14:00 UTC on 3 December
    assert e.next_due_at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert e.next_touch is not None
    assert e.next_touch.title == "Birthday greeting"
    touch_complete(enrollment=e, outcome=Outcome.SENT, now=e.next_due_at, actor=bob)
    e.refresh_from_db()
    assert e.state == EnrollmentState.ACTIVE
    assert e.next_due_at == datetime(2027, 12, 3, 14, 0, tzinfo=UTC)


def test_a_leap_day_birthday_is_greeted_on_the_28th_in_other_years() -> None:
    when = schedule.next_yearly(
        date(2000, 2, 29), after=datetime(2026, 11, 24, tzinfo=UTC), tz="UTC",
        at=time(9, 0),
    )  # fmt: skip
    assert when == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)


def test_the_customer_anniversary_comes_before_a_later_birthday(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    contact.birthday = date(1985, 6, 1)
    contact.customer_since = date(2025, 12, 10)
    contact.save()
    e = enrollment_start(contact=contact, plan=plans[PlanKind.GREETINGS], now=now)
    assert e.next_touch is not None
    assert e.next_touch.title == "Customer anniversary"
    assert e.next_due_at is not None
    assert e.next_due_at.date() == date(2026, 12, 10)


def test_a_greeting_a_week_late_is_skipped_until_next_year_by_the_sweep(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    contact.birthday = date(1990, 11, 26)
    contact.stage = Stage.CUSTOMER
    contact.save()
    e = enrollment_start(contact=contact, plan=plans[PlanKind.GREETINGS], now=now)
    plans_sweep(now=now + 12 * DAY)
    e.refresh_from_db()
    log_row = TouchLog.objects.get(enrollment=e)
    assert log_row.outcome == Outcome.SKIPPED
    assert "day passed" in log_row.reason
    assert e.next_due_at is not None
    assert e.next_due_at.year == 2027


def test_a_lost_customer_gets_one_exit_conversation_a_day_later_and_nothing_else(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    complete_order(contact, at=now - 5 * DAY)
    mark_lost(contact, actor=bob, now=now)
    plans_sweep(now=now + timedelta(minutes=5))
    active = Enrollment.objects.filter(contact=contact, state=EnrollmentState.ACTIVE)
    assert [e.plan.kind for e in active] == [PlanKind.EXIT]
    exit_ = active.get()
    assert exit_.next_due_at == now + DAY
    assert exit_.next_touch is not None
    assert "no-win-back" in exit_.next_touch.tags
    plans_sweep(now=now + 2 * DAY)
    assert Enrollment.objects.filter(contact=contact, plan__kind=PlanKind.EXIT).count() == 1


def test_prospect_nurture_counts_from_enrollment(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    e = enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now)
    assert e.next_due_at == now + 3 * DAY


def test_stay_in_touch_is_green_then_amber_past_the_ideal_then_red_past_the_maximum() -> None:
    last = datetime(2026, 10, 1, tzinfo=UTC)

    def colour(days: int) -> str:
        return schedule.stay_colour(
            last_two_way_at=last, since=last, ideal_days=30, max_days=60,
            now=last + timedelta(days=days),
        )  # fmt: skip

    assert [colour(10), colour(30), colour(31), colour(60), colour(61)] == [
        "green", "green", "amber", "amber", "red",
    ]  # fmt: skip


def test_stay_in_touch_restarts_on_a_real_conversation_and_not_on_an_unanswered_one(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    e = enrollment_start(contact=contact, plan=plans[PlanKind.STAY_IN_TOUCH], now=now)
    assert e.next_due_at == now + 30 * DAY
    later = now + 20 * DAY
    log(contact, bob, later, kind="email")  # our message, no answer
    log(contact, bob, later + DAY, kind="call", call_outcome="no_answer")
    e.refresh_from_db()
    assert e.next_due_at == now + 30 * DAY
    log(contact, bob, later + 2 * DAY, kind="call", call_outcome="connected")
    e.refresh_from_db()
    assert e.next_due_at == later + 2 * DAY + 30 * DAY
    log(contact, None, later + 3 * DAY, kind="email", direction="inbound")  # their reply counts
    e.refresh_from_db()
    assert e.next_due_at == later + 3 * DAY + 30 * DAY


def test_guidance_decides_between_coaching_and_low_touch_on_the_first_order(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    contact.guidance = Guidance.COACHING
    contact.save()
    complete_order(contact, at=now)
    kinds = set(
        Enrollment.objects.filter(contact=contact, state="active").values_list(
            "plan__kind", flat=True
        )
    )
    assert kinds == {PlanKind.AFTER_PURCHASE, PlanKind.COACHING}
