from datetime import UTC, datetime, time, timedelta

import pytest

from followthrough.duetime import DueParseError, parse_due

# Wednesday 4 March 2026, 14:00 UTC (09:00 in New York, 15:00 in Berlin).
NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
NY = "America/New_York"
BERLIN = "Europe/Berlin"


def test_in_ten_minutes_is_ten_minutes_after_now():
    assert parse_due("in ten minutes", now=NOW, tz=NY) == NOW + timedelta(minutes=10)


def test_in_2_hours_is_elapsed_time():
    assert parse_due("in 2 hours", now=NOW, tz=BERLIN) == NOW + timedelta(hours=2)


def test_by_friday_is_the_coming_friday_at_end_of_day_in_the_members_zone():
    assert parse_due("by Friday", now=NOW, tz=NY) == datetime(2026, 3, 6, 22, 0, tzinfo=UTC)
    assert parse_due("by Friday", now=NOW, tz=BERLIN) == datetime(2026, 3, 6, 16, 0, tzinfo=UTC)


def test_weekday_today_after_end_of_day_means_next_week():
    wednesday_evening = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)  # 18:00 in New York
    due = parse_due("Wednesday", now=wednesday_evening, tz=NY)
    assert due == datetime(2026, 3, 11, 21, 0, tzinfo=UTC)  # after the DST change: EDT


def test_tomorrow_3pm_in_berlin():
    assert parse_due("tomorrow 3pm", now=NOW, tz=BERLIN) == datetime(2026, 3, 5, 14, 0, tzinfo=UTC)


def test_tomorrow_without_a_time_is_end_of_day():
    assert parse_due("tomorrow", now=NOW, tz=NY) == datetime(2026, 3, 5, 22, 0, tzinfo=UTC)


def test_end_of_day_can_be_configured():
    due = parse_due("end of day", now=NOW, tz=NY, end_of_day=time(18, 30))
    assert due == datetime(2026, 3, 4, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize("phrase", ["EOD", "by end of day", "end of day", "by EOD", "today"])
def test_end_of_day_spellings(phrase):
    assert parse_due(phrase, now=NOW, tz=NY) == datetime(2026, 3, 4, 22, 0, tzinfo=UTC)


def test_end_of_week_is_friday():
    assert parse_due("end of week", now=NOW, tz=NY) == datetime(2026, 3, 6, 22, 0, tzinfo=UTC)


def test_next_week_is_next_weeks_friday_across_the_dst_change():
    # US clocks go forward on 8 March 2026: 17:00 EDT is 21:00 UTC.
    assert parse_due("next week", now=NOW, tz=NY) == datetime(2026, 3, 13, 21, 0, tzinfo=UTC)


def test_monday_morning_is_monday_noon_local():
    assert parse_due("Monday morning", now=NOW, tz=NY) == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)


def test_tomorrow_at_3pm_on_the_day_clocks_change_keeps_wall_time():
    saturday = datetime(2026, 3, 7, 15, 0, tzinfo=UTC)  # 10:00 EST
    assert parse_due("tomorrow 3pm", now=saturday, tz=NY) == datetime(2026, 3, 8, 19, 0, tzinfo=UTC)


def test_in_2_hours_across_the_dst_change_is_two_real_hours():
    before = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST, clocks jump at 02:00
    assert parse_due("in 2 hours", now=before, tz=NY) == before + timedelta(hours=2)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2026-12-03", datetime(2026, 12, 3, 22, 0, tzinfo=UTC)),
        ("Dec 3", datetime(2026, 12, 3, 22, 0, tzinfo=UTC)),
        ("3 December at 10:00", datetime(2026, 12, 3, 15, 0, tzinfo=UTC)),
        ("December 3rd, 2027", datetime(2027, 12, 3, 22, 0, tzinfo=UTC)),
        ("Jan 5", datetime(2027, 1, 5, 22, 0, tzinfo=UTC)),
    ],
)
def test_explicit_dates(phrase, expected):
    assert parse_due(phrase, now=NOW, tz=NY) == expected


def test_a_past_date_without_a_year_means_next_year():
    assert parse_due("Feb 1", now=NOW, tz=NY).year == 2027


def test_result_is_utc_and_aware():
    due = parse_due("by Friday", now=NOW, tz=BERLIN)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    "phrase", ["gibberish blah", "", "soonish", "when pigs fly", "31 February"]
)
def test_unreadable_text_raises_instead_of_guessing(phrase):
    with pytest.raises(DueParseError):
        parse_due(phrase, now=NOW, tz=NY)


def test_unknown_timezone_is_a_parse_error():
    with pytest.raises(DueParseError, match="timezone"):
        parse_due("tomorrow", now=NOW, tz="Mars/Olympus")


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        parse_due("tomorrow", now=datetime(2026, 3, 4, 14, 0), tz=NY)  # noqa: DTZ001
