"""Enrollment rules: automatic from events, manual, never two copies, do-not-contact stops
everything, a preference change moves the contact keeping history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from followthrough.agenda.due import agenda_for
from followthrough.contacts.models import Contact, Guidance, Stage
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
from followthrough.workspaces.services import workspace_create
from tests.factories import ContactFactory
from tests.plans.conftest import complete_order

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def test_a_new_workspace_starts_with_every_built_in_plan(db: None) -> None:
    manager = workspace_create(
        name="New Shop", manager_email="m@new.test", manager_name="M", password=None
    )
    kinds = set(Plan.objects.filter(workspace=manager.workspace).values_list("kind", flat=True))
    assert kinds == {
        PlanKind.AFTER_PURCHASE, PlanKind.COACHING, PlanKind.LOW_TOUCH, PlanKind.STAY_IN_TOUCH,
        PlanKind.GREETINGS, PlanKind.EXIT, PlanKind.NURTURE,
    }  # fmt: skip


def test_the_first_completed_order_starts_after_purchase_and_low_touch_but_the_second_does_not(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    contact.guidance = Guidance.LOW_TOUCH
    contact.save()
    complete_order(contact, at=now)
    complete_order(contact, at=now + 20 * DAY, number="#1002")
    rows = Enrollment.objects.filter(contact=contact).values_list("plan__kind", "source")
    assert sorted(rows) == [
        (PlanKind.AFTER_PURCHASE, "first_order"),
        (PlanKind.LOW_TOUCH, "first_order"),
    ]


def test_a_contact_is_never_in_two_copies_of_one_plan(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now)
    with pytest.raises(ValidationError, match="already in the plan"):
        enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now + DAY)
    assert Enrollment.objects.filter(contact=contact, state="active").count() == 1


def test_do_not_contact_refuses_enrollment(
    plans: dict[str, Plan], contact: Contact, now: datetime
) -> None:
    contact.do_not_contact = True
    contact.save()
    with pytest.raises(ValidationError, match="asked not to be contacted"):
        enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now)


def test_do_not_contact_stops_every_plan_and_chaser_and_leaves_today_at_once(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now - 5 * DAY)
    assert any(i.kind == "touch_due" for i in agenda_for(bob, now=now))
    contact.do_not_contact = True
    contact.save()
    assert not any(i.kind == "touch_due" for i in agenda_for(bob, now=now))
    result = plans_sweep(now=now)
    assert result.stopped == 1
    e = Enrollment.objects.get(contact=contact)
    assert e.state == EnrollmentState.STOPPED
    assert e.next_due_at is None


def test_changing_the_preference_moves_the_contact_to_low_touch_keeping_history(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    contact.guidance = Guidance.COACHING
    contact.save()
    complete_order(contact, at=now)
    coaching = Enrollment.objects.get(contact=contact, plan__kind=PlanKind.COACHING)
    touch_complete(enrollment=coaching, outcome=Outcome.LOGGED, now=now + 3 * DAY, actor=bob)
    contact.guidance = Guidance.LOW_TOUCH
    contact.save()
    result = plans_sweep(now=now + 30 * DAY)
    assert result.moved == 1
    coaching.refresh_from_db()
    assert coaching.state == EnrollmentState.STOPPED
    assert "Preference changed" in coaching.end_reason
    assert TouchLog.objects.filter(enrollment=coaching).count() == 1  # history kept
    low = Enrollment.objects.get(contact=contact, plan__kind=PlanKind.LOW_TOUCH)
    assert low.moved_from == coaching
    assert low.anchored_at == coaching.anchored_at
    # day 21's tip has passed: the next low-touch step is day 75
    assert low.next_due_at == now + 75 * DAY
    assert plans_sweep(now=now + 30 * DAY).moved == 0


def test_customers_with_a_date_join_greetings_once_from_the_sweep(
    plans: dict[str, Plan], alice: Member, bob: Member, now: datetime
) -> None:
    dated = ContactFactory.create(
        workspace=alice.workspace, owner=bob, stage=Stage.CUSTOMER, birthday=date(1980, 1, 5)
    )
    ContactFactory.create(workspace=alice.workspace, owner=bob, stage=Stage.CUSTOMER)
    ContactFactory.create(
        workspace=alice.workspace, owner=bob, stage=Stage.PROSPECT, birthday=date(1980, 1, 5)
    )
    assert plans_sweep(now=now).greetings == 1
    assert Enrollment.objects.get(plan__kind=PlanKind.GREETINGS).contact == dated
    assert plans_sweep(now=now).greetings == 0


def test_a_new_owner_takes_the_contacts_touches_with_them(
    plans: dict[str, Plan], contact: Contact, alice: Member, now: datetime
) -> None:
    e = enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now)
    contact.owner = alice
    contact.save()
    assert plans_sweep(now=now).owners == 1
    e.refresh_from_db()
    assert e.owner == alice
    assert plans_sweep(now=now).owners == 0


def test_a_skip_needs_a_reason_and_keeps_it(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    e = enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=now)
    with pytest.raises(ValidationError, match="why you skip"):
        touch_complete(enrollment=e, outcome=Outcome.SKIPPED, now=now, actor=bob, reason=" ")
    touch_complete(
        enrollment=e, outcome=Outcome.SKIPPED, now=now, actor=bob, reason="Spoke at the fair"
    )
    assert TouchLog.objects.get(enrollment=e).reason == "Spoke at the fair"
