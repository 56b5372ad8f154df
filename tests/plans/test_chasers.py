"""Chasers with patience: backoff, tries left on Today, the final note, then rest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from followthrough.agenda.due import agenda_for
from followthrough.contacts.models import Contact, Stage
from followthrough.orders.invoices import invoice_create
from followthrough.plans.chasers import chaser_rest
from followthrough.plans.models import Chaser, ChaserReason, ChaserState, Plan
from followthrough.plans.schedule import parse_schedule
from followthrough.plans.selectors import frustrations
from followthrough.plans.services import settings_update
from followthrough.plans.sweep import plans_sweep
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory, mark_lost
from tests.plans.conftest import complete_order, log

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _chaser_item(member: Member, now: datetime):
    return next((i for i in agenda_for(member, now=now) if i.kind == "chaser"), None)


def test_an_unreturned_call_is_chased_after_2_5_and_12_days_then_rests(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    log(contact, bob, now, kind="call", call_outcome="no_answer")
    chaser = Chaser.objects.get(contact=contact)
    assert chaser.reason == ChaserReason.UNRETURNED_CALL
    assert chaser.next_due_at == now + 2 * DAY
    assert _chaser_item(bob, now + DAY) is None  # not yet
    item = _chaser_item(bob, now + 2 * DAY)
    assert item is not None
    assert item.extra["tries_left"] == "3"
    assert "Try 1 of 3" in item.why
    log(contact, bob, now + 2 * DAY, kind="call", call_outcome="no_answer")  # try 1
    chaser.refresh_from_db()
    assert chaser.tries_done == 1
    assert chaser.next_due_at == now + 7 * DAY
    log(contact, bob, now + 7 * DAY, kind="email")  # try 2
    chaser.refresh_from_db()
    assert chaser.next_due_at == now + 19 * DAY
    item = _chaser_item(bob, now + 19 * DAY)
    assert item is not None
    assert item.extra["tries_left"] == "1"
    assert "Final try" in item.why
    assert item.title.startswith("Last gentle note")
    log(contact, bob, now + 19 * DAY, kind="email")  # the final gentle note
    chaser.refresh_from_db()
    assert chaser.state == ChaserState.RESTING
    assert chaser.next_due_at is None
    assert _chaser_item(bob, now + 60 * DAY) is None
    # another reach-out later starts afresh, it is not the old chaser going on forever
    log(contact, bob, now + 40 * DAY, kind="call", call_outcome="no_answer")
    assert Chaser.objects.filter(contact=contact, state=ChaserState.ACTIVE).count() == 1


def test_their_answer_ends_the_chaser(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    log(contact, bob, now, kind="email")
    chaser = Chaser.objects.get(contact=contact)
    assert chaser.reason == ChaserReason.UNANSWERED_MESSAGE
    log(contact, None, now + 3 * DAY, kind="email", direction="inbound")
    chaser.refresh_from_db()
    assert chaser.state == ChaserState.ANSWERED
    assert chaser.next_due_at is None


def test_the_schedule_is_set_per_workspace_and_must_back_off(
    plans: dict[str, Plan], contact: Contact, alice: Member, bob: Member, now: datetime
) -> None:
    settings_update(workspace=alice.workspace, actor=alice, chaser_days="1, 3")
    log(contact, bob, now, kind="call", call_outcome="voicemail")
    chaser = Chaser.objects.get(contact=contact)
    assert chaser.next_due_at == now + DAY
    assert chaser.tries_total == 2
    with pytest.raises(ValidationError, match="back off"):
        settings_update(workspace=alice.workspace, actor=alice, chaser_days="5,2")
    with pytest.raises(ValidationError, match="manager"):
        settings_update(workspace=alice.workspace, actor=bob, chaser_days="2,5")
    with pytest.raises(ValueError, match="not a number"):
        parse_schedule("2,x")


def test_a_missed_meeting_is_chased_once_the_reschedule_item_has_been_tried(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    log(contact, bob, now, kind="meeting", meeting_outcome="no_show")
    assert Chaser.objects.get(contact=contact).reason == ChaserReason.NO_SHOW
    kinds = [i.kind for i in agenda_for(bob, now=now + 2 * DAY)]
    assert "no_show" in kinds
    assert "chaser" not in kinds
    log(contact, bob, now + 2 * DAY, kind="call", call_outcome="no_answer")
    item = _chaser_item(bob, now + 7 * DAY)
    assert item is not None
    assert item.extra["tries_left"] == "2"


def test_a_quiet_prospect_is_chased_by_the_sweep_once(
    plans: dict[str, Plan], alice: Member, bob: Member, now: datetime
) -> None:
    quiet = ContactFactory.create(
        workspace=alice.workspace, owner=bob, last_outbound_at=now - 20 * DAY
    )
    ContactFactory.create(  # they answered
        workspace=alice.workspace, owner=bob, last_outbound_at=now - 20 * DAY,
        last_inbound_at=now - 19 * DAY,
    )  # fmt: skip
    assert plans_sweep(now=now).quiet == 1
    chaser = Chaser.objects.get()
    assert chaser.contact == quiet
    assert chaser.reason == ChaserReason.QUIET_PROSPECT
    assert chaser.next_due_at == now
    assert plans_sweep(now=now + DAY).quiet == 0


def test_a_chaser_ignored_for_a_month_rests_by_itself(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    log(contact, bob, now, kind="call", call_outcome="no_answer")
    assert plans_sweep(now=now + 10 * DAY).rested == 0
    assert plans_sweep(now=now + 40 * DAY).rested == 1
    assert Chaser.objects.get().state == ChaserState.RESTING


def test_when_a_prospect_goes_cold_today_suggests_the_next_best_prospects(
    plans: dict[str, Plan], contact: Contact, alice: Member, bob: Member, now: datetime
) -> None:
    waiting = ContactFactory.create(workspace=alice.workspace, owner=bob, first_name="Wendy")
    log(waiting, None, now - 2 * DAY, kind="email", direction="inbound")
    silent = ContactFactory.create(workspace=alice.workspace, owner=bob, first_name="Sam")
    log(silent, bob, now - 90 * DAY, kind="call", call_outcome="connected")
    ContactFactory.create(workspace=alice.workspace, owner=bob, stage=Stage.CUSTOMER)
    log(contact, bob, now - 3 * DAY, kind="call", call_outcome="no_answer")
    chaser_rest(chaser=Chaser.objects.get(contact=contact), now=now - DAY, reason="Busy season")
    item = next(i for i in agenda_for(bob, now=now) if i.kind == "next_prospect")
    assert item.title == "Next: Wendy Last" or item.title.startswith("Next: Wendy")
    assert "waiting 2 days for your reply" in item.why
    assert "no real conversation in" in item.why
    assert "Sam" in item.why
    assert contact.first_name not in item.extra["suggestions"]


def test_a_lost_contact_also_brings_the_next_prospects(
    plans: dict[str, Plan], contact: Contact, alice: Member, bob: Member, now: datetime
) -> None:
    ContactFactory.create(workspace=alice.workspace, owner=bob, first_name="Nora")
    complete_order(contact, at=now - 10 * DAY)
    mark_lost(contact, actor=bob, now=now - DAY)
    plans_sweep(now=now - DAY)
    item = next(i for i in agenda_for(bob, now=now) if i.kind == "next_prospect")
    assert "was lost" in item.why
    assert "Nora" in item.why


def test_the_contact_record_counts_frustrations_plainly(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    log(contact, bob, now - 60 * DAY, kind="call", call_outcome="no_answer")  # never returned
    log(contact, bob, now - 40 * DAY, kind="call", call_outcome="voicemail")
    log(contact, None, now - 38 * DAY, kind="call", direction="inbound", call_outcome="connected")
    log(contact, bob, now - 30 * DAY, kind="meeting", meeting_outcome="no_show")
    log(contact, bob, now - 20 * DAY, kind="meeting", meeting_outcome="cancelled")
    order = complete_order(contact, at=now - 50 * DAY)
    invoice_create(order=order, number="INV-1", amount=Decimal(10), due_date=date(2026, 10, 1),
                   now=now - 50 * DAY, paid_date=date(2026, 10, 9))  # fmt: skip
    invoice_create(order=order, number="INV-2", amount=Decimal(10), due_date=date(2026, 11, 1),
                   now=now - 50 * DAY)  # fmt: skip
    invoice_create(order=order, number="INV-3", amount=Decimal(10), due_date=date(2026, 12, 1),
                   now=now - 50 * DAY)  # fmt: skip
    f = frustrations(contact, today_date=now.date())
    assert (f.calls_not_returned, f.meetings_missed, f.payments_late) == (1, 1, 2)
