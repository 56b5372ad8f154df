"""Marking lost through the contact page and the API; other workspaces see nothing."""

from __future__ import annotations

from datetime import datetime

from django.test import Client

from followthrough.contacts.models import Contact, Stage
from followthrough.lost.models import Loss
from followthrough.workspaces.models import Member
from tests.factories import mark_lost


def test_choosing_lost_on_the_contact_page_asks_why(bob_client: Client, contact: Contact):
    response = bob_client.post(
        f"/contacts/{contact.code}/stage/", {"stage": "lost", "reason": "too pricey"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/lost/mark/{contact.code}/")
    contact.refresh_from_db()
    assert contact.stage != Stage.LOST
    page = bob_client.get(response["Location"])
    assert page.status_code == 200
    assert "too pricey" in page.content.decode()


def test_the_mark_lost_form_shows_what_is_missing_and_keeps_the_contact(
    bob_client: Client, contact: Contact
):
    reasons = bob_client.get(f"/lost/mark/{contact.code}/").context["form"].reasons
    ours = next(pk for pk, r in reasons.items() if r.key == "broken_promise")
    response = bob_client.post(f"/lost/mark/{contact.code}/", {"reason": ours, "verbatim": "x"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say what we will do to put it right." in html
    assert "Say by when." in html
    contact.refresh_from_db()
    assert contact.stage != Stage.LOST


def test_the_mark_lost_form_records_an_our_fault_loss_with_its_promise(
    bob_client: Client, contact: Contact, bob: Member
):
    reasons = bob_client.get(f"/lost/mark/{contact.code}/").context["form"].reasons
    ours = next(pk for pk, r in reasons.items() if r.key == "broken_promise")
    response = bob_client.post(
        f"/lost/mark/{contact.code}/",
        {
            "reason": ours,
            "verbatim": "Two weeks, not two days.",
            "corrective_what": "Quote real workshop times",
            "corrective_owner": bob.code,
            "corrective_due": "in 3 days",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    loss = Loss.objects.get(contact=contact)
    assert loss.corrective is not None
    assert loss.corrective.owner == bob
    page = bob_client.get(f"/contacts/{contact.code}/").content.decode()
    assert "We did not do what we promised" in page
    assert "Quote real workshop times" in page


def test_the_api_refuses_a_lost_without_a_reason_and_records_one_with(
    bob_api: Client, contact: Contact
):
    missing = bob_api.post(
        "/api/lost", {"contact": contact.code, "reason": "nope"}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert "reason" in missing.json()["fields"]
    ok = bob_api.post(
        "/api/lost",
        {
            "contact": contact.code,
            "reason": "staff_failed",
            "verbatim": "No call back.",
            "corrective": {"what": "Call-back rota", "due": "by Friday"},
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["reason"] == "staff_failed"
    assert body["corrective_state"] == "open"
    heard = bob_api.post(
        f"/api/lost/{body['code']}/heard",
        {"said": "It was the price really."},
        content_type="application/json",
    )
    assert heard.status_code == 200
    assert "price really" in heard.json()["verbatim"]


def test_a_stranger_sees_and_changes_nothing(
    charlie_client: Client, charlie_api: Client, contact: Contact, bob: Member, now: datetime
):
    loss = mark_lost(contact, actor=bob, now=now)
    assert charlie_client.get(f"/lost/{loss.code}/").status_code == 404
    assert charlie_client.get(f"/lost/mark/{contact.code}/").status_code == 404
    assert charlie_api.get(f"/api/lost/{loss.code}").status_code == 404
    assert (
        charlie_api.post(
            f"/api/lost/{loss.code}/heard", {"said": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert charlie_api.get("/api/lost").json() == []
    assert "Dana" not in charlie_client.get("/lost/").content.decode()


def test_only_managers_add_reasons(bob_client: Client, bob_api: Client, alice_client: Client):
    assert bob_client.post("/lost/reasons/", {"label": "Moved away"}).status_code == 404
    assert (
        bob_api.post(
            "/api/lost/reasons", {"label": "Moved away"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert alice_client.post("/lost/reasons/", {"label": "Moved away"}).status_code == 302
    assert "Moved away" in alice_client.get("/lost/").content.decode()


def test_the_lost_page_lists_reasons_most_common_first(
    alice_client: Client, contact: Contact, bob: Member, now: datetime
):
    mark_lost(contact, actor=bob, now=now, reason="competitor")
    html = alice_client.get("/lost/").content.decode()
    assert "Chose a competitor" in html
    assert contact.first_name in html
