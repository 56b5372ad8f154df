"""The composer in the web app: live findings, one-click rewrites, holds, sending."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from followthrough.commitments.models import Commitment
from followthrough.composer.models import Draft, DraftStatus, OutboxEntry
from followthrough.composer.services import draft_check, draft_send
from followthrough.contacts.models import Interaction
from tests.composer.conftest import HALF_APOLOGY, KIND_REPLY

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def form(contact, body, **extra):
    return {"contact": contact.code, "body": body, "subject": "Your order", **extra}


def test_the_live_check_returns_the_findings_with_their_spans_marked(bob_client, contact, calm):
    with time_machine.travel(calm.occurred_at + timedelta(minutes=1), tick=False):
        response = bob_client.post(
            reverse("composer:check"),
            form(contact, HALF_APOLOGY, reply_to=calm.code),
            **HTMX,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="findings"' in html
    assert "<html" not in html  # a partial
    assert 'data-rule="half-apology"' in html
    assert '<mark class="sev-warn" title="half-apology"' in html
    assert "Use “" in html  # a one-click rewrite is offered
    draft = Draft.objects.get()  # autosaved
    assert (draft.body, draft.in_reply_to) == (HALF_APOLOGY, calm)
    assert response["HX-Replace-Url"] == reverse("composer:draft", args=[draft.code])


def test_the_live_check_on_an_empty_message_saves_nothing(bob_client, contact):
    response = bob_client.post(reverse("composer:check"), form(contact, "  "), **HTMX)
    assert response.status_code == 200
    assert "Start writing" in response.content.decode()
    assert not Draft.objects.exists()


def test_the_live_check_updates_the_named_draft(bob_client, contact, reply):
    bob_client.post(
        reverse("composer:check"), {**form(contact, "Sorry!"), "draft": reply.code}, **HTMX
    )
    reply.refresh_from_db()
    assert reply.body == "Sorry!"
    assert Draft.objects.count() == 1


def test_a_rewrite_is_applied_in_one_click(bob_client, contact, calm, now):
    with time_machine.travel(now, tick=False):
        bob_client.post(reverse("composer:check"), form(contact, HALF_APOLOGY), **HTMX)
        draft = Draft.objects.get()
        (f,) = [f for f in draft_check(draft=draft, now=now) if f.rule == "half-apology"]
        response = bob_client.post(
            reverse("composer:apply"),
            {
                **form(contact, HALF_APOLOGY),
                "draft": draft.code,
                "apply": f"half-apology:{f.start}:{f.end}",
            },
            **HTMX,
        )
    assert response.status_code == 200
    assert 'id="editor"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == HALF_APOLOGY[: f.start] + (f.suggestion or "") + HALF_APOLOGY[f.end :]
    assert draft.suggestions_applied == 1
    assert escape(draft.body) in response.content.decode()


def test_a_promise_in_the_draft_is_recorded_in_one_click(bob_client, bob, contact, calm, now):
    body = "Thanks! I'll call you in ten minutes."
    with time_machine.travel(now, tick=False):
        response = bob_client.post(reverse("composer:check"), form(contact, body), **HTMX)
        assert "Record this promise" in response.content.decode()
        draft = Draft.objects.get()
        (f,) = [f for f in draft_check(draft=draft, now=now) if f.rule == "promise"]
        response = bob_client.post(
            reverse("composer:promise"),
            {**form(contact, body), "draft": draft.code, "promise": f"{f.start}:{f.end}"},
            **HTMX,
        )
    assert response.status_code == 200
    assert "Promise recorded" in response.content.decode()
    c = Commitment.objects.get()
    assert (c.owner, c.contact, c.due_at) == (bob, contact, now + timedelta(minutes=10))
    assert "recorded" in response.content.decode()


def test_sending_a_reply_to_a_heated_message_early_holds_it_and_shows_when(
    bob_client, contact, reply, now
):
    with time_machine.travel(now, tick=False):
        response = bob_client.post(
            reverse("composer:save"),
            {**form(contact, KIND_REPLY), "draft": reply.code, "do": "send"},
        )
        assert response.status_code == 302
        page = bob_client.get(response["Location"]).content.decode()
    reply.refresh_from_db()
    assert reply.status == DraftStatus.HELD
    assert "Held until today, 09:50" in page  # 14:20 UTC + 30 min in New York
    assert not Interaction.objects.filter(direction="outbound").exists()


def test_after_cooling_off_the_page_asks_for_one_more_read_and_then_sends(
    bob_client, bob, contact, reply, now
):
    draft_send(draft=reply, actor=bob, now=now)
    later = now + timedelta(minutes=21)
    with time_machine.travel(later, tick=False):
        page = bob_client.get(reverse("composer:draft", args=[reply.code])).content.decode()
        assert "Cooling-off is over" in page
        assert 'value="confirm"' in page
        response = bob_client.post(
            reverse("composer:save"),
            {**form(contact, KIND_REPLY), "draft": reply.code, "do": "confirm"},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[contact.code])
    reply.refresh_from_db()
    assert reply.status == DraftStatus.SENT
    contact.refresh_from_db()
    assert contact.owed_reply_since is None
    assert OutboxEntry.objects.get().draft == reply


def test_a_blocked_draft_cannot_be_sent_from_the_web(bob_client, contact, now):
    body = "Happy birthday, Dana! Celebrate with 20% off your next order."
    with time_machine.travel(now, tick=False):
        response = bob_client.post(
            reverse("composer:save"),
            form(contact, body, kind="greeting", tags="no-offer", do="send"),
        )
    assert response.status_code == 422
    assert "greeting-offer" in response.content.decode()
    assert Draft.objects.get().status == DraftStatus.DRAFT
    assert not Interaction.objects.filter(direction="outbound").exists()


def test_a_new_message_page_and_a_reply_page_render(bob_client, contact, heated):
    page = bob_client.get(reverse("composer:new"), {"contact": contact.code})
    assert page.status_code == 200
    assert "Message to Dana Reyes" in page.content.decode()
    page = bob_client.get(reverse("composer:new"), {"reply_to": heated.code})
    html = page.content.decode()
    assert "Reply to Dana Reyes" in html
    assert "heated" in html
    assert 'hx-trigger="input changed delay:400ms"' in html


def test_the_drafts_and_outbox_page_lists_both(bob_client, bob, contact, reply, calm, now):
    page = bob_client.get(reverse("composer:home")).content.decode()
    assert reverse("composer:draft", args=[reply.code]) in page
    assert "Nothing sent yet" in page


def test_the_manager_sees_how_many_replies_were_held_and_changed(
    alice_client, bob, contact, reply, now
):
    draft_send(draft=reply, actor=bob, now=now)
    from followthrough.composer.services import draft_update

    draft_update(draft=reply, actor=bob, now=now, body=KIND_REPLY + " Thank you for waiting.")
    draft_send(draft=reply, actor=bob, now=now + timedelta(minutes=31), confirm=True)
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        html = alice_client.get(reverse("composer:held")).content.decode()
    assert '<div class="num" id="held-count">1</div>' in html
    assert '<div class="num" id="changed-count">1<span class="of"> of 1</span></div>' in html
    assert "changed" in html


def test_a_rep_cannot_see_the_managers_page(bob_client):
    assert bob_client.get(reverse("composer:held")).status_code == 404


def test_a_manager_may_read_but_not_change_a_reps_draft(alice_client, reply, contact):
    assert alice_client.get(reverse("composer:draft", args=[reply.code])).status_code == 200
    response = alice_client.post(
        reverse("composer:check"), {**form(contact, "x"), "draft": reply.code}, **HTMX
    )
    assert response.status_code == 404


def test_bad_span_values_get_a_clear_error_not_a_500(bob_client, contact, reply):
    response = bob_client.post(
        reverse("composer:apply"),
        {**form(contact, KIND_REPLY), "draft": reply.code, "apply": "blame:x:y"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "out of date" in response.content.decode()


def test_a_held_draft_is_listed_with_its_send_time_in_the_members_zone(bob_client, bob, reply, now):
    draft_send(draft=reply, actor=bob, now=now)
    with time_machine.travel(now, tick=False):
        page = bob_client.get(reverse("composer:home")).content.decode()
    assert "held until today, 09:50" in page


def test_only_a_manager_is_shown_the_way_to_the_teams_held_replies(alice_client, bob_client):
    assert 'href="/composer/held/"' in alice_client.get("/composer/").content.decode()
    assert 'href="/composer/held/"' not in bob_client.get("/composer/").content.decode()
    assert bob_client.get("/composer/held/").status_code == 404
