"""The guard and drafts through the REST API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine

from followthrough.commitments.models import Commitment
from followthrough.composer.models import Draft, DraftStatus, OutboxEntry
from followthrough.composer.services import draft_create
from followthrough.contacts.models import Interaction
from tests.composer.conftest import HALF_APOLOGY, HEATED, KIND_REPLY

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_guard_check_returns_findings_with_spans_and_suggestions(bob_api):
    response = post(bob_api, "/api/guard/check", {"text": HALF_APOLOGY, "kind": "reply"})
    assert response.status_code == 200
    body = response.json()
    (f,) = [f for f in body["findings"] if f["rule"] == "half-apology"]
    assert f["severity"] == "warn"
    assert "sorry if you feel" in HALF_APOLOGY[f["start"] : f["end"]].lower()
    assert f["suggestion"]
    assert body["blocked"] is False
    assert body["inbound"] is None


def test_guard_check_reads_the_message_answered_and_holds_a_heated_reply(bob_api, heated, now):
    with time_machine.travel(now, tick=False):
        response = post(bob_api, "/api/guard/check", {"text": KIND_REPLY, "reply_to": heated.code})
    body = response.json()
    assert body["blocked"] is True
    assert [f["rule"] for f in body["findings"] if f["severity"] == "block"] == ["cooling-off"]
    assert body["inbound"]["heated"] is True
    assert body["inbound"]["questions"]


def test_guard_check_takes_an_inbound_text_with_its_arrival(bob_api, now):
    with time_machine.travel(now, tick=False):
        response = post(
            bob_api,
            "/api/guard/check",
            {
                "text": KIND_REPLY,
                "inbound_text": HEATED,
                "received_at": (now - timedelta(minutes=31)).isoformat(),
            },
        )
    body = response.json()
    assert body["inbound"]["heated"] is True
    assert not [f for f in body["findings"] if f["rule"] == "cooling-off"]


def test_guard_check_returns_a_promise_with_what_and_when(bob_api, now):
    with time_machine.travel(now, tick=False):
        response = post(
            bob_api, "/api/guard/check", {"text": "I will send the quote by Friday.", "kind": "new"}
        )
    (f,) = [f for f in response.json()["findings"] if f["rule"] == "promise"]
    assert "quote" in f["promise"]["what"]
    assert f["promise"]["due"].startswith("2026-11-27")  # the Friday after Tue 24 Nov


def test_guard_check_blocks_a_greeting_that_sells_under_no_offer(bob_api):
    response = post(
        bob_api,
        "/api/guard/check",
        {"text": "Happy birthday! 20% off today.", "kind": "greeting", "tags": ["no-offer"]},
    )
    assert response.json()["blocked"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "hi", "kind": "sonnet"}, "kind"),
        ({"text": "hi", "timezone": "Mars/Olympus"}, "timezone"),
        ({"text": "hi", "tags": ["no offer!"]}, "policy_tags"),
        ({"text": "hi", "reply_to": "nope"}, "reply_to"),
        ({"text": "hi", "contact": "nobody@nowhere.test"}, "contact"),
        ({"text": "x" * 50_001}, "text"),
        ({}, "text"),
    ],
)
def test_guard_check_explains_bad_input_with_a_422(bob_api, payload, field):
    response = post(bob_api, "/api/guard/check", payload)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_a_draft_is_created_checked_held_then_sent_after_one_more_read(
    bob_api, contact, heated, now
):
    with time_machine.travel(now, tick=False):
        response = post(
            bob_api,
            "/api/drafts",
            {"contact": contact.email, "reply_to": heated.code, "body": KIND_REPLY},
        )
        assert response.status_code == 201
        draft = response.json()
        assert draft["kind"] == "reply"
        assert "cooling-off" in [f["rule"] for f in draft["findings"]]
        code = draft["code"]
        response = post(bob_api, f"/api/drafts/{code}/send", {"confirm": True})
    assert response.status_code == 409
    assert response.json()["reason"] == "held"
    # In bob's zone (New York), with its offset: 14:50 UTC.
    assert response.json()["hold_until"].startswith("2026-11-24T09:50:00-05:00")

    with time_machine.travel(now + timedelta(minutes=21), tick=False):
        response = post(bob_api, f"/api/drafts/{code}/send", {})
        assert (response.status_code, response.json()["reason"]) == (409, "confirm")
        response = post(bob_api, f"/api/drafts/{code}/send", {"confirm": True})
    assert response.status_code == 201
    body = response.json()
    assert body["sent"] is True
    assert Interaction.objects.get(code=body["interaction"]).direction == "outbound"
    assert OutboxEntry.objects.get(code=body["outbox"]).status == "queued"
    contact.refresh_from_db()
    assert contact.owed_reply_since is None


def test_a_blocked_draft_cannot_be_sent_through_the_api(bob_api, bob, contact, now):
    draft = draft_create(
        author=bob,
        contact=contact,
        kind="greeting",
        policy_tags="no-offer",
        body="Happy birthday, Dana! Celebrate with 20% off your next order.",
        now=now,
    )
    response = post(bob_api, f"/api/drafts/{draft.code}/send", {"confirm": True})
    assert response.status_code == 409
    assert response.json()["reason"] == "blocked"
    assert "greeting-offer" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT
    assert not OutboxEntry.objects.exists()


def test_a_suggestion_is_applied_and_a_promise_recorded_through_the_api(
    bob_api, bob, contact, calm, now
):
    draft = draft_create(
        author=bob, contact=contact, body=HALF_APOLOGY + " I'll call you tomorrow at 10.", now=now
    )
    with time_machine.travel(now, tick=False):
        findings = bob_api.get(f"/api/drafts/{draft.code}").json()["findings"]
        apology = next(f for f in findings if f["rule"] == "half-apology")
        response = post(bob_api, f"/api/drafts/{draft.code}/apply", apology)
        assert response.status_code == 200
        assert response.json()["suggestions_applied"] == 1
        promise = next(f for f in response.json()["findings"] if f["rule"] == "promise")
        response = post(bob_api, f"/api/drafts/{draft.code}/promises", promise)
    assert response.status_code == 201
    c = Commitment.objects.get(code=response.json()["commitment"])
    assert c.contact == contact


def test_a_stale_span_is_a_422_not_a_500(bob_api, bob, contact, now):
    draft = draft_create(author=bob, contact=contact, body="Fine.", now=now)
    response = post(
        bob_api, f"/api/drafts/{draft.code}/apply", {"rule": "blame", "start": 0, "end": 2}
    )
    assert response.status_code == 422
    response = post(bob_api, f"/api/drafts/{draft.code}/promises", {"start": 0, "end": 2})
    assert response.status_code == 422


def test_patching_and_discarding_a_draft(bob_api, bob, contact, now):
    draft = draft_create(author=bob, contact=contact, body="Hello", now=now)
    response = bob_api.patch(
        f"/api/drafts/{draft.code}",
        data=json.dumps({"body": "Hello there", "tags": ["no-offer"]}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["body"], response.json()["tags"]) == (
        200,
        "Hello there",
        ["no-offer"],
    )
    response = post(bob_api, f"/api/drafts/{draft.code}/discard", {})
    assert response.json()["status"] == "discarded"
    response = post(bob_api, f"/api/drafts/{draft.code}/send", {})
    assert response.status_code == 422


def test_listing_drafts_and_the_outbox_takes_a_fixed_number_of_queries(
    bob_api, bob, contact, now, django_assert_num_queries
):
    def make(n):
        for i in range(n):
            d = draft_create(author=bob, contact=contact, body=f"Note {i}", now=now)
            if i % 2:
                post(bob_api, f"/api/drafts/{d.code}/send", {})

    make(2)
    with django_assert_num_queries(2):  # the token, the rows
        assert bob_api.get("/api/drafts").status_code == 200
    make(6)
    with django_assert_num_queries(2):
        assert len(bob_api.get("/api/drafts").json()) == 4
    with django_assert_num_queries(2):
        assert len(bob_api.get("/api/drafts/outbox").json()) == 4


def test_charlie_gets_404_on_every_draft_route_and_cannot_read_bobs_messages(
    charlie_api, bob, contact, heated, now
):
    draft = draft_create(author=bob, contact=contact, body="Hello", now=now)
    c = draft.code
    for method, url, data in [
        ("get", f"/api/drafts/{c}", None),
        ("patch", f"/api/drafts/{c}", {"body": "x"}),
        ("post", f"/api/drafts/{c}/check", {}),
        ("post", f"/api/drafts/{c}/apply", {"rule": "blame", "start": 0, "end": 1}),
        ("post", f"/api/drafts/{c}/promises", {"start": 0, "end": 1}),
        ("post", f"/api/drafts/{c}/send", {"confirm": True}),
        ("post", f"/api/drafts/{c}/discard", {}),
    ]:
        kwargs = {"data": json.dumps(data), "content_type": "application/json"} if data else {}
        response = getattr(charlie_api, method)(url, **kwargs)
        assert response.status_code == 404, (method, url)
    assert charlie_api.get("/api/drafts").json() == []
    assert charlie_api.get("/api/drafts/outbox").json() == []
    response = post(charlie_api, "/api/drafts", {"contact": contact.code, "body": "hi"})
    assert response.status_code == 422
    response = post(charlie_api, "/api/guard/check", {"text": "hi", "reply_to": heated.code})
    assert response.status_code == 422
    assert Draft.objects.count() == 1
