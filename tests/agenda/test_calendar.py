"""The ICS feed: RFC 5545 from the same agenda, at a secret, rotatable URL."""

from datetime import timedelta

from icalendar import Calendar

from followthrough.workspaces.services import member_rotate_calendar_token
from tests.agenda.helpers import lived_in_day


def feed(client, member):
    return client.get(f"/calendar/{member.calendar_token}.ics")


def test_the_feed_parses_and_holds_the_members_timed_items(client, bob, now, frozen):
    day = lived_in_day(bob, now)
    response = feed(client, bob)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    uid = f"promise-{day.due_soon.code}@followthrough"
    assert uid in events
    event = events[uid]
    assert event.decoded("DTEND") == day.due_soon.due_at
    # 15:00 UTC at bob's wall clock in New York, with the zone named and described.
    assert b"DTEND;TZID=America/New_York:20261124T100000" in response.content
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York" in response.content
    assert event.decoded("DTSTART") == day.due_soon.due_at - timedelta(minutes=15)
    assert str(event["SUMMARY"]) == "call back with pricing — Ben Test"
    # Promises later in the next 60 days are there; replies owed (untimed) are not.
    assert f"promise-{day.tomorrow.code}@followthrough" in events
    assert f"promise-{day.broken.code}@followthrough" in events
    assert str(events[f"promise-{day.broken.code}@followthrough"]["SUMMARY"]).startswith("Broken:")
    assert not any(uid.startswith("reply-") for uid in events)


def test_uids_are_stable_from_one_fetch_to_the_next(client, bob, now, frozen):
    lived_in_day(bob, now)
    first = [str(e["UID"]) for e in Calendar.from_ical(feed(client, bob).content).walk("VEVENT")]
    again = [str(e["UID"]) for e in Calendar.from_ical(feed(client, bob).content).walk("VEVENT")]
    assert first == again
    assert len(first) == len(set(first)) == 5


def test_the_feed_has_cache_headers_and_answers_304_when_unchanged(client, bob, now, frozen):
    lived_in_day(bob, now)
    response = feed(client, bob)
    assert response["Cache-Control"] == "private, max-age=300"
    again = client.get(f"/calendar/{bob.calendar_token}.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_unknown_or_rotated_token_is_a_404(client, bob, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    old = bob.calendar_token
    member_rotate_calendar_token(member=bob)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert feed(client, bob).status_code == 200


def test_charlies_token_shows_none_of_bobs_promises(client, bob, charlie, now, frozen):
    lived_in_day(bob, now)
    cal = Calendar.from_ical(feed(client, charlie).content)
    assert cal.walk("VEVENT") == []


def test_a_deactivated_members_feed_is_gone(client, bob, db):
    bob.is_active = False
    bob.save()
    assert feed(client, bob).status_code == 404
