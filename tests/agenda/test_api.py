"""`GET /api/agenda`: the same items as Today, as JSON."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.agenda.due import agenda_for
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
