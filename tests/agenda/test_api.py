"""`GET /api/agenda`: the same items as Today, as JSON."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from followthrough.agenda.api import AgendaOut, agenda_json
from followthrough.agenda.due import agenda_for
from followthrough.commitments.selectors import standing_of
from followthrough.core.renderers import LocalTimeRenderer
from followthrough.workspaces.models import Member
from tests.agenda.helpers import lived_in_day
from tests.commitments.helpers import promise
from tests.factories import ContactFactory


def test_the_api_lists_the_same_items_as_today_in_the_same_order(bob_api, bob, now, frozen):
    lived_in_day(bob, now)
    body = bob_api.get("/api/agenda").json()
    assert [i["key"] for i in body["items"]] == [i.key for i in agenda_for(bob, now=now)]
    first = body["items"][0]
    assert first["kind"] == "promise_broken"
    assert first["urgency"] == 0
    assert first["why"].startswith("You promised Ann Test")
    assert first["actions"][0] == {
        "name": "renegotiate",
        "label": "Renegotiate",
        "api": f"/api/commitments/{first['ref']}/renegotiate",
        "fields": ["due", "told"],
    }
    assert body["standing"]["credibility"] == 50.0
    assert body["total"] == len(body["items"]) == 8


def test_hours_widens_the_window(bob_api, bob, now, frozen):
    day = lived_in_day(bob, now)
    keys = {i["ref"] for i in bob_api.get("/api/agenda?hours=48").json()["items"]}
    assert day.tomorrow.code in keys


def test_the_agenda_api_costs_the_same_queries_with_more_data(
    bob_api, bob, now, frozen, django_assert_num_queries
):
    lived_in_day(bob, now)
    bob_api.get("/api/me")
    with CaptureQueriesContext(connection) as first:
        bob_api.get("/api/agenda")
    # A small fixed number: one or two per kind of item, whatever the data size.
    assert len(first.captured_queries) <= 20
    lived_in_day(bob, now)
    for n in range(10):
        promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what=f"p{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(bob_api.get("/api/agenda").json()["items"]) == 26


def test_charlie_sees_only_his_own_agenda(charlie_api, bob, now, frozen):
    lived_in_day(bob, now)
    assert charlie_api.get("/api/agenda").json()["items"] == []


def test_the_agenda_api_needs_a_token(client, db):
    assert client.get("/api/agenda").status_code == 401


@pytest.mark.slow
@pytest.mark.django_db
def test_the_fast_json_is_the_schema_answer_for_every_member_of_the_demo(now):
    """The route writes its JSON with orjson from plain dicts (`agenda_json`); the schemas are
    the definition. For every member of the demo business (every kind of item, members in
    several zones), the fast document equals the one django-ninja renders from `AgendaOut`,
    and it validates against `AgendaOut`."""
    from followthrough.demo.loader import load_demo

    workspace = load_demo(now=now).workspace
    kinds: set[str] = set()
    zones: set[str] = set()
    for member in Member.objects.filter(workspace=workspace):
        for horizon in (None, timedelta(hours=48)):
            items = agenda_for(member, now=now, horizon=horizon)
            standing = standing_of(member, now=now)
            fast = json.loads(agenda_json(member, now, standing, items, total=items.total))
            schema = AgendaOut.of(member, now, standing, items, total=items.total)
            request = _as(member)
            rendered = LocalTimeRenderer().render(request, schema.model_dump(), response_status=200)
            assert fast == json.loads(rendered)
            assert AgendaOut.model_validate(fast).items == schema.items
            kinds |= {i.kind for i in items}
            zones.add(member.timezone)
    assert {"promise_broken", "reply_owed", "bad_news", "invoice_chaser", "touch_due"} <= kinds


def test_the_fast_json_keeps_the_schema_rules_for_odd_values(bob, now):
    """Microseconds, a zone far from UTC, no due time, a standing with no rates, an action
    with hidden and visible fields, hostile text: the same document either way."""
    from followthrough.agenda.due import Action, AgendaItem, Field, Urgency
    from followthrough.commitments.selectors import Standing

    bob.timezone = "Pacific/Chatham"
    item = AgendaItem(
        key="promise:abc",
        kind="promise_due",
        urgency=Urgency.DUE_NOW,
        at=now.replace(microsecond=123456),
        title='<script>alert("x")</script> \u2028 émoji 🎉',
        why='Line\nbreak \\ and "quotes"',
        contact_code="c1",
        contact_name="Zoë",
        actions=(
            Action(
                "snooze",
                "Snooze",
                "/x",
                fields=(Field("key", "", kind="hidden"), Field("for", "For")),
            ),
        ),
        due_at=None,
        ref="abc",
    )
    for standing in (
        Standing(score=50, kept=0, broken=0, kept_30=0, broken_30=0, kept_90=0, broken_90=0),
        Standing(score=73.456, kept=3, broken=1, kept_30=2, broken_30=1, kept_90=3, broken_90=1),
    ):
        fast = json.loads(agenda_json(bob, now, standing, [item], total=7))
        schema = AgendaOut.of(bob, now, standing, [item], total=7)
        rendered = LocalTimeRenderer().render(_as(bob), schema.model_dump(), response_status=200)
        assert fast == json.loads(rendered)
    assert fast["items"][0]["at"].endswith("+13:45") or fast["items"][0]["at"].endswith("+12:45")
    assert fast["items"][0]["actions"][0]["fields"] == ["for"]


def test_the_route_answers_json_with_the_renderers_content_type(bob_api, bob, now, frozen):
    lived_in_day(bob, now)
    response = bob_api.get("/api/agenda")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["member"] == bob.code


def _as(member: Member) -> HttpRequest:
    """A request authenticated as `member` (what the renderer reads the zone from)."""
    request = HttpRequest()
    request.auth = member  # type: ignore[attr-defined]
    return request
