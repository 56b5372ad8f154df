"""`|when`: the one way templates write a time (a builtin: no `{% load %}` needed).

``{{ c.due_at|when }}`` → "Fri 4 Dec 2026, 15:00" in the viewer's zone (the member's, or on a
public page the zone the view chose, see ``core.clock``); ``{{ x|when:"j M Y" }}`` takes a
Django date format; ``{{ x|when_iso }}`` is ISO 8601 with the zone's offset for
``<time datetime>``; ``{% when_zone %}`` names the zone ("Pacific/Auckland (NZDT)").
Dates (``DateField``) are written as they are: a date has no zone.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import template
from django.utils import dateformat

from followthrough.core import clock

register = template.Library()

DEFAULT = "D j M Y, H:i"


@register.filter(expects_localtime=False, is_safe=False)
def when(value: datetime | date | time | str | None, fmt: str = DEFAULT) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return dateformat.format(clock.to_local(value), fmt)
    if isinstance(value, date):
        return dateformat.format(value, fmt)
    if isinstance(value, time):  # a wall-clock time (working hours): no zone to apply
        return dateformat.time_format(value, fmt)
    return str(value)


@register.filter(expects_localtime=False)
def when_iso(value: datetime | date | str | None) -> str:
    if isinstance(value, datetime | date):
        return clock.iso(value) or ""
    return ""


@register.simple_tag
def when_zone() -> str:
    return clock.zone_label()
