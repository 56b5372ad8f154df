"""Inbound messages are read by the guard when logged; heated ones are marked."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from followthrough.agenda.due import agenda_for
from followthrough.contacts.models import Interaction
from followthrough.contacts.services import InteractionData, interaction_log
from tests.composer.conftest import CALM, HEATED, log_inbound

pytestmark = pytest.mark.django_db


def test_a_logged_inbound_email_stores_how_it_reads(contact, now):
    i = log_inbound(contact, now, HEATED)
    stored = Interaction.objects.get(pk=i.pk)
    assert stored.heated is True
    assert stored.unhappy is True
    assert stored.anger is not None
    assert stored.anger > 0.5
    assert stored.category == "delivery"
    assert stored.urgency in ("normal", "high")
    assert (i.heated, i.category) == (True, "delivery")  # the returned row knows too


def test_a_calm_question_is_not_heated(contact, now):
    stored = Interaction.objects.get(pk=log_inbound(contact, now, CALM).pk)
    assert stored.heated is False
    assert stored.anger is not None
    assert stored.anger < 0.5


def test_outbound_messages_notes_and_calls_are_not_read(contact, bob, now):
    for kind, direction in [("email", "outbound"), ("note", "internal"), ("call", "inbound")]:
        i = interaction_log(
            contact=contact,
            member=bob,
            data=InteractionData(kind, direction, now, body=HEATED),
        )
        assert Interaction.objects.get(pk=i.pk).heated is None


def test_an_inbound_message_logged_through_the_api_is_read(bob_api, contact):
    response = bob_api.post(
        f"/api/contacts/{contact.code}/interactions",
        data=json.dumps({"kind": "message", "direction": "inbound", "body": HEATED}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Interaction.objects.get(code=response.json()["code"]).heated is True


def test_an_inbound_message_logged_from_the_contact_page_is_read(bob_client, contact):
    response = bob_client.post(
        reverse("contacts:log", args=[contact.code]),
        {"kind": "email", "direction": "inbound", "subject": "Late!", "body": HEATED},
    )
    assert response.status_code in (200, 302)
    assert Interaction.objects.get(contact=contact).heated is True


def test_the_timeline_marks_heated_messages_and_offers_a_reply(bob_client, contact, heated):
    html = bob_client.get(reverse("contacts:detail", args=[contact.code])).content.decode()
    assert '<span class="pill bad"' in html
    assert ">heated</span>" in html
    assert f"{reverse('composer:new')}?reply_to={heated.code}" in html


def test_today_says_a_heated_reply_is_cooling_off_until_when(bob, contact, heated, now):
    (item,) = [i for i in agenda_for(bob, now=now) if i.kind == "reply_owed"]
    assert "Heated — cooling off until 09:50." in item.why  # 14:50 UTC in New York
    compose = next(a for a in item.actions if a.name == "compose")
    assert compose.url.endswith(f"?reply_to={heated.code}")

    (item,) = [
        i for i in agenda_for(bob, now=now + timedelta(minutes=21)) if i.kind == "reply_owed"
    ]
    assert "cooling off" not in item.why


def test_today_does_not_mark_a_calm_message(bob, contact, calm, now):
    (item,) = [i for i in agenda_for(bob, now=now) if i.kind == "reply_owed"]
    assert "Heated" not in item.why


def test_the_today_page_links_the_reply_to_the_composer(bob_client, contact, heated, now):
    with time_machine.travel(now, tick=False):
        html = bob_client.get(reverse("today")).content.decode()
    assert f"{reverse('composer:new')}?reply_to={heated.code}" in html
    assert "Write the reply" in html
    assert "Heated — cooling off until 09:50." in html
