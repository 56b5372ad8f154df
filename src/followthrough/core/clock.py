"""One clock everywhere: the zone a time is shown in, and the one way it is written.

Times are stored in UTC. A member sees them in their own timezone; a customer on a public page
sees them in the business's zone, named on the page. Templates format times with the ``|when``
filters (builtin in every template), the API writes ISO 8601 with the member's offset, the CLI
and the calendar feed use the member's zone — all through this module (docs/time.md).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from followthrough.workspaces.models import Member, Workspace


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The IANA zone ``name``; UTC when it is empty or unknown (never an error on a page)."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def workspace_timezone(workspace: Workspace) -> str:
    """The business's zone: that of its first active manager (the one who set it up)."""
    from followthrough.workspaces.models import Role

    first = (
        workspace.members.filter(is_active=True, role=Role.MANAGER)
        .order_by("pk")
        .values_list("timezone", flat=True)
        .first()
    )
    return first or "UTC"


def public_timezone(workspace: Workspace, owner: Member | None = None) -> str:
    """The zone of a page a customer sees: the rep who looks after them, else the business's."""
    if owner is not None and owner.is_active and owner.timezone:
        return owner.timezone
    return workspace_timezone(workspace)


@contextmanager
def shown_in(name: str) -> Iterator[None]:
    """Render times in zone ``name`` inside the block (templates, the API, the CLI)."""
    previous = timezone.get_current_timezone()
    timezone.activate(zone(name))
    try:
        yield
    finally:
        timezone.activate(previous)


def to_local(value: datetime, name: str | None = None) -> datetime:
    """An aware datetime in zone ``name`` (the active zone when None)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, zoneinfo.ZoneInfo("UTC"))
    return value.astimezone(zone(name) if name else timezone.get_current_timezone())


def iso(value: datetime | date | None, name: str | None = None) -> str | None:
    """ISO 8601 with the zone's offset ("2026-12-04T15:00:00+13:00"); dates as "2026-12-04"."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_local(value, name).isoformat()
    return value.isoformat()


def zone_label(name: str | None = None, at: datetime | None = None) -> str:
    """ "Pacific/Auckland (NZDT)": the zone's name and its abbreviation at ``at``."""
    tz = zone(name) if name else timezone.get_current_timezone()
    key = getattr(tz, "key", str(tz))
    abbr = (at or timezone.now()).astimezone(tz).tzname() or ""
    if not abbr or abbr == key or abbr.startswith(("+", "-")):
        return key.replace("_", " ")
    return f"{key.replace('_', ' ')} ({abbr})"
