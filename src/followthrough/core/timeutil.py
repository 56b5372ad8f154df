"""Time helpers. Everything that depends on the current time takes `now`."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone


def utcnow() -> datetime:
    """The one place that reads the clock; callers pass its value down as `now`."""
    return timezone.now()


def is_valid_timezone(name: str) -> bool:
    return name in _zones()


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(n for n in _zones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *((n, n.replace("_", " ")) for n in names)]


def local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


def at_local_time(day_in_tz: datetime, at: time) -> datetime:
    """The given wall-clock time on the same local day as `day_in_tz` (an aware datetime)."""
    return day_in_tz.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
