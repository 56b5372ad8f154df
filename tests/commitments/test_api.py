"""The promises API: CRUD and actions, through the same services, scoped to the token."""

from datetime import timedelta

import pytest

from followthrough.commitments.models import Commitment, State
from tests.commitments.helpers import promise
from tests.factories import ContactFactory

HOUR = timedelta(hours=1)


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_a_promise_is_made_with_its_time_in_plain_words(bob_api, bob, contact, frozen):
    response = post(
        bob_api,
        "/api/commitments",
        {"contact": contact.email, "what": "call back with pricing", "due": "in ten minutes"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_at"] == "2026-11-24T09:40:00-05:00"  # 14:40 UTC, in bob's zone
    assert body["state"] == "open"
    assert body["owner"] == bob.code


def test_an_unreadable_time_is_a_422_saying_what_and_where(bob_api, contact, frozen):
    response = post(
        bob_api, "/api/commitments", {"contact": contact.code, "what": "x", "due": "anon"}
    )
    assert response.status_code == 422
    assert "Could not read “anon” as a time" in response.json()["fields"]["due"][0]
    assert not Commitment.objects.exists()


def test_a_missing_time_or_unknown_contact_is_a_422(bob_api, contact, frozen):
    response = post(bob_api, "/api/commitments", {"contact": contact.code, "what": "x"})
    assert response.status_code == 422
    assert "due" in response.json()["fields"]
    response = post(
        bob_api, "/api/commitments", {"contact": "nobody@x.test", "what": "x", "due": "tomorrow"}
    )
    assert response.status_code == 422
    assert "contact" in response.json()["fields"]


def test_a_due_at_without_offset_is_refused(bob_api, contact, frozen):
    response = post(
        bob_api,
        "/api/commitments",
        {"contact": contact.code, "what": "x", "due_at": "2026-12-01T10:00:00"},
    )
    assert response.status_code == 422


def test_a_rep_cannot_make_promises_for_someone_else(bob_api, alice, contact, frozen):
    response = post(
        bob_api,
        "/api/commitments",
        {"contact": contact.code, "what": "x", "due": "tomorrow", "owner": alice.code},
    )
    assert response.status_code == 422
    assert "owner" in response.json()["fields"]


def test_keep_renegotiate_release_and_history(bob_api, bob, contact, now, frozen):
    a, b, c = (promise(bob, contact, now=now, what=w) for w in ("a", "b", "c"))
    assert post(bob_api, f"/api/commitments/{a.code}/keep", {}).json()["state"] == "kept"
    response = post(
        bob_api, f"/api/commitments/{b.code}/renegotiate", {"due": "tomorrow", "told": True}
    )
    assert response.status_code == 201
    assert response.json()["renegotiated_from"] == b.code
    response = post(bob_api, f"/api/commitments/{c.code}/release", {"reason": "no longer needed"})
    assert response.json()["state"] == "released"
    events = bob_api.get(f"/api/commitments/{b.code}/events").json()
    assert [e["kind"] for e in events] == ["made", "renegotiated"]
    assert events[0]["by"] == bob.code


def test_renegotiating_without_telling_them_is_a_422(bob_api, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    response = post(bob_api, f"/api/commitments/{c.code}/renegotiate", {"due": "tomorrow"})
    assert response.status_code == 422
    assert "told" in response.json()["fields"]


def test_keeping_twice_is_a_422_not_a_500(bob_api, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    post(bob_api, f"/api/commitments/{c.code}/keep", {})
    response = post(bob_api, f"/api/commitments/{c.code}/keep", {})
    assert response.status_code == 422
    assert "already kept" in str(response.json())


def test_patch_rewords_an_open_promise(bob_api, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    response = bob_api.patch(
        f"/api/commitments/{c.code}",
        {"what": "send pricing by email", "fulfilled_by": "message"},
        content_type="application/json",
    )
    assert response.json()["what"] == "send pricing by email"
    assert response.json()["fulfilled_by"] == "message"


def test_list_filters_and_costs_the_same_queries_with_more_rows(
    bob_api, bob, contact, now, frozen, django_assert_num_queries
):
    promise(bob, contact, now=now)
    bob_api.get("/api/me")  # the token's first use is recorded once; measure after it
    with django_assert_num_queries(3) as first:
        assert bob_api.get("/api/commitments?state=open").json()["count"] == 1
    for n in range(10):
        promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what=f"p{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        assert bob_api.get("/api/commitments?state=open").json()["count"] == 11
    assert bob_api.get("/api/commitments?state=kept").json()["count"] == 0


def test_credibility_and_kept_rates_are_in_the_api(bob_api, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    post(bob_api, f"/api/commitments/{c.code}/keep", {})
    body = bob_api.get("/api/commitments/credibility").json()
    assert body == {
        "member": bob.code,
        "credibility": 100.0,
        "kept": 1,
        "broken": 0,
        "kept_rate_30d": 1.0,
        "kept_rate_90d": 1.0,
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/commitments/{code}"),
        ("patch", "/api/commitments/{code}"),
        ("get", "/api/commitments/{code}/events"),
        ("post", "/api/commitments/{code}/keep"),
        ("post", "/api/commitments/{code}/renegotiate"),
        ("post", "/api/commitments/{code}/release"),
        ("get", "/api/commitments/credibility?member={member}"),
        ("get", "/api/commitments?member={member}"),
    ],
)
def test_charlie_gets_404(charlie_api, bob, contact, now, method, path):
    c = promise(bob, contact, now=now)
    url = path.format(code=c.code, member=bob.code)
    body = {"due": "tomorrow", "told": True, "reason": "x", "what": "hijacked"}
    if method == "get":
        response = charlie_api.get(url)
    else:
        response = getattr(charlie_api, method)(url, body, content_type="application/json")
    assert response.status_code == 404
    c.refresh_from_db()
    assert (c.state, c.what) == (State.OPEN, "call back with pricing")


def test_charlie_lists_none_of_bobs_promises_and_cannot_promise_his_contact(
    charlie_api, bob, contact, now, frozen
):
    promise(bob, contact, now=now)
    assert charlie_api.get("/api/commitments").json()["count"] == 0
    response = post(
        charlie_api, "/api/commitments", {"contact": contact.code, "what": "x", "due": "tomorrow"}
    )
    assert response.status_code == 422


def test_the_api_needs_a_token(client, db):
    assert client.get("/api/commitments").status_code == 401
