"""The next prospects are worked out when a prospect goes cold and stored on its row; Today
and the API word them at read time and work nothing out on the read."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.agenda.due import agenda_for
from followthrough.contacts.models import Contact
from followthrough.plans.chasers import chaser_rest
from followthrough.plans.models import Chaser, ChaserState, Enrollment, Plan, PlanKind
from followthrough.plans.suggest import (
    cold_by_key,
    next_prospects,
    store_missing_suggestions,
    stored_picks,
)
from followthrough.plans.sweep import plans_sweep
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory, mark_lost
from tests.plans.conftest import complete_order, log

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _next_item(member: Member, now: datetime):
    return next(i for i in agenda_for(member, now=now) if i.kind == "next_prospect")


def _gone_cold(contact: Contact, bob: Member, now: datetime) -> Chaser:
    waiting = ContactFactory.create(workspace=bob.workspace, owner=bob, first_name="Wendy")
    log(waiting, None, now - 2 * DAY, kind="email", direction="inbound")
    silent = ContactFactory.create(workspace=bob.workspace, owner=bob, first_name="Sam")
    log(silent, bob, now - 90 * DAY, kind="call", call_outcome="connected")
    log(contact, bob, now - 3 * DAY, kind="call", call_outcome="no_answer")
    return chaser_rest(chaser=Chaser.objects.get(contact=contact), now=now - DAY, reason="Busy")


def test_resting_stores_the_picks_that_working_them_out_then_gives(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    chaser = _gone_cold(contact, bob, now)
    chaser.refresh_from_db()
    facts = stored_picks(chaser.suggested, bob)
    assert facts is not None
    assert [f.pick(now) for f in facts] == next_prospects(bob, now=now, exclude=chaser.contact_id)
    item = _next_item(bob, now)
    assert item.extra["suggestions"] == ",".join(f.code for f in facts)
    assert "waiting 2 days for your reply" in item.why  # worded at read time, from now


def test_the_stored_item_is_the_item_worked_out_on_the_read(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    chaser = _gone_cold(contact, bob, now)
    stored = _next_item(bob, now)
    Chaser.objects.filter(pk=chaser.pk).update(suggested=None)  # as a row from before
    assert _next_item(bob, now) == stored


def test_reading_works_nothing_out_a_prospect_added_later_waits_for_the_next_cold_one(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    _gone_cold(contact, bob, now)
    before = _next_item(bob, now)
    newcomer = ContactFactory.create(workspace=bob.workspace, owner=bob, first_name="Nadia")
    log(newcomer, None, now - 10 * DAY, kind="email", direction="inbound")  # owed the longest
    with CaptureQueriesContext(connection) as read:
        after = _next_item(bob, now)
    assert after.extra == before.extra
    assert "Nadia" not in after.why
    # the list's one query and the cold row's: nothing about other prospects
    assert len(read.captured_queries) <= 2


def test_a_new_owner_gets_picks_worked_out_for_them(
    plans: dict[str, Plan], contact: Contact, alice: Member, bob: Member, now: datetime
) -> None:
    chaser = _gone_cold(contact, bob, now)
    Chaser.objects.filter(pk=chaser.pk).update(owner=alice)
    cold = cold_by_key(alice, f"rest:{chaser.code}")
    assert cold is not None
    assert stored_picks(cold.suggested, alice) is None  # stored for bob: not alice's
    item = _next_item(alice, now)
    assert "Wendy" not in item.why  # bob's prospects are not alice's


def test_a_lost_contact_stores_its_picks_when_the_exit_conversation_starts(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    ContactFactory.create(workspace=bob.workspace, owner=bob, first_name="Nora")
    complete_order(contact, at=now - 10 * DAY)
    mark_lost(contact, actor=bob, now=now - DAY)
    plans_sweep(now=now - DAY)
    exit_ = Enrollment.objects.get(contact=contact, plan__kind=PlanKind.EXIT)
    facts = stored_picks(exit_.suggested, bob)
    assert facts is not None
    assert any("Nora" in f.name for f in facts)
    assert "Nora" in _next_item(bob, now).why


def test_the_sweep_stores_what_is_missing_once(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    chaser = _gone_cold(contact, bob, now)
    expected = _next_item(bob, now)
    Chaser.objects.filter(pk=chaser.pk).update(suggested=None)
    assert store_missing_suggestions(now=now - DAY) == 1
    assert store_missing_suggestions(now=now - DAY) == 0
    chaser.refresh_from_db()
    assert chaser.state == ChaserState.RESTING
    assert stored_picks(chaser.suggested, bob) is not None
    assert _next_item(bob, now) == expected
