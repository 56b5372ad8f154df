"""Due times in plain words, whatever the word order and date format (docs/due-times.md).

Each phrase is read for a member in Europe/Berlin on Wednesday 11 March 2026 at 10:00, whose
working day runs 09:00 to 17:00; the expected time is Berlin wall-clock time.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from followthrough.duetime import DueParseError, parse_due

TZ = "Europe/Berlin"
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo(TZ))  # a Wednesday

TABLE: list[tuple[str, str]] = [
    # tomorrow at 3pm, in every order and format
    ("tomorrow 3pm", "2026-03-12 15:00"),
    ("3pm tomorrow", "2026-03-12 15:00"),
    ("tomorrow at 3pm", "2026-03-12 15:00"),
    ("at 3pm tomorrow", "2026-03-12 15:00"),
    ("by 3pm tomorrow", "2026-03-12 15:00"),
    ("tomorrow by 3pm", "2026-03-12 15:00"),
    ("tomorrow at 15:00", "2026-03-12 15:00"),
    ("15:00 tomorrow", "2026-03-12 15:00"),
    ("Tomorrow, 3pm.", "2026-03-12 15:00"),
    ("3 pm tomorrow", "2026-03-12 15:00"),
    ("3 p.m. tomorrow", "2026-03-12 15:00"),
    ("tomorrow afternoon at 3", "2026-03-12 15:00"),
    ("3 o'clock tomorrow", "2026-03-12 15:00"),
    ("tomorrow at 3", "2026-03-12 15:00"),
    ("by 3 tomorrow afternoon", "2026-03-12 15:00"),
    ("3pm on Thursday", "2026-03-12 15:00"),
    ("Thursday 3pm", "2026-03-12 15:00"),
    ("thursday at 15:00", "2026-03-12 15:00"),
    ("on Thursday at 3pm", "2026-03-12 15:00"),
    ("12/03 at 3pm", "2026-03-12 15:00"),
    ("3pm on 12/03", "2026-03-12 15:00"),
    ("12.3. 15:00", "2026-03-12 15:00"),
    ("15:00 12.03.2026", "2026-03-12 15:00"),
    ("March 12th at 3pm", "2026-03-12 15:00"),
    ("3pm March 12", "2026-03-12 15:00"),
    ("12 March 3pm", "2026-03-12 15:00"),
    ("2026-03-12 15:00", "2026-03-12 15:00"),
    ("2026-03-12T15:00", "2026-03-12 15:00"),
    ("3pm on the 12th", "2026-03-12 15:00"),
    ("tomorrow 3:00 pm", "2026-03-12 15:00"),
    # today
    ("today", "2026-03-11 17:00"),
    ("end of day", "2026-03-11 17:00"),
    ("EOD", "2026-03-11 17:00"),
    ("by EOD", "2026-03-11 17:00"),
    ("by end of day", "2026-03-11 17:00"),
    ("COB", "2026-03-11 17:00"),
    ("close of business", "2026-03-11 17:00"),
    ("by the end of the day", "2026-03-11 17:00"),
    ("later today", "2026-03-11 17:00"),
    ("today at 4pm", "2026-03-11 16:00"),
    ("4pm today", "2026-03-11 16:00"),
    ("4pm", "2026-03-11 16:00"),
    ("16:30", "2026-03-11 16:30"),
    ("this afternoon", "2026-03-11 17:00"),
    ("this morning", "2026-03-11 12:00"),
    ("by noon", "2026-03-11 12:00"),
    ("noon today", "2026-03-11 12:00"),
    ("at noon", "2026-03-11 12:00"),
    ("tonight", "2026-03-11 20:00"),
    ("this evening", "2026-03-11 20:00"),
    ("by lunchtime", "2026-03-11 13:00"),
    ("by midnight", "2026-03-11 23:59"),
    ("at 3", "2026-03-11 15:00"),
    ("by 5", "2026-03-11 17:00"),
    ("at 9", "2026-03-12 09:00"),
    ("at 9am", "2026-03-12 09:00"),
    ("between 2 and 4", "2026-03-11 16:00"),
    ("2-4pm", "2026-03-11 16:00"),
    ("from 1 to 3", "2026-03-11 15:00"),
    ("today between 11am and 1pm", "2026-03-11 13:00"),
    # durations
    ("in 2 hours", "2026-03-11 12:00"),
    ("in ten minutes", "2026-03-11 10:10"),
    ("in half an hour", "2026-03-11 10:30"),
    ("within the hour", "2026-03-11 11:00"),
    ("within 30 minutes", "2026-03-11 10:30"),
    ("in 90 minutes", "2026-03-11 11:30"),
    ("in an hour", "2026-03-11 11:00"),
    ("in a couple of hours", "2026-03-11 12:00"),
    ("in 2 days", "2026-03-13 17:00"),
    ("in two days", "2026-03-13 17:00"),
    ("in a few days", "2026-03-14 17:00"),
    ("in 3 business days", "2026-03-16 17:00"),
    ("within 2 working days", "2026-03-13 17:00"),
    ("in a week", "2026-03-18 17:00"),
    ("in 2 weeks", "2026-03-25 17:00"),
    ("in a month", "2026-04-11 17:00"),
    # first thing: the first hour of the working day
    ("first thing tomorrow", "2026-03-12 10:00"),
    ("tomorrow first thing", "2026-03-12 10:00"),
    ("first thing in the morning", "2026-03-12 10:00"),
    ("first thing Monday", "2026-03-16 10:00"),
    ("Monday first thing", "2026-03-16 10:00"),
    ("first thing on Monday", "2026-03-16 10:00"),
    ("first thing on 16/03", "2026-03-16 10:00"),
    # parts of a day: the end of the window
    ("tomorrow morning", "2026-03-12 12:00"),
    ("morning tomorrow", "2026-03-12 12:00"),
    ("tomorrow in the morning", "2026-03-12 12:00"),
    ("in the morning tomorrow", "2026-03-12 12:00"),
    ("next tuesday morning", "2026-03-17 12:00"),
    ("Tuesday morning", "2026-03-17 12:00"),
    ("on tuesday morning", "2026-03-17 12:00"),
    ("Monday morning", "2026-03-16 12:00"),
    ("friday afternoon", "2026-03-13 17:00"),
    ("friday evening", "2026-03-13 20:00"),
    ("thursday night", "2026-03-12 20:00"),
    ("tomorrow evening", "2026-03-12 20:00"),
    ("tomorrow afternoon", "2026-03-12 17:00"),
    ("tomorrow lunchtime", "2026-03-12 13:00"),
    ("by tomorrow noon", "2026-03-12 12:00"),
    ("noon tomorrow", "2026-03-12 12:00"),
    ("tomorrow at noon", "2026-03-12 12:00"),
    ("midday tomorrow", "2026-03-12 12:00"),
    ("tomorrow morning at 10", "2026-03-12 10:00"),
    ("day after tomorrow", "2026-03-13 17:00"),
    ("the day after tomorrow at 9am", "2026-03-13 09:00"),
    # weekdays
    ("Friday", "2026-03-13 17:00"),
    ("by Friday", "2026-03-13 17:00"),
    ("on Friday", "2026-03-13 17:00"),
    ("this Friday", "2026-03-13 17:00"),
    ("fri", "2026-03-13 17:00"),
    ("Friday EOD", "2026-03-13 17:00"),
    ("EOD Friday", "2026-03-13 17:00"),
    ("end of day Friday", "2026-03-13 17:00"),
    ("by end of day on Friday", "2026-03-13 17:00"),
    ("Wednesday", "2026-03-11 17:00"),
    ("next Wednesday", "2026-03-18 17:00"),
    ("next Friday", "2026-03-20 17:00"),
    ("Monday", "2026-03-16 17:00"),
    ("by Monday", "2026-03-16 17:00"),
    ("Monday next week", "2026-03-16 17:00"),
    ("Tuesday next week", "2026-03-17 17:00"),
    ("Friday next week", "2026-03-20 17:00"),
    ("next Monday", "2026-03-16 17:00"),
    ("Saturday", "2026-03-14 17:00"),
    ("Sunday", "2026-03-15 17:00"),
    ("Thursday at 9am", "2026-03-12 09:00"),
    ("Monday at 10", "2026-03-16 10:00"),
    ("Monday at 2", "2026-03-16 14:00"),
    ("by Monday 9am", "2026-03-16 09:00"),
    ("on Saturday between 8 and 12", "2026-03-14 12:00"),
    ("Saturday 8-12", "2026-03-14 12:00"),
    ("between 8 and 12 on Saturday", "2026-03-14 12:00"),
    ("saturday from 8 to 12", "2026-03-14 12:00"),
    ("sat between 8am and 12pm", "2026-03-14 12:00"),
    ("on Monday 16 March", "2026-03-16 17:00"),
    ("Monday 16 March", "2026-03-16 17:00"),
    ("Monday, March 16th", "2026-03-16 17:00"),
    ("Monday 16/03", "2026-03-16 17:00"),
    ("Monday 16.3.", "2026-03-16 17:00"),
    ("mon 16 mar", "2026-03-16 17:00"),
    # weeks, weekends, months: the end of the period
    ("this week", "2026-03-13 17:00"),
    ("end of week", "2026-03-13 17:00"),
    ("end of the week", "2026-03-13 17:00"),
    ("by the end of the week", "2026-03-13 17:00"),
    ("EOW", "2026-03-13 17:00"),
    ("before the weekend", "2026-03-13 17:00"),
    ("by the weekend", "2026-03-13 17:00"),
    ("later this week", "2026-03-13 17:00"),
    ("sometime this week", "2026-03-13 17:00"),
    ("early next week", "2026-03-17 17:00"),
    ("by early next week", "2026-03-17 17:00"),
    ("mid next week", "2026-03-18 17:00"),
    ("next week", "2026-03-20 17:00"),
    ("end of next week", "2026-03-20 17:00"),
    ("over the weekend", "2026-03-15 17:00"),
    ("this weekend", "2026-03-15 17:00"),
    ("end of month", "2026-03-31 17:00"),
    ("by the end of the month", "2026-03-31 17:00"),
    ("EOM", "2026-03-31 17:00"),
    ("next month", "2026-04-30 17:00"),
    # dates: a bare date is the end of that working day
    ("16 March", "2026-03-16 17:00"),
    ("March 16", "2026-03-16 17:00"),
    ("March 16th", "2026-03-16 17:00"),
    ("16th March", "2026-03-16 17:00"),
    ("16th of March", "2026-03-16 17:00"),
    ("the 16th of March", "2026-03-16 17:00"),
    ("on 16 March", "2026-03-16 17:00"),
    ("16/03", "2026-03-16 17:00"),
    ("16/3", "2026-03-16 17:00"),
    ("16.3.", "2026-03-16 17:00"),
    ("16.03.", "2026-03-16 17:00"),
    ("16.03.2026", "2026-03-16 17:00"),
    ("16/03/2026", "2026-03-16 17:00"),
    ("16/03/26", "2026-03-16 17:00"),
    ("2026-03-16", "2026-03-16 17:00"),
    ("on 2026-03-16", "2026-03-16 17:00"),
    ("mar 16", "2026-03-16 17:00"),
    ("March 16, 2026", "2026-03-16 17:00"),
    ("16 March 2026", "2026-03-16 17:00"),
    ("the 16th", "2026-03-16 17:00"),
    ("on the 16th", "2026-03-16 17:00"),
    ("by 16/03", "2026-03-16 17:00"),
    ("by March 16th", "2026-03-16 17:00"),
    ("16 March at 10:30", "2026-03-16 10:30"),
    ("16/03 10:30", "2026-03-16 10:30"),
    ("10:30 on 16/03", "2026-03-16 10:30"),
    ("March 16th 2pm", "2026-03-16 14:00"),
    ("2pm on March 16th", "2026-03-16 14:00"),
    ("on 16/03 between 9 and 11", "2026-03-16 11:00"),
    ("16.3. morning", "2026-03-16 12:00"),
    ("1 April", "2026-04-01 17:00"),
    ("April 1st", "2026-04-01 17:00"),
    ("01/04", "2026-04-01 17:00"),
    ("1.4.", "2026-04-01 17:00"),
    ("3/15", "2026-03-15 17:00"),
    ("10 March", "2027-03-10 17:00"),
    ("11 March", "2026-03-11 17:00"),
    ("Feb 29", "2028-02-29 17:00"),
    # a time in a named zone (written here in Berlin time)
    ("3pm EST tomorrow", "2026-03-12 20:00"),
    ("tomorrow 3pm New York time", "2026-03-12 20:00"),
    ("tomorrow 15:00 UTC", "2026-03-12 16:00"),
    ("tomorrow at 9am London time", "2026-03-12 10:00"),
    ("Friday 5pm Europe/London", "2026-03-13 18:00"),
    ("9am PST on Monday", "2026-03-16 17:00"),
    ("tomorrow 10:00 CET", "2026-03-12 10:00"),
    ("noon Tokyo time tomorrow", "2026-03-12 04:00"),
]

REFUSED = [
    "Tuesday 16 March",  # 16 March 2026 is a Monday
    "31 February",
    "32/03",
    "soonish",
    "when pigs fly",
    "25pm",
    "between 5 and 3",
    "someday",
    "",
]


def test_the_table_is_large_enough():
    assert len(TABLE) >= 150
    assert len({p.lower() for p, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("phrase", "expected"), TABLE)
def test_phrase(phrase, expected):
    due = parse_due(phrase, now=NOW, tz=TZ, end_of_day=time(17, 0), start_of_day=time(9, 0))
    assert f"{due.astimezone(ZoneInfo(TZ)):%Y-%m-%d %H:%M}" == expected


@pytest.mark.parametrize("phrase", REFUSED)
def test_refused(phrase):
    with pytest.raises(DueParseError):
        parse_due(phrase, now=NOW, tz=TZ)


def test_the_reason_does_not_repeat_the_phrase():
    with pytest.raises(DueParseError) as caught:
        parse_due("when pigs fly", now=NOW, tz=TZ)
    assert "pigs" not in str(caught.value)
    with pytest.raises(DueParseError, match="is a Monday, not a Tuesday"):
        parse_due("Tuesday 16 March", now=NOW, tz=TZ)
