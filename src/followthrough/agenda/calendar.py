"""The agenda as an iCalendar (RFC 5545) feed, built with the icalendar library.

Event times carry the member's zone (``DTSTART;TZID=Pacific/Auckland:…`` with its VTIMEZONE),
so a calendar shows them at the member's wall-clock time whatever zone it runs in."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event

from followthrough.agenda.due import AgendaItem, agenda_for, timed_providers
from followthrough.core import clock
from followthrough.workspaces.models import Member

FEED_HORIZON = timedelta(days=60)
BLOCK = timedelta(minutes=15)
PREFIX = {
    "promise_broken": "Broken: ",
    "theirs_slipped": "Chase: ",
}


def agenda_ics(member: Member, *, now: datetime, site_url: str) -> bytes:
    """Every timed agenda item in the next 60 days (and those overdue) as an event that
    ends at its due time. UIDs come from item keys, so they are stable across fetches."""
    cal = Calendar()
    cal.add("prodid", "-//Followthrough//Agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Followthrough — {member.display_name}")
    cal.add("x-wr-timezone", member.timezone)
    cal.add("refresh-interval;value=duration", "PT15M")
    zone = clock.zone(member.timezone)
    # Only the kinds that carry a time: untimed items (replies owed…) never reach a calendar,
    # and must not take the places of timed ones under the list's cap.
    for item in agenda_for(member, now=now, horizon=FEED_HORIZON, only=timed_providers()):
        if item.due_at is not None:
            cal.add_component(_event(item, now=now, site_url=site_url, zone=zone))
    if str(zone) != "UTC":
        cal.add_missing_timezones()  # a VTIMEZONE for the member's zone
    body: bytes = cal.to_ical()
    return body


def _event(item: AgendaItem, *, now: datetime, site_url: str, zone: tzinfo) -> Event:
    due = item.due_at or now
    event = Event()
    event.add("uid", f"{item.key.replace(':', '-')}@followthrough")
    event.add("dtstamp", now.astimezone(clock.zone("UTC")))  # RFC 5545: DTSTAMP is UTC
    event.add("dtstart", (due - BLOCK).astimezone(zone))  # elapsed time, then the wall clock
    event.add("dtend", due.astimezone(zone))
    event.add("summary", f"{PREFIX.get(item.kind, '')}{item.title} — {item.contact_name}")
    event.add("description", f"{item.why}\n\n{site_url}")
    event.add("url", site_url)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if due > now:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
    return event
