"""Read a due time from the words of a promise: "in ten minutes", "by Friday", "tomorrow 3pm".

Public API::

    parse_due(text, *, now, tz, end_of_day=time(17, 0)) -> datetime   # aware, UTC
    DueParseError                                                     # never a guess

Pure Python; no Django. Wall-clock phrases ("tomorrow 3pm", "by Friday") are read in the
member's IANA timezone ``tz`` and converted to UTC, so they stay right across daylight-saving
changes; durations ("in 2 hours") are added to ``now`` as elapsed time.

Conventions (a promise is kept if done by its due time, so a period means its end):

* a day without a time ("by Friday", "tomorrow", "Dec 3", "in 2 days") → that day at
  ``end_of_day``; "end of day"/"EOD"/"today" → today at ``end_of_day`` (or 23:59 if that has
  passed);
* "morning" → 12:00, "afternoon" → ``end_of_day``, "evening"/"tonight" → 20:00, "noon" → 12:00;
* a weekday ("Friday", "by Friday", "this Friday") → the first such day whose due time is
  still ahead; "next Friday" → the Friday of next week;
* "end of week" → this week's Friday, "next week" → next week's Friday, "end of month" →
  the month's last day, each at ``end_of_day``; "Monday morning" → Monday 12:00;
* a time alone ("at 3pm", "by 15:00") → the next such time; explicit dates without a year
  → the next such date.

Anything else goes to ``dateparser`` (imported only then); if it cannot read it either,
``DueParseError`` is raised.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DueParseError", "parse_due"]


class DueParseError(ValueError):
    """The text does not name a due time we can read without guessing."""


_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty five": 45,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "a few": 3,
    "a couple of": 2,
    "a couple": 2,
    "half an": 0.5,
}
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_PARTS = {"morning": time(12, 0), "noon": time(12, 0), "evening": time(20, 0)}
_NIGHT = time(20, 0)

_LEAD = re.compile(r"^(?:by|before|on|until|till|no later than|at|due|latest)\s+")
_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?)"
_NUM = (
    r"(?P<num>\d+(?:\.\d+)?|a few|a couple(?: of)?|half an|an?|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty[- ]five|sixty|ninety)"
)
_RELATIVE = re.compile(rf"^(?:in|within)\s+(?:the next\s+)?{_NUM}\s+{_UNIT}$")
_HALF_HOUR = re.compile(r"^(?:in|within)\s+half an hour$")
_TIME = (
    r"(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.|o'clock)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})|(?P<word>noon|midday|midnight))"
)
_AT_TIME = rf"(?:,?\s*(?:at|by|@)?\s*{_TIME})"
_DAY_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night|noon|eod|end of day))"
_DAYWORD = re.compile(rf"^(?P<day>today|tonight|tomorrow|tmrw|tmr)(?:{_DAY_PART})?{_AT_TIME}?$")
_THIS_PART = re.compile(r"^(?:this|later this)\s+(?P<part>morning|afternoon|evening)$")
_WEEKDAY = re.compile(
    r"^(?:(?P<rel>this|next|coming|this coming)\s+)?(?P<wd>"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + rf")(?:{_DAY_PART})?{_AT_TIME}?$"
)
_TIME_ONLY = re.compile(rf"^{_TIME}(?:\s+(?P<day>today|tomorrow))?$")
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[ t](?P<h24>\d{1,2}):(?P<m24>\d{2}))?$"
)
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"^(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mo1>{_MONTH_RE})\.?"
    rf"|(?P<mo2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"(?:,?\s+(?P<y>\d{{4}}))?{_AT_TIME}?$"
)
_ORDINAL = re.compile(rf"^(?P<dom>\d{{1,2}})(?:st|nd|rd|th){_AT_TIME}?$")
_PERIOD = re.compile(
    r"^(?:(?:the\s+)?end of (?:the\s+)?(?P<end>day|week|month|business day|the day)|"
    r"(?P<abbr>eod|eow|eom|cob|close of business)|(?P<next>next week|next month)|"
    r"(?P<later>later today|later this week))$"
)


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DueParseError(f"unknown timezone {tz!r}") from exc


def _at(day: date, when: time, zone: ZoneInfo) -> datetime:
    """Wall-clock ``when`` on ``day`` in ``zone``, as UTC (a time skipped by DST moves on)."""
    local = datetime.combine(day, when, tzinfo=zone)
    return local.astimezone(UTC)


def _clock(m: re.Match[str]) -> time | None:
    """The time named in a match of ``_TIME``, or None when it names none."""
    groups = m.groupdict()
    if groups.get("word"):
        return time(0, 0) if groups["word"] == "midnight" else time(12, 0)
    if groups.get("h24") is not None:
        hour, minute = int(groups["h24"]), int(groups["m24"])
    elif groups.get("h") is not None:
        hour, minute = int(groups["h"]), int(groups["m"] or 0)
        ampm = groups["ampm"].replace(".", "")
        if ampm in ("am", "pm") and not 1 <= hour <= 12:
            raise DueParseError(f"{hour}{ampm} is not a time")
        if ampm == "pm" and hour != 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif ampm == "o'clock" and hour < 7:
            hour += 12
    else:
        return None
    if hour > 23 or minute > 59:
        raise DueParseError(f"{hour}:{minute:02d} is not a time")
    return time(hour, minute)


def _part_time(part: str | None, end_of_day: time) -> time | None:
    if part is None:
        return None
    if part in ("afternoon", "eod", "end of day"):
        return end_of_day
    if part == "night":
        return _NIGHT
    return _PARTS[part]


def _number(raw: str) -> float:
    raw = raw.replace("-", " ")
    if raw in _NUMBERS:
        return float(_NUMBERS[raw])
    return float(raw)


def _add_business_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _relative(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    n = _number(m.group("num"))
    unit = m.group("unit")
    if unit.startswith(("min", "hour", "hr")):
        minutes = n if unit.startswith("min") else n * 60
        return (now + timedelta(minutes=minutes)).astimezone(UTC)
    if n != int(n):
        raise DueParseError(f"cannot read a fraction of {unit}")
    count = int(n)
    if unit.startswith(("business", "working")):
        return _at(_add_business_days(local.date(), count), eod, zone)
    if unit.startswith("day"):
        return _at(local.date() + timedelta(days=count), eod, zone)
    if unit.startswith("week"):
        return _at(local.date() + timedelta(weeks=count), eod, zone)
    month = local.month - 1 + count
    year = local.year + month // 12
    month = month % 12 + 1
    return _at(_clamp_date(year, month, local.day), eod, zone)


def _clamp_date(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
            if day < 28:
                raise


def _end_of_today(now: datetime, local: datetime, zone: ZoneInfo, eod: time) -> datetime:
    due = _at(local.date(), eod, zone)
    return due if due > now else _at(local.date(), time(23, 59), zone)


def _week_friday(day: date) -> date:
    return day + timedelta(days=4 - day.weekday())


def _period(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    what = m.group("end") or m.group("abbr") or m.group("next") or m.group("later")
    if what in ("day", "the day", "business day", "eod", "cob", "close of business", "later today"):
        return _end_of_today(now, local, zone, eod)
    if what in ("week", "eow", "later this week"):
        due = _at(_week_friday(local.date()), eod, zone)
        return due if due > now else _at(_week_friday(local.date() + timedelta(days=7)), eod, zone)
    if what == "next week":
        return _at(_week_friday(local.date() + timedelta(days=7)), eod, zone)
    if what in ("month", "eom"):
        nxt = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        return _at(nxt - timedelta(days=1), eod, zone)
    # next month: its last day
    first = date(local.year + local.month // 12, local.month % 12 + 1, 1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return _at(after - timedelta(days=1), eod, zone)


def _dayword(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    day = m.group("day")
    when = _clock(m) or _part_time(m.group("part"), eod)
    if day == "tonight":
        when = when or _NIGHT
        return _at(local.date(), when, zone)
    if day == "today":
        if when is None:
            return _end_of_today(now, local, zone, eod)
        return _at(local.date(), when, zone)
    return _at(local.date() + timedelta(days=1), when or eod, zone)


def _weekday(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    target = _WEEKDAYS[m.group("wd")]
    when = _clock(m) or _part_time(m.group("part"), eod) or eod
    today = local.date()
    if m.group("rel") == "next":
        monday_next = today + timedelta(days=7 - today.weekday())
        return _at(monday_next + timedelta(days=target), when, zone)
    ahead = (target - today.weekday()) % 7
    due = _at(today + timedelta(days=ahead), when, zone)
    if due <= now:
        due = _at(today + timedelta(days=ahead or 7), when, zone)
    return due


def _time_only(m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo) -> datetime:
    when = _clock(m)
    if when is None:  # pragma: no cover - the pattern always names a time
        raise DueParseError("no time found")
    if m.group("day") == "tomorrow":
        return _at(local.date() + timedelta(days=1), when, zone)
    due = _at(local.date(), when, zone)
    if due <= now and m.group("day") != "today":
        due = _at(local.date() + timedelta(days=1), when, zone)
    return due


def _explicit(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    groups = m.groupdict()
    if groups.get("mo"):  # ISO
        day = date(int(groups["y"]), int(groups["mo"]), int(groups["d"]))
        when = time(int(groups["h24"]), int(groups["m24"])) if groups.get("h24") else eod
        return _at(day, when, zone)
    month = _MONTHS[groups["mo1"] or groups["mo2"]]
    dom = int(groups["d1"] or groups["d2"])
    when = _clock(m) or eod
    if groups.get("y"):
        return _at(date(int(groups["y"]), month, dom), when, zone)
    due = _at(date(local.year, month, dom), when, zone)
    if due <= now:
        due = _at(date(local.year + 1, month, dom), when, zone)
    return due


def _ordinal(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    """ "the 5th": the next 5th of a month (this month's if still ahead)."""
    dom = int(m.group("dom"))
    when = _clock(m) or eod
    year, month = local.year, local.month
    for _ in range(13):
        try:
            due = _at(date(year, month, dom), when, zone)
        except ValueError:
            due = None
        if due is not None and due > now:
            return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise DueParseError(f"no month has a day {dom}")


def _normalise(text: str) -> str:
    cleaned = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'")).strip(" .,;!?")
    cleaned = re.sub(r"\bthe (\d)", r"\1", cleaned)
    return _LEAD.sub("", cleaned)


def parse_due(text: str, *, now: datetime, tz: str, end_of_day: time = time(17, 0)) -> datetime:
    """The due time ``text`` names, as an aware UTC datetime; ``DueParseError`` if none."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(tz)
    local = now.astimezone(zone)
    phrase = _normalise(text)
    if not phrase:
        raise DueParseError("no due time given")
    try:
        return _parse_known(phrase, now, local, zone, end_of_day)
    except DueParseError:
        raise
    except ValueError as exc:  # an impossible date such as "31 February"
        raise DueParseError(f"{text!r} is not a valid date: {exc}") from exc


def _parse_known(
    phrase: str, now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    if _HALF_HOUR.match(phrase):
        return (now + timedelta(minutes=30)).astimezone(UTC)
    if m := _RELATIVE.match(phrase):
        return _relative(m, now, local, zone, eod)
    if m := _PERIOD.match(phrase):
        return _period(m, now, local, zone, eod)
    if m := _DAYWORD.match(phrase):
        return _dayword(m, now, local, zone, eod)
    if m := _THIS_PART.match(phrase):
        return _at(local.date(), _part_time(m.group("part"), eod) or eod, zone)
    if m := _WEEKDAY.match(phrase):
        return _weekday(m, now, local, zone, eod)
    if m := _TIME_ONLY.match(phrase):
        return _time_only(m, now, local, zone)
    if m := _ISO.match(phrase):
        return _explicit(m, now, local, zone, eod)
    if m := _DAY_MONTH.match(phrase):
        return _explicit(m, now, local, zone, eod)
    if m := _ORDINAL.match(phrase):
        return _ordinal(m, now, local, zone, eod)
    return _with_dateparser(phrase, now, zone)


def _with_dateparser(phrase: str, now: datetime, zone: ZoneInfo) -> datetime:
    """Fallback for phrasings not handled above. Refuses anything with no digit or date word."""
    if not re.search(r"\d|" + _MONTH_RE + r"|day|week|month|year|hour|minute", phrase):
        raise DueParseError(f"cannot read a due time from {phrase!r}")
    import dateparser  # slow to import: only when needed

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        "TIMEZONE": str(zone.key),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "STRICT_PARSING": False,
    }
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception as exc:
        raise DueParseError(f"cannot read a due time from {phrase!r}") from exc
    if parsed is None:
        raise DueParseError(f"cannot read a due time from {phrase!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)
