"""A reply to an unhappy (not heated) customer that still carries warnings is read once more
before it goes: in the services, the web app and the API alike."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from followthrough.composer.models import DraftEvent, DraftStatus, OutboxEntry
from followthrough.composer.services import draft_create, draft_send, draft_update
from followthrough.contacts.models import Interaction
from followthrough.guard import analyze_inbound
from tests.composer.conftest import log_inbound

pytestmark = pytest.mark.django_db

UNHAPPY = "Hi, the lamp arrived this morning and the base is cracked. Could you help?"
WARNED = "Thank you for your message. We have passed it on to the relevant team."
GOOD = "Sorry about the lamp. A new one ships tomorrow, or I can refund you, whichever you prefer."


@pytest.fixture
def unhappy(contact, now):
    return log_inbound(contact, now - timedelta(hours=2), UNHAPPY, subject="Cracked lamp")


@pytest.fixture
def warned(bob, contact, unhappy, now):
    return draft_create(author=bob, contact=contact, in_reply_to=unhappy, body=WARNED, now=now)


def test_the_message_is_unhappy_but_not_heated():
    reading = analyze_inbound(UNHAPPY)
    assert (reading.unhappy, reading.heated) == (True, False)


def test_a_warned_reply_to_an_unhappy_customer_asks_for_one_more_read_then_sends(warned, bob, now):
    outcome = draft_send(draft=warned, actor=bob, now=now)
    assert outcome.reason == "confirm"
    assert "no-options" in {f.rule for f in outcome.findings}
    warned.refresh_from_db()
    assert warned.status == DraftStatus.DRAFT
    assert not OutboxEntry.objects.exists()

    outcome = draft_send(draft=warned, actor=bob, now=now, confirm=True)
    assert outcome.sent
    warned.refresh_from_db()
    assert warned.confirmed_at == now
    assert DraftEvent.objects.filter(draft=warned, kind="confirmed").exists()


def test_a_clean_reply_to_an_unhappy_customer_sends_straight_away(warned, bob, now):
    draft_update(draft=warned, actor=bob, now=now, body=GOOD)
    assert draft_send(draft=warned, actor=bob, now=now).sent


def test_a_warned_reply_to_a_calm_question_sends_straight_away(bob, contact, now):
    question = log_inbound(contact, now - timedelta(hours=1), "Does the quote include VAT?")
    draft = draft_create(
        author=bob,
        contact=contact,
        in_reply_to=question,
        body="Thanks for getting in touch. Hope the week is going well.",
        now=now,
    )
    outcome = draft_send(draft=draft, actor=bob, now=now)
    assert "unanswered-questions" in {f.rule for f in outcome.findings}
    assert outcome.sent


def test_the_page_asks_for_one_more_read_and_the_confirm_button_sends(
    bob_client, contact, warned, now
):
    data = {"contact": contact.code, "body": WARNED, "subject": "Re: Cracked lamp"}
    with time_machine.travel(now, tick=False):
        response = bob_client.post(
            reverse("composer:save"), {**data, "draft": warned.code, "do": "send"}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("composer:draft", args=[warned.code])
        page = bob_client.get(response["Location"]).content.decode()
        assert "One more read." in page
        assert "Dana Reyes is unhappy and 1 warning remains on this reply" in page
        assert 'value="confirm"' in page
        assert not Interaction.objects.filter(direction="outbound").exists()
        response = bob_client.post(
            reverse("composer:save"), {**data, "draft": warned.code, "do": "confirm"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[contact.code])
    assert OutboxEntry.objects.get().draft == warned


def test_the_page_for_a_clean_reply_has_the_plain_send_button(bob_client, bob, warned, now):
    draft_update(draft=warned, actor=bob, now=now, body=GOOD)
    with time_machine.travel(now, tick=False):
        page = bob_client.get(reverse("composer:draft", args=[warned.code])).content.decode()
    assert "One more read." not in page
    assert 'value="confirm"' not in page
    assert 'name="do" value="send"' in page


def test_the_api_answers_409_confirm_then_sends_with_confirm(bob_api, warned, now):
    url = f"/api/drafts/{warned.code}/send"
    with time_machine.travel(now, tick=False):
        response = bob_api.post(url, data="{}", content_type="application/json")
        assert (response.status_code, response.json()["reason"]) == (409, "confirm")
        assert "is unhappy and 1 warning remains" in response.json()["message"]
        response = bob_api.post(
            url, data=json.dumps({"confirm": True}), content_type="application/json"
        )
    assert response.status_code == 201
    assert response.json()["sent"] is True
