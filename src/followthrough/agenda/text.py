"""Short, human wording for times on the agenda: "in 3 days", "2 h ago", "Fri 28 Nov, 17:00"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def duration(delta: timedelta) -> str:
    """A rounded, short duration: "40 min", "2 h", "3 days"."""
    seconds = abs(delta.total_seconds())
    minutes = round(seconds / 60)
    if minutes < 1:
        return "a moment"
    if minutes < 60:
        return f"{minutes} min"
    hours = seconds / 3600
    if hours < 24:
        whole, rest = divmod(minutes, 60)
        return f"{whole} h" if rest < 10 or whole >= 6 else f"{whole} h {rest} min"
    days = round(hours / 24)
    if days < 14:
        return "1 day" if days == 1 else f"{days} days"
    weeks = round(days / 7)
    return f"{weeks} weeks"


def relative(when: datetime, now: datetime) -> str:
    """ "in 3 days" or "2 h ago"."""
    delta = when - now
    if abs(delta) < timedelta(minutes=1):
        return "now"
    return f"in {duration(delta)}" if delta > timedelta(0) else f"{duration(delta)} ago"


def local_label(when: datetime, tz: str, now: datetime | None = None) -> str:
    """ "Fri 28 Nov, 17:00" in the member's zone; "today, 17:00"/"tomorrow, 9:30" when near."""
    zone = ZoneInfo(tz)
    local = when.astimezone(zone)
    clock = f"{local:%H:%M}"
    if now is not None:
        today = now.astimezone(zone).date()
        if local.date() == today:
            return f"today, {clock}"
        if (local.date() - today).days == 1:
            return f"tomorrow, {clock}"
        if (local.date() - today).days == -1:
            return f"yesterday, {clock}"
    year = f" {local.year}" if now is not None and local.year != now.astimezone(zone).year else ""
    return f"{local:%a} {local.day} {local:%b}{year}, {clock}"


def due_phrase(when: datetime, tz: str, now: datetime) -> str:
    """ "due Fri 28 Nov, 17:00 (in 3 days)"."""
    return f"due {local_label(when, tz)} ({relative(when, now)})"


def contact_name(first: str, last: str, email: str, phone: str) -> str:
    """A contact's display name from its columns (as `Contact.name`, without the row)."""
    full = f"{first} {last}".strip()
    return full or email or phone or "(no name)"
