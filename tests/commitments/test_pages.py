"""Promise pages: making one (with the parsed time shown back), acting on one, the ledger."""

from datetime import timedelta

import pytest

from followthrough.commitments.models import Commitment, State
from tests.commitments.helpers import promise
from tests.conftest import client_for
from tests.factories import ContactFactory, MemberFactory

HOUR = timedelta(hours=1)
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda"}


def test_a_promise_made_from_the_contact_page_is_read_in_the_members_timezone(
    bob_client, bob, contact, frozen
):
    response = bob_client.post(
        "/promises/new/",
        {
            "contact": f"Dana Reyes <{contact.email}>",
            "what": "call back with pricing",
            "due": "tomorrow 3pm",
            "side": "ours",
            "next": f"/contacts/{contact.code}/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.code}/"
    c = Commitment.objects.get()
    # Bob is in New York: 3pm there is 20:00 UTC on 25 November.
    assert c.due_at.isoformat() == "2026-11-25T20:00:00+00:00"
    assert (c.owner, c.contact, c.due_text) == (bob, contact, "tomorrow 3pm")


def test_the_contact_page_shows_its_promises_and_a_way_to_make_one(
    bob_client, bob, contact, now, django_assert_max_num_queries
):
    promise(bob, contact, now=now, what="send the brochure")
    response = bob_client.get(f"/contacts/{contact.code}/")
    body = response.content.decode()
    assert "send the brochure" in body
    assert f"/promises/new/?contact={contact.code}" in body


def test_text_that_is_not_a_time_gets_a_clear_error_and_nothing_is_saved(
    bob_client, contact, frozen
):
    response = bob_client.post(
        "/promises/new/",
        {"contact": contact.email, "what": "quote", "due": "whenever suits", "side": "ours"},
    )
    assert response.status_code == 422
    assert "Could not read “whenever suits” as a time" in response.content.decode()
    assert not Commitment.objects.exists()


def test_the_error_for_a_nonsense_time_says_the_words_once(bob_client, contact, frozen):
    response = bob_client.post(
        "/promises/new/",
        {"contact": contact.email, "what": "quote", "due": "at some point", "side": "ours"},
    )
    body = response.content.decode()
    assert "Could not read “at some point” as a time: it names no day or time." in body
    assert "&#x27;some point&#x27;" not in body  # the reason does not quote the words again
    assert "cannot read a due time" not in body


def test_the_preview_shows_the_parsed_time_back_before_saving(bob_client, frozen):
    response = bob_client.get("/promises/preview/", {"due": "by Friday"})
    # Friday 27 November at the end of Bob's working day (17:00 New York).
    assert "Due Fri 27 Nov, 17:00 (in 3 days)" in response.content.decode()


def test_the_preview_explains_what_it_cannot_read(bob_client, frozen):
    response = bob_client.get("/promises/preview/", {"due": "soonish"})
    assert "Could not read “soonish”" in response.content.decode()


def test_the_preview_shows_what_else_is_due_then_and_a_safer_time(
    bob_client, bob, contact, now, frozen
):
    # Bob's past promises made three hours ahead ran two hours late, four times of five.
    for n in range(5):
        made = now - timedelta(days=n + 1)
        c = promise(bob, contact, now=made, due_in=3 * HOUR)
        Commitment.objects.filter(pk=c.pk).update(
            state=State.BROKEN if n else State.KEPT,
            closed_at=c.due_at,
            late_seconds=0 if n == 0 else 2 * 3600,
            attention_at=None,
        )
    promise(bob, contact, now=now, due_in=2 * HOUR, what="send the contract")
    body = bob_client.get("/promises/preview/", {"due": "in 3 hours"}).content.decode()
    assert "send the contract" in body
    assert "ran late 4 of 5 times, by 2 h on median" in body
    # Due 12:30 in New York; + 2 h, rounded up to the hour, written as the member would type.
    assert 'data-safer="2026-11-24 15:00"' in body


def test_keeping_from_today_rerenders_the_list_in_place(bob_client, bob, contact, now, frozen):
    c = promise(bob, contact, now=now, what="send the brochure")
    response = bob_client.post(f"/promises/{c.code}/keep/", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="agenda"' in body
    assert "<html" not in body
    assert "Kept. Well done." in body
    c.refresh_from_db()
    assert c.state == State.KEPT


def test_renegotiating_from_today_needs_the_told_box(bob_client, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    response = bob_client.post(f"/promises/{c.code}/renegotiate/", {"due": "tomorrow"}, **HTMX)
    assert "tell the customer the new time first" in response.content.decode()
    response = bob_client.post(
        f"/promises/{c.code}/renegotiate/", {"due": "tomorrow", "told": "1"}, **HTMX
    )
    assert "Renegotiated: now due Wed 25 Nov, 17:00" in response.content.decode()
    c.refresh_from_db()
    assert c.state == State.RENEGOTIATED


def test_a_bad_new_time_is_reported_not_guessed(bob_client, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    response = bob_client.post(
        f"/promises/{c.code}/renegotiate/", {"due": "someday", "told": "1"}, **HTMX
    )
    assert "Could not read “someday”" in response.content.decode()


def test_without_htmx_actions_redirect_back_with_a_message(bob_client, bob, contact, now, frozen):
    c = promise(bob, contact, now=now)
    response = bob_client.post(f"/promises/{c.code}/release/", {"reason": "not needed"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == State.RELEASED


def test_the_promise_page_shows_its_history(bob_client, bob, contact, now):
    c = promise(bob, contact, now=now, what="send the brochure")
    body = bob_client.get(f"/promises/{c.code}/").content.decode()
    assert "send the brochure" in body
    assert "Made" in body


def test_the_ledger_page_shows_credibility_and_kept_rate(bob_client, bob, contact, now, frozen):
    promise(bob, contact, now=now, what="send the brochure")
    body = bob_client.get("/promises/").content.decode()
    assert "Credibility" in body
    assert "send the brochure" in body


def test_the_ledger_page_costs_the_same_queries_with_more_promises(
    bob_client, bob, contact, now, frozen, django_assert_num_queries
):
    promise(bob, contact, now=now)
    with django_assert_num_queries(7) as first:
        bob_client.get("/promises/")
    for n in range(15):
        promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what=f"p{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        bob_client.get("/promises/")


def test_a_manager_sees_a_reps_ledger_and_a_rep_sees_only_their_own(
    alice_client, bob_client, alice, bob, contact, now, frozen
):
    promise(bob, contact, now=now, what="bobs promise")
    promise(alice, contact, now=now, what="alices promise")
    assert "bobs promise" in alice_client.get(f"/promises/?member={bob.code}").content.decode()
    own = bob_client.get("/promises/").content.decode()
    assert "bobs promise" in own
    assert "alices promise" not in own
    asked = bob_client.get(f"/promises/?member={alice.code}")
    assert asked.status_code == 404
    assert "alices promise" not in asked.content.decode()


def test_the_contact_picker_lists_matching_contacts(bob_client, contact):
    body = bob_client.get("/promises/contacts/", {"contact": "dan"}).content.decode()
    assert "Dana Reyes &lt;dana@customer.test&gt;" in body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/promises/{code}/"),
        ("post", "/promises/{code}/keep/"),
        ("post", "/promises/{code}/renegotiate/"),
        ("post", "/promises/{code}/release/"),
        ("get", "/promises/new/?contact={contact}"),
    ],
)
def test_charlie_gets_404(charlie_client, bob, contact, now, method, path):
    c = promise(bob, contact, now=now)
    url = path.format(code=c.code, contact=contact.code)
    if method == "post":
        response = charlie_client.post(url, {"due": "tomorrow", "told": "1", "reason": "x"})
    else:
        response = charlie_client.get(url)
    assert response.status_code == 404
    c.refresh_from_db()
    assert c.state == State.OPEN


def test_charlie_cannot_make_a_promise_to_bobs_contact(charlie_client, contact, frozen):
    response = charlie_client.post(
        "/promises/new/", {"contact": contact.email, "what": "x", "due": "tomorrow"}
    )
    assert response.status_code == 422
    assert not Commitment.objects.exists()


def test_charlie_sees_nobody_in_the_contact_picker(charlie_client, contact):
    assert (
        "Dana" not in charlie_client.get("/promises/contacts/", {"contact": "dan"}).content.decode()
    )


def test_charlie_cannot_see_bobs_ledger(charlie_client, bob):
    assert charlie_client.get(f"/promises/?member={bob.code}").status_code == 404


def test_another_rep_cannot_keep_bobs_promise(alice, bob, contact, now):
    other = client_for(MemberFactory.create(workspace=alice.workspace))
    c = promise(bob, contact, now=now)
    assert other.post(f"/promises/{c.code}/keep/").status_code == 404


def test_the_new_promise_page_starts_with_the_contact_filled_in(bob_client, contact, frozen):
    body = bob_client.get(f"/promises/new/?contact={contact.code}").content.decode()
    assert 'value="Dana Reyes &lt;dana@customer.test&gt;"' in body
    assert 'hx-get="/promises/preview/"' in body
    assert "I promised them" in body
