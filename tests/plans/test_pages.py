"""The plans pages, Today's actions, the contact card and the API: access, edits, queries."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from followthrough.agenda.due import agenda_for
from followthrough.composer.models import Draft, DraftStatus
from followthrough.composer.services import draft_create, draft_send
from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.plans.models import Chaser, Enrollment, Outcome, Plan, PlanKind, TouchLog
from followthrough.plans.services import enrollment_start
from followthrough.workspaces.models import Member
from tests.factories import ContactFactory
from tests.plans.conftest import log

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


@pytest.fixture
def due(plans: dict[str, Plan], contact: Contact) -> Enrollment:
    """Dana's nurture touch, due three days ago (real clock: the pages read it)."""
    return enrollment_start(contact=contact, plan=plans[PlanKind.NURTURE], now=utcnow() - 6 * DAY)


@pytest.fixture
def chaser(plans: dict[str, Plan], alice: Member, bob: Member) -> Chaser:
    other = ContactFactory.create(workspace=alice.workspace, owner=bob, first_name="Cy")
    log(other, bob, utcnow() - 3 * DAY, kind="call", call_outcome="no_answer")
    return Chaser.objects.get(contact=other)


def test_today_shows_the_touch_with_its_guidance_and_the_chaser_with_tries_left(
    due: Enrollment, chaser: Chaser, bob_client: Client
) -> None:
    body = bob_client.get("/").content.decode()
    assert "Share something useful — Prospect nurture" in body
    assert "Something that helps them whether or not they buy." in body
    assert "Try 1 of 3" in body


def test_a_touch_opens_in_the_composer_with_its_template_kind_and_tags(
    plans: dict[str, Plan], contact: Contact, bob: Member, bob_client: Client, now: datetime
) -> None:
    contact.birthday = now.date()
    contact.save()
    enrollment_start(contact=contact, plan=plans[PlanKind.GREETINGS], now=now)
    item = next(i for i in agenda_for(bob, now=now) if i.kind == "touch_due")
    compose = next(a for a in item.actions if a.name == "compose")
    opened = bob_client.get(compose.url)
    assert opened.status_code == 302
    query = parse_qs(urlparse(opened["Location"]).query)
    assert query["kind"] == ["greeting"]
    assert query["tags"] == ["no-offer"]
    assert query["body"][0].startswith("Happy birthday, Dana!")
    page = bob_client.get(opened["Location"]).content.decode()
    assert "Happy birthday, Dana!" in page


def test_a_greeting_that_sells_is_blocked_and_a_plain_one_completes_the_touch(
    plans: dict[str, Plan], contact: Contact, bob: Member, now: datetime
) -> None:
    contact.birthday = now.date()
    contact.save()
    e = enrollment_start(contact=contact, plan=plans[PlanKind.GREETINGS], now=now)
    selling = draft_create(
        author=bob, contact=contact, now=now, kind="greeting", policy_tags="no-offer",
        subject="Happy birthday", body="Happy birthday! Enjoy 20% off our new range this week.",
    )  # fmt: skip
    outcome = draft_send(draft=selling, actor=bob, now=now)
    assert outcome.reason == "blocked"
    assert {f.rule for f in outcome.blocking} == {"greeting-offer"}
    e.refresh_from_db()
    assert e.next_due_at is not None
    assert e.next_due_at.year == 2026
    plain = draft_create(
        author=bob, contact=contact, now=now, kind="greeting", policy_tags="no-offer",
        subject="Happy birthday", body="Happy birthday, Dana! Wishing you a wonderful day.",
    )  # fmt: skip
    assert draft_send(draft=plain, actor=bob, now=now).reason == "sent"
    log_row = TouchLog.objects.get(enrollment=e)
    assert log_row.outcome == Outcome.SENT
    assert log_row.interaction is not None
    e.refresh_from_db()
    assert e.next_due_at is not None
    assert e.next_due_at.year == 2027
    assert not Chaser.objects.filter(contact=contact).exists()  # a greeting is not chased
    assert Draft.objects.get(pk=plain.pk).status == DraftStatus.SENT


def test_logging_and_skipping_a_touch_from_today(due: Enrollment, bob_client: Client) -> None:
    response = bob_client.post(f"/plans/enrollments/{due.code}/skip/", {"reason": ""})
    assert response.status_code == 302
    assert not TouchLog.objects.exists()
    bob_client.post(f"/plans/enrollments/{due.code}/skip/", {"reason": "Met at the fair"})
    response = bob_client.post(
        f"/plans/enrollments/{due.code}/log/", {"how": "call"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Logged for Dana Reyes" in response.content.decode()
    outcomes = list(TouchLog.objects.order_by("id").values_list("outcome", "reason"))
    assert outcomes == [(Outcome.SKIPPED, "Met at the fair"), (Outcome.LOGGED, "")]


def test_logging_a_chaser_try_and_letting_it_rest(chaser: Chaser, bob_client: Client) -> None:
    bob_client.post(f"/plans/chasers/{chaser.code}/try/", {"how": "no_answer"})
    chaser.refresh_from_db()
    assert chaser.tries_done == 1
    bob_client.post(f"/plans/chasers/{chaser.code}/rest/", {"reason": "Away until spring"})
    chaser.refresh_from_db()
    assert chaser.state == "resting"
    assert chaser.end_reason == "Away until spring"


def test_a_manager_edits_a_touch_in_place_and_a_rep_cannot(
    plans: dict[str, Plan], alice_client: Client, bob_client: Client
) -> None:
    touch = plans[PlanKind.AFTER_PURCHASE].touches.get(position=1)
    form = {
        "title": "Did it arrive safely?", "offset_days": "3", "channel": "email",
        "kind": "after_sale", "policy_tags": "no-offer", "subject": "Arrived?",
        "body": "Hi {first_name}", "guidance": "Ask about the delivery only.",
    }  # fmt: skip
    assert bob_client.post(f"/plans/touches/{touch.code}/", form).status_code == 404
    editor = alice_client.get(f"/plans/touches/{touch.code}/", HTTP_HX_REQUEST="true")
    assert 'name="offset_days"' in editor.content.decode()
    response = alice_client.post(f"/plans/touches/{touch.code}/", form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Did it arrive safely?" in response.content.decode()
    touch.refresh_from_db()
    assert (touch.offset_days, touch.guidance) == (3, "Ask about the delivery only.")
    bad = alice_client.post(
        f"/plans/touches/{touch.code}/",
        {**form, "policy_tags": "no offer!"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 422
    assert "is not a tag" in bad.content.decode()


def test_the_stay_in_touch_list_shows_colours(
    plans: dict[str, Plan], contact: Contact, bob: Member, bob_client: Client
) -> None:
    log(contact, bob, utcnow() - 45 * DAY, kind="call", call_outcome="connected")
    enrollment_start(contact=contact, plan=plans[PlanKind.STAY_IN_TOUCH], now=utcnow() - 50 * DAY)
    body = bob_client.get("/plans/stay-in-touch/?losing=1").content.decode()
    assert "amber — past 30 days" in body
    assert "Dana Reyes" in body


def test_the_contact_card_loads_with_plans_and_frustrations(
    due: Enrollment, contact: Contact, bob_client: Client
) -> None:
    page = bob_client.get(f"/contacts/{contact.code}/").content.decode()
    assert f"/plans/contact/{contact.code}/" in page
    card = bob_client.get(f"/plans/contact/{contact.code}/", HTTP_HX_REQUEST="true")
    body = card.content.decode()
    assert "Prospect nurture" in body
    assert "Calls not returned" in body


def test_a_stranger_gets_404_from_every_plans_page_and_endpoint(
    plans: dict[str, Plan], due: Enrollment, chaser: Chaser, contact: Contact,
    charlie_client: Client, charlie_api: Client,
) -> None:  # fmt: skip
    plan = plans[PlanKind.NURTURE]
    touch = plan.touches.first()
    assert touch is not None
    for url in (f"/plans/{plan.code}/", f"/plans/touches/{touch.code}/",
                f"/plans/contact/{contact.code}/"):  # fmt: skip
        assert charlie_client.get(url).status_code == 404, url
    for url in (f"/plans/enroll/{contact.code}/", f"/plans/enrollments/{due.code}/log/",
                f"/plans/enrollments/{due.code}/skip/", f"/plans/enrollments/{due.code}/stop/",
                f"/plans/chasers/{chaser.code}/try/", f"/plans/chasers/{chaser.code}/rest/",
                f"/plans/touches/{touch.code}/remove/"):  # fmt: skip
        assert charlie_client.post(url, {"reason": "x", "how": "call"}).status_code == 404, url
    body = json.dumps({"contact": contact.code})
    assert (
        charlie_api.post(f"/api/plans/{plan.code}/enroll", body, "application/json").status_code
        == 404
    )
    for url in (
        f"/api/plans/enrollments/{due.code}/skip",
        f"/api/plans/chasers/{chaser.code}/rest",
    ):
        r = charlie_api.post(url, json.dumps({"reason": "x"}), "application/json")
        assert r.status_code == 404, url
    assert contact.code not in charlie_api.get("/api/plans/due").content.decode()


def test_the_api_lists_plans_enrolls_skips_and_stops(
    plans: dict[str, Plan], contact: Contact, bob_api: Client
) -> None:
    listing = bob_api.get("/api/plans").json()
    assert {p["kind"] for p in listing} >= {"after_purchase", "greetings", "exit"}
    plan = plans[PlanKind.NURTURE]
    made = bob_api.post(f"/api/plans/{plan.code}/enroll", json.dumps({"contact": contact.code}),
                        "application/json")  # fmt: skip
    assert made.status_code == 201
    code = made.json()["code"]
    again = bob_api.post(f"/api/plans/{plan.code}/enroll", json.dumps({"contact": contact.code}),
                         "application/json")  # fmt: skip
    assert again.status_code == 422
    assert "already in the plan" in again.content.decode()
    no_reason = bob_api.post(f"/api/plans/enrollments/{code}/skip", "{}", "application/json")
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["fields"]
    skipped = bob_api.post(f"/api/plans/enrollments/{code}/skip",
                           json.dumps({"reason": "Not yet"}), "application/json")  # fmt: skip
    assert skipped.json()["next_touch_title"] == "Ask how their plans are going"
    stopped = bob_api.post(f"/api/plans/enrollments/{code}/stop", "{}", "application/json")
    assert stopped.json()["state"] == "stopped"


def test_plan_pages_and_lists_take_a_fixed_number_of_queries(
    plans: dict[str, Plan], contact: Contact, alice: Member, bob: Member,
    alice_client: Client, bob_api: Client, django_assert_num_queries,
) -> None:  # fmt: skip
    for n in range(5):
        c = ContactFactory.create(workspace=alice.workspace, owner=bob)
        enrollment_start(contact=c, plan=plans[PlanKind.STAY_IN_TOUCH], now=utcnow() - n * DAY)
        enrollment_start(contact=c, plan=plans[PlanKind.NURTURE], now=utcnow() - 9 * DAY)
    alice_client.get("/plans/")  # warm the session
    with django_assert_num_queries(6):
        assert alice_client.get("/plans/").status_code == 200
    with django_assert_num_queries(4):
        assert alice_client.get("/plans/stay-in-touch/?all=1").status_code == 200
    bob_api.get("/api/plans")
    with django_assert_num_queries(3):
        assert bob_api.get("/api/plans").status_code == 200
    with django_assert_num_queries(2):
        assert len(bob_api.get("/api/plans/due").json()) == 5


def test_touches_are_kept_in_the_order_of_their_days(
    plans: dict[str, Plan], alice_client: Client
) -> None:
    plan = plans[PlanKind.AFTER_PURCHASE]
    days = [t.offset_days for t in plan.touches.filter(removed_at__isnull=True)]
    assert days == sorted(days)
    form = {
        "title": "Quick hello", "offset_days": "0", "channel": "email",
        "kind": "after_sale", "policy_tags": "", "subject": "", "body": "Hi", "guidance": "",
    }  # fmt: skip
    alice_client.post(f"/plans/{plan.code}/touches/new/", form)
    live = list(plan.touches.filter(removed_at__isnull=True).order_by("position"))
    assert live[0].title == "Quick hello"
    assert [t.position for t in live] == list(range(1, len(live) + 1))
    # Moving the new touch past the others re-sorts them, and the page shows the new order.
    moved = alice_client.post(
        f"/plans/touches/{live[0].code}/",
        {**form, "offset_days": str(days[-1] + 30)},
        HTTP_HX_REQUEST="true",
    )
    assert moved.headers["HX-Redirect"] == f"/plans/{plan.code}/"
    live = list(plan.touches.filter(removed_at__isnull=True).order_by("position"))
    assert live[-1].title == "Quick hello"
    page = alice_client.get(f"/plans/{plan.code}/").content.decode()
    listed = page.split('id="touches"')[1]
    assert listed.index("Quick hello") > listed.index(live[0].title)
