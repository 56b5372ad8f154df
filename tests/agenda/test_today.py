"""The Today page: the list, its inline actions (htmx, no reload) and its cost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.agenda.models import Snooze
from followthrough.commitments.models import Commitment, State
from followthrough.contacts.models import Interaction
from tests.agenda.helpers import lived_in_day
from tests.commitments.helpers import promise
from tests.factories import ContactFactory

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda"}


def test_today_lists_what_bob_owes_with_reasons_and_actions(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    body = bob_client.get("/").content.decode()
    assert "Broken — deal with it now" in body
    assert "send the quote" in body
    assert "Dee Test wrote “Where is my order?” 2 days ago" in body
    assert "Chase politely" in body
    assert f'hx-post="/promises/{day.due_soon.code}/keep/"' in body
    assert f'action="/promises/{day.due_soon.code}/keep/"' in body  # works without JS too
    assert "Credibility" in body or "credibility" in body


def test_every_hx_get_on_today_also_has_an_href_or_is_a_live_preview(bob_client, bob, now, frozen):
    lived_in_day(bob, now)
    body = bob_client.get("/").content.decode()
    # The only hx-get controls are the form's live preview and contact picker (inputs).
    assert body.count("hx-get=") == 2
    assert 'hx-get="/promises/preview/"' in body


def test_an_empty_day_says_so(bob_client, frozen):
    assert "Nothing is owed right now" in bob_client.get("/").content.decode()


def test_today_needs_a_signed_in_member(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_logging_the_reply_from_today_clears_it_in_place(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    code = day.wrote_first.code
    response = bob_client.post(f"/today/log/{code}/", {"how": "email", "subject": "Re"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Reply to Dee Test logged." in body
    assert "Where is my order?" not in body
    reply = Interaction.objects.get(contact=day.wrote_first, direction="outbound")
    assert (reply.kind, reply.member, reply.occurred_at) == ("email", bob, now)


def test_logging_the_call_back_clears_the_voicemail(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    bob_client.post(f"/today/log/{day.voicemail.code}/", {"how": "call"}, **HTMX)
    day.voicemail.refresh_from_db()
    assert day.voicemail.owed_reply_since is None


def test_logging_a_call_clears_the_no_show(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    body = bob_client.post(f"/today/log/{day.no_show.code}/", {"how": "call"}, **HTMX).content
    assert b"Reschedule with Gus" not in body


def test_an_unknown_way_of_logging_is_explained(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    body = bob_client.post(f"/today/log/{day.wrote_first.code}/", {"how": "fax"}, **HTMX).content
    assert b"Log it as an email, message, call or voicemail." in body


def test_snoozing_hides_an_item_until_tomorrow_morning(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    key = f"reply:{day.wrote_first.code}"
    body = bob_client.post("/today/snooze/", {"key": key, "for": "tomorrow"}, **HTMX).content
    assert b"Where is my order?" not in body
    snooze = Snooze.objects.get(member=bob, key=key)
    # 9:00 in New York on Wednesday.
    assert snooze.until.isoformat() == "2026-11-25T14:00:00+00:00"


def test_a_bad_snooze_is_explained_not_a_500(bob_client, bob, frozen):
    response = bob_client.post("/today/snooze/", {"key": "../etc", "for": "1h"}, **HTMX)
    assert response.status_code == 200
    assert b"is not an agenda item" in response.content
    response = bob_client.post("/today/snooze/", {"key": "reply:x", "for": "forever"}, **HTMX)
    assert b"Snooze for 1h, 3h or until tomorrow." in response.content


def test_without_htmx_actions_redirect_to_today(bob_client, bob, now, frozen):
    day = lived_in_day(bob, now)
    response = bob_client.post(f"/today/log/{day.wrote_first.code}/", {"how": "email"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_a_promise_made_from_today_appears_on_it_at_once(bob_client, bob, contact, frozen):
    response = bob_client.post(
        "/promises/new/",
        {"contact": contact.email, "what": "ring back", "due": "in ten minutes", "side": "ours"},
        **HTMX,
    )
    body = response.content.decode()
    assert "Promise recorded: ring back, due Tue 24 Nov, 09:40 (in 10 min)." in body
    assert "Due in the next hours" in body
    assert Commitment.objects.get().state == State.OPEN


def test_a_bad_promise_from_today_shows_the_error_in_the_form(bob_client, contact, frozen):
    response = bob_client.post(
        "/promises/new/",
        {"contact": contact.email, "what": "ring back", "due": "at some point", "side": "ours"},
        **HTMX,
    )
    assert "Could not read “at some point”" in response.content.decode()
    assert not Commitment.objects.exists()


def test_today_costs_the_same_queries_with_more_data(
    bob_client, bob, now, frozen, django_assert_num_queries
):
    lived_in_day(bob, now)
    with CaptureQueriesContext(connection) as first:
        bob_client.get("/")
    # A small fixed number whatever the data size: the session, the member, the list (one
    # query for every kind of item), the member's standing.
    assert len(first.captured_queries) <= 7
    lived_in_day(bob, now)  # twice the contacts, promises, replies and no-shows
    for n in range(10):
        promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what=f"p{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        body = bob_client.get("/").content.decode()
    assert body.count('class="agenda-item') == 2 * 8 + 10


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/today/log/{contact}/", {"how": "email"}),
        ("/today/snooze/", {"key": "reply:{contact}", "for": "1h"}),
    ],
)
def test_charlie_gets_404_or_touches_only_his_own_list(
    charlie_client, charlie, contact, path, data, frozen
):
    url = path.format(contact=contact.code)
    body = {k: v.format(contact=contact.code) for k, v in data.items()}
    response = charlie_client.post(url, body)
    if "log" in path:
        assert response.status_code == 404
        assert not Interaction.objects.filter(contact=contact).exists()
    else:  # a snooze only ever hides items on the snoozer's own list
        assert not Snooze.objects.exclude(member=charlie).exists()


def test_charlies_today_shows_nothing_of_bobs(charlie_client, bob, now, frozen):
    lived_in_day(bob, now)
    body = charlie_client.get("/").content.decode()
    assert "Nothing is owed right now" in body
    assert "Test" not in body


def test_healthz_is_trivial(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_snooze_keys_expire(bob, now):
    from followthrough.agenda.services import agenda_snooze

    agenda_snooze(member=bob, key="reply:a", until=now + timedelta(hours=1), now=now)
    agenda_snooze(
        member=bob, key="reply:b", until=now + timedelta(hours=3), now=now + timedelta(hours=2)
    )
    assert list(Snooze.objects.values_list("key", flat=True)) == ["reply:b"]


def test_a_long_list_shows_the_most_urgent_first_and_the_rest_on_request(
    bob_client, bob, now, frozen
):
    for n in range(55):
        promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what=f"promise {n}")
    body = bob_client.get("/").content.decode()
    assert body.count('class="agenda-item') == 50
    assert "Showing the 50 most urgent of 55 · " in body
    assert "5 less urgent items after these." in body
    assert 'href="/?all=1"' in body
    everything = bob_client.get("/?all=1").content.decode()
    assert everything.count('class="agenda-item') == 55
    assert "Showing all 55 · " in everything


def test_a_short_list_says_no_count(bob_client, bob, now, frozen):
    promise(bob, ContactFactory.create(workspace=bob.workspace), now=now, what="one thing")
    body = bob_client.get("/").content.decode()
    assert body.count('class="agenda-item') == 1
    assert "most urgent of" not in body
    assert "?all=1" not in body


def test_each_item_has_one_prominent_action_and_the_rest_in_a_menu(bob_client, bob, now, frozen):
    lived_in_day(bob, now)
    body = bob_client.get("/").content.decode()
    items = body.split('<li class="agenda-item')[1:]
    assert len(items) == 8
    for item in items:
        assert item.count("data-primary") == 1
        assert item.count('<details class="agenda-menu">') == 1
        assert '<time datetime="' in item
    assert "More actions for Reply to Dee Test" in body


def test_what_members_typed_is_escaped_on_today(bob_client, bob, now, frozen):
    contact = ContactFactory.create(workspace=bob.workspace, first_name="<i>Ann</i>", last_name="")
    promise(bob, contact, now=now, what='<script>alert("x")</script>')
    body = bob_client.get("/").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "&lt;i&gt;Ann&lt;/i&gt;" in body
    assert f'href="/contacts/{contact.code}/" data-open' in body


def test_the_favicon_is_served_from_the_vendored_static_files(client, db):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert client.get("/static/followthrough/favicon.ico").status_code == 200
