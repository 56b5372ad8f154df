"""Drafts through the services: cooling-off, blocks, one more read, sending, rewrites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from followthrough.commitments.models import Commitment
from followthrough.composer.models import DraftEvent, DraftStatus, OutboxEntry
from followthrough.composer.services import (
    draft_apply_suggestion,
    draft_check,
    draft_create,
    draft_discard,
    draft_record_promise,
    draft_send,
    draft_update,
)
from followthrough.contacts.models import Interaction
from tests.composer.conftest import HALF_APOLOGY, KIND_REPLY

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_heated_message_is_held_ten_minutes_after_it_arrived(reply, bob, now):
    outcome = draft_send(draft=reply, actor=bob, now=now)
    assert outcome.reason == "held"
    assert outcome.hold_until == now + timedelta(minutes=20)
    reply.refresh_from_db()
    assert reply.status == DraftStatus.HELD
    assert reply.body == KIND_REPLY  # the draft is kept
    assert not Interaction.objects.filter(direction="outbound").exists()
    assert not OutboxEntry.objects.exists()


def test_after_the_cooling_off_a_held_reply_asks_for_one_more_read_then_sends(
    reply, bob, contact, now
):
    draft_send(draft=reply, actor=bob, now=now)
    later = now + timedelta(minutes=21)  # 31 minutes after the heated message
    outcome = draft_send(draft=reply, actor=bob, now=later)
    assert outcome.reason == "confirm"
    reply.refresh_from_db()
    assert reply.status == DraftStatus.READY

    outcome = draft_send(draft=reply, actor=bob, now=later, confirm=True)
    assert outcome.sent
    reply.refresh_from_db()
    assert reply.status == DraftStatus.SENT
    assert reply.confirmed_at == later


def test_confirming_early_does_not_skip_the_cooling_off(reply, bob, now):
    outcome = draft_send(draft=reply, actor=bob, now=now + timedelta(minutes=5), confirm=True)
    assert outcome.reason == "held"


def test_the_workspace_setting_sets_the_cooling_off_period(reply, bob, now):
    bob.workspace.cooling_off_minutes = 60
    bob.workspace.save()
    outcome = draft_send(draft=reply, actor=bob, now=now + timedelta(minutes=25))
    assert outcome.reason == "held"
    assert outcome.hold_until == now + timedelta(minutes=50)


def test_sending_logs_the_reply_on_the_timeline_and_clears_the_reply_owed(bob, contact, calm, now):
    contact.refresh_from_db()
    assert contact.owed_reply_since is not None
    draft = draft_create(author=bob, contact=contact, in_reply_to=calm, body=KIND_REPLY, now=now)
    outcome = draft_send(draft=draft, actor=bob, now=now)
    assert outcome.sent
    sent = Interaction.objects.get(direction="outbound")
    assert (sent.kind, sent.body, sent.member, sent.in_reply_to) == ("email", KIND_REPLY, bob, calm)
    assert sent.subject == "Re: Brake pads"
    contact.refresh_from_db()
    assert contact.owed_reply_since is None
    calm.refresh_from_db()
    assert calm.replied_at == now
    entry = OutboxEntry.objects.get()
    assert (entry.status, entry.to_address, entry.interaction) == (
        "queued",
        "dana@customer.test",
        sent,
    )
    draft.refresh_from_db()
    assert draft.sent_interaction == sent


def test_a_message_to_someone_waiting_answers_their_latest_message(bob, contact, heated, now):
    draft = draft_create(author=bob, contact=contact, body="Hello", now=now)
    assert draft.in_reply_to == heated
    assert draft.kind == "reply"
    assert draft_send(draft=draft, actor=bob, now=now).reason == "held"


def test_a_greeting_that_sells_under_the_no_offer_tag_is_refused(bob, contact, now):
    draft = draft_create(
        author=bob,
        contact=contact,
        kind="greeting",
        policy_tags="no-offer",
        body="Happy birthday, Dana! Celebrate with 20% off your next order.",
        now=now,
    )
    outcome = draft_send(draft=draft, actor=bob, now=now, confirm=True)
    assert outcome.reason == "blocked"
    assert [f.rule for f in outcome.blocking] == ["greeting-offer"]
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT
    assert not Interaction.objects.filter(direction="outbound").exists()

    draft_update(draft=draft, actor=bob, now=now, body="Happy birthday, Dana! Enjoy the day.")
    assert draft_send(draft=draft, actor=bob, now=now).sent


def test_a_greeting_that_sells_is_refused_without_any_tag(bob, contact, now):
    draft = draft_create(
        author=bob, contact=contact, kind="greeting", body="Happy birthday! 20% off today.", now=now
    )
    outcome = draft_send(draft=draft, actor=bob, now=now, confirm=True)
    assert outcome.reason == "blocked"
    assert [f.rule for f in outcome.blocking] == ["greeting-offer"]


def test_text_changed_after_a_hold_is_remembered(reply, bob, now):
    draft_send(draft=reply, actor=bob, now=now)
    draft_update(draft=reply, actor=bob, now=now, body=KIND_REPLY + " Again, I apologise.")
    reply.refresh_from_db()
    assert reply.changed_after_hold


def test_text_changed_after_warnings_were_shown_is_remembered(bob, contact, calm, now):
    draft = draft_create(author=bob, contact=contact, body=HALF_APOLOGY, now=now)
    assert draft_check(draft=draft, now=now, record=True)
    draft_update(draft=draft, actor=bob, now=now, body="I'm sorry we let you down.")
    draft.refresh_from_db()
    assert draft.findings_shown_at == now
    assert draft.changed_after_findings
    assert not draft.changed_after_hold


def test_applying_a_suggestion_rewrites_the_span_and_counts_it(bob, contact, calm, now):
    draft = draft_create(author=bob, contact=contact, body=HALF_APOLOGY, now=now)
    (f,) = [f for f in draft_check(draft=draft, now=now) if f.rule == "half-apology"]
    assert f.suggestion
    draft_apply_suggestion(draft=draft, actor=bob, now=now, rule=f.rule, start=f.start, end=f.end)
    draft.refresh_from_db()
    assert draft.body == HALF_APOLOGY[: f.start] + f.suggestion + HALF_APOLOGY[f.end :]
    assert draft.suggestions_applied == 1
    assert DraftEvent.objects.filter(kind="suggestion_applied", rule="half-apology").count() == 1


def test_a_stale_suggestion_is_refused_with_a_clear_error(bob, contact, calm, now):
    draft = draft_create(author=bob, contact=contact, body="All good.", now=now)
    with pytest.raises(ValidationError, match="no longer fits"):
        draft_apply_suggestion(draft=draft, actor=bob, now=now, rule="blame", start=0, end=3)


def test_a_promise_in_a_draft_is_recorded_with_its_parsed_due_time_once(bob, contact, calm, now):
    body = "Thanks for asking. I'll call you in ten minutes to sort it out."
    draft = draft_create(author=bob, contact=contact, body=body, now=now)
    (f,) = [f for f in draft_check(draft=draft, now=now) if f.rule == "promise"]
    c = draft_record_promise(draft=draft, actor=bob, now=now, start=f.start, end=f.end)
    assert isinstance(c, Commitment)
    assert (c.owner, c.contact, c.due_at) == (bob, contact, now + timedelta(minutes=10))
    assert c.fulfilled_by == "call"
    assert c.about == calm
    with pytest.raises(ValidationError, match="already recorded"):
        draft_record_promise(draft=draft, actor=bob, now=now, start=f.start, end=f.end)


def test_a_sent_draft_cannot_be_sent_twice(bob, contact, calm, now):
    draft = draft_create(author=bob, contact=contact, body=KIND_REPLY, now=now)
    assert draft_send(draft=draft, actor=bob, now=now).sent
    with pytest.raises(ValidationError, match="already been sent"):
        draft_send(draft=draft, actor=bob, now=now)
    assert OutboxEntry.objects.count() == 1


def test_only_the_author_sends_a_draft(reply, alice, now):
    with pytest.raises(ValidationError, match="author"):
        draft_send(draft=reply, actor=alice, now=now + timedelta(hours=1), confirm=True)


def test_a_contact_who_asked_not_to_be_contacted_gets_nothing(bob, contact, now):
    contact.do_not_contact = True
    contact.save()
    draft = draft_create(author=bob, contact=contact, body="Hello!", now=now)
    with pytest.raises(ValidationError, match="asked not to be contacted"):
        draft_send(draft=draft, actor=bob, now=now)


def test_a_discarded_draft_stays_unsent(reply, bob, now):
    draft_discard(draft=reply, actor=bob, now=now)
    with pytest.raises(ValidationError, match="discarded"):
        draft_send(draft=reply, actor=bob, now=now)


def test_bad_tags_and_kinds_say_what_is_wrong(bob, contact, now):
    with pytest.raises(ValidationError, match="not a tag"):
        draft_create(author=bob, contact=contact, policy_tags="no offer!", now=now)
    with pytest.raises(ValidationError, match="Kind must be one of"):
        draft_create(author=bob, contact=contact, kind="poem", now=now)
