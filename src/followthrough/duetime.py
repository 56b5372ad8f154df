"""Read a due time from the words of a promise: "in ten minutes", "by Friday", "3pm tomorrow".

Public API::

    parse_due(text, *, now, tz, end_of_day=time(17, 0), start_of_day=time(9, 0)) -> datetime
    DueParseError                                          # never a guess; says why, not what

Pure Python; no Django. Wall-clock phrases are read in the member's IANA timezone ``tz`` (or
in the zone the phrase names: "3pm EST", "15:00 London time", "9am Europe/Paris") and
converted to UTC, so they stay right across daylight-saving changes; durations ("in 2 hours")
are added to ``now`` as elapsed time.

A promise is kept if done by its due time, so **a period means its end**. The conventions
(docs/due-times.md has the full table, tests/guard/test_duetime_table.py checks each):

* a day without a time ("Friday", "tomorrow", "16 March", "16/03", "16.3.", "2026-03-16") →
  that day at ``end_of_day``; "today"/"end of day"/"EOD" → today at ``end_of_day`` (23:59 if
  that has passed);
* "first thing" → ``start_of_day`` + 1 hour; "morning" → 12:00; "lunchtime" → 13:00;
  "afternoon" → ``end_of_day``; "evening"/"tonight" → 20:00; "noon" → 12:00; "midnight" →
  23:59 of that day; "between 8 and 12" / "8-12" / "from 2 to 4pm" → the window's end;
* "this week"/"end of week"/"before the weekend"/"later this week" → this week's Friday;
  "early next week" → next week's Tuesday; "mid next week" → next Wednesday; "next week" /
  "end of next week" → next week's Friday; "the weekend" → Sunday; "end of month" → the
  month's last day; each at ``end_of_day``;
* a weekday → the first such day whose due time is still ahead; "next Tuesday" → Tuesday of
  next week; a weekday with a date ("Monday 16 March") must agree with it;
* a time alone ("at 3pm", "by 15:00") → the next such time; a bare hour ("at 3") is 1 to 7 →
  afternoon, 8 to 11 → morning; dates without a year → the next such date; numbers are read
  day first (16/03 is 16 March);
* the parts can come in any order: "3pm tomorrow" = "tomorrow 3pm" = "tomorrow at 3pm".

Anything else goes to ``dateparser`` (imported only then); if it cannot read it either,
``DueParseError`` is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = ["DueParseError", "parse_due"]


class DueParseError(ValueError):
    """The text does not name a due time we can read without guessing. The message says why
    (it does not repeat the text: the caller shows it)."""


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
_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
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
_NIGHT = time(20, 0)
_LUNCH = time(13, 0)
_LAST_MINUTE = time(23, 59)

# Zones a phrase may name. Abbreviations stand for the zone they are used in (with its
# daylight-saving rules): "3pm EST" in July is 15:00 in New York.
_ABBREVIATIONS = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "bst": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}
_CITIES = {
    "eastern": "America/New_York",
    "new york": "America/New_York",
    "central": "America/Chicago",
    "chicago": "America/Chicago",
    "mountain": "America/Denver",
    "denver": "America/Denver",
    "pacific": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "london": "Europe/London",
    "uk": "Europe/London",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "amsterdam": "Europe/Amsterdam",
    "madrid": "Europe/Madrid",
    "rome": "Europe/Rome",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland",
    "nz": "Pacific/Auckland",
    "tokyo": "Asia/Tokyo",
    "singapore": "Asia/Singapore",
    "dubai": "Asia/Dubai",
    "india": "Asia/Kolkata",
    "toronto": "America/Toronto",
}

_LEAD = re.compile(
    r"^(?:(?:by|before|on|until|till|til|no later than|not later than|at|due|latest|"
    r"sometime|some time|around|about|for)\s+)+"
)
_TAIL = re.compile(r"\s+(?:at the latest|latest|at the very latest|or sooner|or earlier)$")
_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?)"
_NUM = (
    r"(?P<num>\d+(?:\.\d+)?|a few|a couple(?: of)?|half an|an?|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty[- ]five|sixty|ninety)"
)
_RELATIVE = re.compile(rf"^(?:in|within)\s+(?:the next\s+)?{_NUM}\s+{_UNIT}(?:\s+time)?$")
_HALF_HOUR = re.compile(r"^(?:in|within)\s+(?:half an hour|30 min(?:ute)?s?)$")
_THE_HOUR = re.compile(r"^(?:in|within)\s+the(?: next)? hour$")
_PERIOD = re.compile(
    r"^(?:(?:the\s+)?end of (?:the\s+)?(?P<end>day|week|month|business day|working day|"
    r"work day|workday|next week|next month|this week|this month)"
    r"|(?P<abbr>eod|eow|eom|cob|close of business|end of business|end of play|eop|eob)"
    r"|(?P<named>this week|next week|next month|this month|later today|later this week|"
    r"early next week|early in the week|earlier next week|mid next week|the middle of next week|"
    r"middle of next week|mid week|midweek|the weekend|this weekend|over the weekend|weekend|"
    r"the end of the week|before the weekend|before the end of the week|the week|"
    r"this coming week|the coming week|end of the week)"
    r")$"
)

_CLOCK = (
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.?|p\.m\.?|o'clock|h)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})"
    r"|(?P<word>noon|midday|midnight)"
)
_CLOCK_RE = re.compile(rf"(?<![\w:./])(?:{_CLOCK})(?![\w:])")
_BARE = r"(?P<{n}h>\d{{1,2}})(?:[:.](?P<{n}m>\d{{2}}))?\s*(?P<{n}ap>am|pm|a\.m\.?|p\.m\.?)?"
_WINDOW = re.compile(
    r"(?<![\w:./])(?:between\s+|from\s+)?"
    + _BARE.format(n="a")
    + r"\s*(?:and|to|until|till|-)\s*"
    + _BARE.format(n="b")
    + r"(?![\w:])"
)
# "at 3", "by 5"; or a bare hour leading the phrase ("by 3 tomorrow" once "by" is cut).
_AT_HOUR = re.compile(
    r"(?:(?<![\w:./])(?:at|by|around|about|before)\s+|^\s*)(?P<h>\d{1,2})(?![\w:./])"
)
_PART = re.compile(
    r"(?<!\w)(?:(?:in|during|by|at|before)\s+)?(?:the\s+)?(?P<part>first thing(?: in the morning)?|"
    r"end of (?:the )?(?:day|business day|working day|work day|workday)|eod|cob|"
    r"close of business|end of business|end of play|lunch ?time|lunch|morning|afternoon|"
    r"evening|night|tonight|noon|midday)(?!\w)"
)
_DAY = re.compile(
    r"(?<!\w)(?P<day>the day after tomorrow|day after tomorrow|today|tonight|tomorrow|tmrw|tmr|"
    r"tomorow|tommorow|tommorrow)(?!\w)"
)
_WEEKDAY = re.compile(
    r"(?<!\w)(?:(?P<rel>this coming|this|next|coming)\s+)?(?P<wd>"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\.?(?:'s)?(?!\w)"
)
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(
    r"(?<![\w.])(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ t](?P<h24>\d{1,2}):(?P<m24>\d{2})(?::\d{2})?)?(?![\w])"
)
# 16/03, 16/3/27, 16.3., 16.03.2027 (a dotted date ends with its dot or its year: 16.3 could
# be anything).
_NUMERIC = re.compile(
    r"(?<![\w.:/])(?P<a>\d{1,2})(?:/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?"
    r"|\.(?P<b2>\d{1,2})\.(?P<y2>\d{4}|\d{2})?)(?![\w:/]|\.?\d)"
)
_NAMED_DATE = re.compile(
    rf"(?<!\w)(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mo1>{_MONTH_RE})\.?"
    rf"|(?P<mo2>{_MONTH_RE})\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"(?:,?\s+(?P<y>\d{{4}}))?(?!\w)"
)
_ORDINAL = re.compile(
    r"(?<!\w)(?:the\s+)?(?P<dom>\d{1,2})(?:st|nd|rd|th)(?:\s+of the month)?(?!\w)"
)
_FILLER = frozenset(
    [
        "on",
        "at",
        "by",
        "the",
        "of",
        "in",
        "this",
        "before",
        "until",
        "till",
        "til",
        "around",
        "about",
        "during",
        "and",
        "no",
        "later",
        "than",
        "latest",
        "sometime",
        "some",
        "time",
        ",",
        "-",
        "for",
        "next",
        "coming",
        "please",
        "hopefully",
        "ideally",
        "or",
        "so",
        "ish",
        "very",
        "from",
        "between",
        "to",
    ]
)


@dataclass
class _Parts:
    """What the phrase names, each part found anywhere in it."""

    zone: ZoneInfo
    clock: time | None = None
    window_end: time | None = None
    part: str | None = None
    day: str | None = None  # today, tomorrow, after
    weekday: int | None = None
    weekday_rel: str | None = None
    on: date | None = None  # an explicit date
    year_given: bool = False
    dom: int | None = None  # "the 16th"


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DueParseError(f"unknown timezone {tz!r}") from exc


@lru_cache(maxsize=1)
def _iana() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() if "/" in name}


def _at(day: date, when: time, zone: ZoneInfo) -> datetime:
    """Wall-clock ``when`` on ``day`` in ``zone``, as UTC (a time skipped by DST moves on)."""
    local = datetime.combine(day, when, tzinfo=zone)
    return local.astimezone(UTC)


def _hour(h: int, m: int, ampm: str | None, hint: str | None = None) -> time:
    """A clock time from its hour, minutes and am/pm; a bare hour is read by ``hint`` (the
    part of day) or as working hours (1 to 7 afternoon, 8 to 11 morning)."""
    ampm = (ampm or "").replace(".", "")
    if ampm in ("am", "pm"):
        if not 1 <= h <= 12:
            raise DueParseError(f"{h}{ampm} is not a time")
        if ampm == "pm" and h != 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
    elif ampm in ("o'clock", "") and 1 <= h <= 12:
        later = hint in ("afternoon", "evening", "night", "tonight") and h < 12
        if later or (hint not in ("morning", "first thing") and h <= 7):
            h += 12
    if h > 23 or m > 59:
        raise DueParseError(f"{h}:{m:02d} is not a time")
    return time(h, m)


def _part_time(part: str, start_of_day: time, end_of_day: time) -> time:
    if part.startswith("first thing"):
        return (datetime.combine(date.min, start_of_day) + timedelta(hours=1)).time()
    if part in ("morning", "noon", "midday"):
        return time(12, 0)
    if part.startswith("lunch"):
        return _LUNCH
    if part in ("evening", "night", "tonight"):
        return _NIGHT
    return end_of_day  # afternoon, end of day, eod, cob…


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


def _clamp_date(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
            if day < 28:
                raise


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


def _end_of_today(now: datetime, local: datetime, zone: ZoneInfo, eod: time) -> datetime:
    due = _at(local.date(), eod, zone)
    return due if due > now else _at(local.date(), _LAST_MINUTE, zone)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _this_or_next_friday(now: datetime, local: datetime, zone: ZoneInfo, eod: time) -> datetime:
    due = _at(_monday(local.date()) + timedelta(days=4), eod, zone)
    return due if due > now else _at(_monday(local.date()) + timedelta(days=11), eod, zone)


def _period(
    m: re.Match[str], now: datetime, local: datetime, zone: ZoneInfo, eod: time
) -> datetime:
    what = m.group("end") or m.group("abbr") or m.group("named")
    what = {"eow": "week", "eom": "month"}.get(what, what)
    today = local.date()
    next_monday = _monday(today) + timedelta(days=7)
    if what in (
        "day",
        "business day",
        "working day",
        "work day",
        "workday",
        "later today",
    ) or what.startswith(("eo", "cob", "close", "end of")):
        return _end_of_today(now, local, zone, eod)
    if what in ("early next week", "early in the week", "earlier next week"):
        return _at(next_monday + timedelta(days=1), eod, zone)
    if what in ("mid next week", "the middle of next week", "middle of next week"):
        return _at(next_monday + timedelta(days=2), eod, zone)
    if what in ("mid week", "midweek"):
        due = _at(_monday(today) + timedelta(days=2), eod, zone)
        return due if due > now else _at(next_monday + timedelta(days=2), eod, zone)
    if what in ("the weekend", "this weekend", "over the weekend", "weekend"):
        return _at(_monday(today) + timedelta(days=6), eod, zone)
    if what in ("next week", "this coming week", "the coming week"):
        return _at(next_monday + timedelta(days=4), eod, zone)
    if what in ("month", "this month", "eom"):
        nxt = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        return _at(nxt - timedelta(days=1), eod, zone)
    if what == "next month":
        first = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return _at(after - timedelta(days=1), eod, zone)
    # week, this week, later this week, before the weekend, the end of the week…
    return _this_or_next_friday(now, local, zone, eod)


def _normalise(text: str) -> str:
    cleaned = text.strip().lower().replace("\u2019", "'").replace("\u2013", "-")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,;!?")
    cleaned = cleaned.rstrip(".") if not re.search(r"\d\.$", cleaned) else cleaned
    cleaned = re.sub(r"\s*,\s*", ", ", cleaned)
    cleaned = _TAIL.sub("", cleaned)
    # "by/before the weekend" is the working week's end; "the weekend" itself is Sunday.
    cleaned = re.sub(
        r"(?<!\w)(?:by|before) (?:the )?(?:weekend|end of the week)", "end of week", cleaned
    )
    return _LEAD.sub("", cleaned).strip(" ,")


def _cut(text: str, m: re.Match[str]) -> str:
    return text[: m.start()] + " " + text[m.end() :]


def _named_zone(phrase: str, zone: ZoneInfo) -> tuple[str, ZoneInfo]:
    """The zone the phrase names ("3pm EST", "London time", "Europe/Paris"), cut from it."""
    if "/" in phrase:
        for found in re.finditer(r"(?<![\w/])[a-z]+(?:/[a-z_+-]+)+(?![\w/])", phrase):
            name = _iana().get(found.group())
            if name:
                return _cut(phrase, found).strip(), ZoneInfo(name)
    m = re.search(
        r"(?<!\w)(?:(?P<city>" + "|".join(sorted(_CITIES, key=len, reverse=True)) + r") time"
        r"|(?P<abbr>" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r"))(?!\w)",
        phrase,
    )
    if m and (m.group("city") or m.group("abbr") != "z" or re.search(r"\d\s*z\b", phrase)):
        name = _CITIES[m.group("city")] if m.group("city") else _ABBREVIATIONS[m.group("abbr")]
        return _cut(phrase, m).strip(), ZoneInfo(name)
    return phrase, zone


def _parts(phrase: str, zone: ZoneInfo, sod: time, eod: time) -> tuple[_Parts, str]:
    """Each part of a due time the phrase names, and what is left of it."""
    p = _Parts(zone=zone)
    rest = f" {phrase} "
    if m := _ISO.search(rest):
        p.on, p.year_given = date(int(m["y"]), int(m["mo"]), int(m["d"])), True
        if m["h24"]:
            p.clock = _hour(int(m["h24"]), int(m["m24"]), None, "exact")
        rest = _cut(rest, m)
    if p.on is None and (m := _NAMED_DATE.search(rest)):
        month = _MONTHS[m["mo1"] or m["mo2"]]
        p.on = _date_or_error(int(m["y"] or 2000), month, int(m["d1"] or m["d2"]))
        p.year_given = bool(m["y"])
        rest = _cut(rest, m)
    if p.on is None and (m := _NUMERIC.search(rest)):
        p.on, p.year_given = _numeric_date(m), bool(m["y"] or m["y2"])
        rest = _cut(rest, m)
    if p.on is None and (m := _ORDINAL.search(rest)):
        p.dom = int(m["dom"])
        rest = _cut(rest, m)
    if m := _PART.search(rest):
        p.part = m["part"].replace("lunch time", "lunchtime")
        if p.part == "tonight":
            p.day = "today"
        rest = _cut(rest, m)
    if m := _WINDOW.search(rest):
        ah, bh = int(m["ah"]), int(m["bh"])
        bap = m["bap"] or ("pm" if (m["aap"] or "").startswith("p") and bh <= 12 else None)
        start = _hour(ah, int(m["am"] or 0), m["aap"], p.part)
        end = _hour(bh, int(m["bm"] or 0), bap, p.part)
        if end <= start and end.hour < 12 and not bap:
            end = time(end.hour + 12, end.minute)
        if end <= start:
            raise DueParseError("the window ends before it starts")
        p.window_end = end
        rest = _cut(rest, m)
    if p.clock is None and (m := _CLOCK_RE.search(rest)):
        if m["word"] == "midnight":
            p.clock = _LAST_MINUTE
        elif m["word"]:
            p.clock = time(12, 0)
        elif m["h24"] is not None:
            p.clock = _hour(int(m["h24"]), int(m["m24"]), None, "exact")
        else:
            ampm = None if m["ampm"] == "h" else m["ampm"]
            p.clock = _hour(int(m["h"]), int(m["m"] or 0), ampm, p.part)
        rest = _cut(rest, m)
        if _CLOCK_RE.search(rest):
            raise DueParseError("it names two times")
    if p.clock is None and p.window_end is None and (m := _AT_HOUR.search(rest)):
        p.clock = _hour(int(m["h"]), 0, None, p.part)
        rest = _cut(rest, m)
    if m := _DAY.search(rest):
        word = m["day"]
        p.day = (
            "after"
            if "after" in word
            else ("today" if word in ("today", "tonight") else "tomorrow")
        )
        if word == "tonight" and p.part is None:
            p.part = "tonight"
        rest = _cut(rest, m)
    if m := _WEEKDAY.search(rest):
        p.weekday, p.weekday_rel = _WEEKDAYS[m["wd"]], m["rel"]
        rest = _cut(rest, m)
        if m := re.search(r"(?<!\w)(?P<which>next|this|the coming|this coming) week(?!\w)", rest):
            p.weekday_rel = "next" if m["which"] in ("next", "the coming") else "this"
            rest = _cut(rest, m)
    return p, rest


def _date_or_error(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if year == 2000 and month == 2 and day == 29:  # a year given later decides
            return date(2000, 2, 29)
        raise DueParseError(f"{day} {_month_name(month)} is not a date") from None


def _month_name(month: int) -> str:
    return date(2000, month, 1).strftime("%B")


def _numeric_date(m: re.Match[str]) -> date:
    """16/03, 16.3., 16.03.2027, 16/3/27: day first; month first only when day first is
    impossible (03/16)."""
    a, b = int(m["a"]), int(m["b"] or m["b2"])
    raw_year = m["y"] or m["y2"]
    year = int(raw_year) if raw_year else 2000
    if raw_year and len(raw_year) == 2:
        year += 2000
    if 1 <= b <= 12:
        return _date_or_error(year, b, a)
    if 1 <= a <= 12:
        return _date_or_error(year, a, b)
    raise DueParseError(f"{m.group()} is not a date (write the day first: 16/03)")


def _only_fillers(rest: str) -> bool:
    words = re.findall(r"[a-z']+|[^\sa-z]", rest)
    return all(w in _FILLER or w in ",.;:" for w in words)


def _resolve(p: _Parts, now: datetime, sod: time, eod: time) -> datetime:
    zone = p.zone
    local = now.astimezone(zone)
    today = local.date()
    when = p.window_end or p.clock
    if when is None and p.part is not None:
        when = _part_time(p.part, sod, eod)
    if p.on is not None:
        day = p.on
        if not p.year_given:
            day = _with_year(day, today.year, when or eod, now, zone)
        if p.weekday is not None and day.weekday() != p.weekday:
            raise DueParseError(
                f"{day.day} {_month_name(day.month)} {day.year} is a {_DAY_NAMES[day.weekday()]}, "
                f"not a {_DAY_NAMES[p.weekday]}"
            )
        return _at(day, when or eod, zone)
    if p.dom is not None:
        return _ordinal(p.dom, when or eod, now, local, zone)
    if p.weekday is not None:
        at = when or eod
        if p.weekday_rel == "next":
            monday_next = _monday(today) + timedelta(days=7)
            return _at(monday_next + timedelta(days=p.weekday), at, zone)
        ahead = (p.weekday - today.weekday()) % 7
        due = _at(today + timedelta(days=ahead), at, zone)
        if due <= now:
            due = _at(today + timedelta(days=ahead or 7), at, zone)
        return due
    if p.day == "tomorrow":
        return _at(today + timedelta(days=1), when or eod, zone)
    if p.day == "after":
        return _at(today + timedelta(days=2), when or eod, zone)
    if p.day == "today":
        if when is None:
            return _end_of_today(now, local, zone, eod)
        return _at(today, when, zone)
    if when is None:
        raise DueParseError("it names no day or time")
    due = _at(today, when, zone)
    if due <= now:  # a time alone, already past today: the next one
        due = _at(today + timedelta(days=1), when, zone)
    return due


def _with_year(day: date, year: int, when: time, now: datetime, zone: ZoneInfo) -> date:
    for y in (year, year + 1, year + 2, year + 3, year + 4):
        try:
            candidate = date(y, day.month, day.day)
        except ValueError:
            continue
        if _at(candidate, when, zone) > now:
            return candidate
    raise DueParseError(f"{day.day} {_month_name(day.month)} is not a date")


def _ordinal(dom: int, when: time, now: datetime, local: datetime, zone: ZoneInfo) -> datetime:
    """ "the 5th": the next 5th of a month (this month's if still ahead)."""
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


def parse_due(
    text: str,
    *,
    now: datetime,
    tz: str,
    end_of_day: time = time(17, 0),
    start_of_day: time = time(9, 0),
) -> datetime:
    """The due time ``text`` names, as an aware UTC datetime; ``DueParseError`` if none."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(tz)
    phrase = _normalise(text)
    if not phrase:
        raise DueParseError("no due time given")
    phrase, zone = _named_zone(phrase, zone)
    phrase = _normalise(phrase)
    local = now.astimezone(zone)
    if _HALF_HOUR.match(phrase):
        return (now + timedelta(minutes=30)).astimezone(UTC)
    if _THE_HOUR.match(phrase):
        return (now + timedelta(hours=1)).astimezone(UTC)
    if m := _RELATIVE.match(phrase):
        return _relative(m, now, local, zone, end_of_day)
    if m := _PERIOD.match(phrase):
        return _period(m, now, local, zone, end_of_day)
    parts, rest = _parts(phrase, zone, start_of_day, end_of_day)
    named = any(
        v is not None
        for v in (parts.clock, parts.window_end, parts.part, parts.day, parts.weekday, parts.on)
    ) or (parts.dom is not None)
    if named and _only_fillers(rest):
        return _resolve(parts, now, start_of_day, end_of_day)
    return _with_dateparser(phrase, now, zone)


def _with_dateparser(phrase: str, now: datetime, zone: ZoneInfo) -> datetime:
    """Fallback for phrasings not handled above. Refuses anything with no digit or date word."""
    if not re.search(r"\d|" + _MONTH_RE + r"|day|week|month|year|hour|minute", phrase):
        raise DueParseError("it names no day or time")
    import dateparser  # slow to import: only when needed

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        "TIMEZONE": str(zone.key),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "STRICT_PARSING": False,
        "DATE_ORDER": "DMY",
    }
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception as exc:
        raise DueParseError("it is not a day or time we know") from exc
    if parsed is None:
        raise DueParseError("it is not a day or time we know")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)
