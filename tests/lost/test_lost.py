"""No contact is lost without a reason; our-fault losses carry a corrective promise."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from followthrough.commitments.models import Commitment, State
from followthrough.contacts.models import Contact, Stage
from followthrough.contacts.services import contact_set_stage
from followthrough.lost.models import Loss, LossEvent, LostReason
from followthrough.lost.selectors import lost_figures
from followthrough.lost.services import (
    Corrective,
    LossData,
    contact_mark_lost,
    loss_hear,
    reason_add,
    reason_retire,
    reasons_ensure,
)
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory, mark_lost


def _reason(contact: Contact, key: str) -> LostReason:
    reasons_ensure(contact.workspace)
    return LostReason.objects.get(workspace_id=contact.workspace_id, key=key)


def test_setting_the_stage_to_lost_directly_is_refused(
    contact: Contact, bob: Member, now: datetime
):
    with pytest.raises(ValidationError) as exc:
        contact_set_stage(contact=contact, stage=Stage.LOST, actor=bob, now=now)
    assert "reason" in str(exc.value)
    contact.refresh_from_db()
    assert contact.stage != Stage.LOST


def test_marking_lost_records_the_reason_their_words_and_the_stage_change(
    contact: Contact, bob: Member, now: datetime
):
    loss = contact_mark_lost(
        contact=contact,
        data=LossData(
            reason=_reason(contact, "competitor"),
            verbatim="Closer to home.",
            competitor="Ridgeway Cycles",
        ),
        actor=bob,
        now=now,
    )
    contact.refresh_from_db()
    assert contact.stage == Stage.LOST
    assert loss.competitor == "Ridgeway Cycles"
    assert loss.verbatim == "Closer to home."
    assert loss.stage_change is not None
    assert loss.stage_change.to_stage == Stage.LOST
    assert [e.kind for e in loss.events.all()] == [LossEvent.Kind.RECORDED]


def test_an_our_fault_reason_needs_a_corrective_action(
    contact: Contact, bob: Member, now: datetime
):
    with pytest.raises(ValidationError) as exc:
        contact_mark_lost(
            contact=contact,
            data=LossData(reason=_reason(contact, "broken_promise")),
            actor=bob,
            now=now,
        )
    assert "corrective" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.stage != Stage.LOST
    assert not Loss.objects.exists()


def test_the_corrective_action_is_a_promise_tracked_to_done(
    contact: Contact, alice: Member, bob: Member, now: datetime
):
    loss = contact_mark_lost(
        contact=contact,
        data=LossData(
            reason=_reason(contact, "staff_failed"),
            corrective=Corrective(
                "Call back every warranty claim within a day", alice, now + timedelta(days=7)
            ),
        ),
        actor=bob,
        now=now,
    )
    assert loss.corrective is not None
    promise = Commitment.objects.get(pk=loss.corrective.pk)
    assert promise.owner == alice
    assert promise.state == State.OPEN
    assert "warranty" in promise.what
    figures = lost_figures(alice.workspace, now - timedelta(days=1), now + timedelta(days=1))
    assert (figures.total, figures.ours, figures.corrective_total, figures.corrective_done) == (
        1,
        1,
        1,
        0,
    )


def test_the_exit_conversation_records_their_words_and_revises_the_reason(
    contact: Contact, bob: Member, now: datetime
):
    loss = mark_lost(contact, actor=bob, now=now, reason="price")
    later = now + timedelta(days=2)
    loss = loss_hear(
        loss=loss,
        actor=bob,
        now=later,
        said="Honestly, nobody called me back.",
        reason=_reason(contact, "staff_failed"),
        corrective=Corrective("Call-back rota", bob, later + timedelta(days=3)),
    )
    assert loss.reason.key == "staff_failed"
    assert "nobody called me back" in loss.verbatim
    assert loss.corrective is not None
    kinds = [(e.kind, e.reason_from, e.reason_to) for e in loss.events.all()]
    assert (LossEvent.Kind.REVISED, "Price", "Our staff failed to perform") in kinds


def test_revising_to_an_our_fault_reason_without_a_corrective_is_refused(
    contact: Contact, bob: Member, now: datetime
):
    loss = mark_lost(contact, actor=bob, now=now)
    with pytest.raises(ValidationError):
        loss_hear(loss=loss, actor=bob, now=now, said="", reason=_reason(contact, "misunderstood"))
    loss.refresh_from_db()
    assert loss.reason.key == "price"


def test_built_in_reasons_cannot_be_removed_but_own_ones_can_be_retired(
    alice: Member, contact: Contact, now: datetime
):
    reasons_ensure(alice.workspace)
    with pytest.raises(ValidationError):
        reason_retire(reason=_reason(contact, "price"), now=now)
    own = reason_add(workspace=alice.workspace, label="Moved away")
    reason_retire(reason=own, now=now)
    with pytest.raises(ValidationError):
        contact_mark_lost(contact=contact, data=LossData(reason=own), actor=alice, now=now)


def test_a_contact_that_comes_back_closes_its_loss(contact: Contact, bob: Member, now: datetime):
    loss = mark_lost(contact, actor=bob, now=now)
    contact.refresh_from_db()
    contact_set_stage(
        contact=contact, stage=Stage.CUSTOMER, actor=bob, now=now + timedelta(days=30)
    )
    loss.refresh_from_db()
    assert loss.ended_at is not None
    mark_lost(contact, actor=bob, now=now + timedelta(days=60), reason="do_nothing")
    assert Loss.objects.filter(contact=contact).count() == 2


def test_the_pareto_puts_the_most_common_reason_first(alice: Member, bob: Member, now: datetime):
    for i, key in enumerate(["price", "price", "price", "competitor", "do_nothing"]):
        c = ContactFactory.create(workspace=alice.workspace, owner=bob, first_name=f"C{i}")
        mark_lost(c, actor=bob, now=now, reason=key)
    figures = lost_figures(alice.workspace, now - timedelta(days=1), now + timedelta(days=1))
    assert next((r.key, r.count) for r in figures.reasons) == ("price", 3)
    assert figures.total == 5
    assert figures.reasons[0].share == pytest.approx(0.6)
