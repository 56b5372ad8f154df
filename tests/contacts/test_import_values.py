"""Reading headers, dates and choices as exports write them (pure functions, no database)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from followthrough.contacts.importing.csv_reader import sniff_delimiter
from followthrough.contacts.importing.layouts import (
    GOOGLE,
    GOOGLE_LEGACY,
    OUTLOOK,
    PLAIN,
    PLAIN_HEADERS,
    detect_layout,
    normalize_header,
)
from followthrough.contacts.importing.rows import split_name
from followthrough.contacts.importing.values import (
    format_date,
    parse_bool,
    parse_channel,
    parse_date,
    parse_guidance,
    parse_stage,
    split_multi,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-05-17", date(1990, 5, 17)),
        ("1990-5-7", date(1990, 5, 7)),
        ("19900517", date(1990, 5, 17)),
        ("1990-05-17T00:00:00Z", date(1990, 5, 17)),
        ("05/17/1990", date(1990, 5, 17)),
        ("5/7/1990", date(1990, 5, 7)),  # month first, as Google and Outlook write it
        ("17/05/1990", date(1990, 5, 17)),  # the first number cannot be a month
        ("17.05.1990", date(1990, 5, 17)),
        ("7.5.1990", date(1990, 5, 7)),  # dots: day first
        ("7/4/75", date(1975, 7, 4)),
        ("7/4/05", date(2005, 7, 4)),
        ("17 May 1990", date(1990, 5, 17)),
        ("May 17, 1990", date(1990, 5, 17)),
        ("--05-17", date(1904, 5, 17)),
        ("--0229", date(1904, 2, 29)),
        ("", None),
        ("0/0/00", None),  # Outlook's "no date" (US)
        ("0.0.00", None),  # … and in German, Dutch and other exports
        ("00/00/0000", None),
        ("0-0-00", None),
        ("1/1/4501", None),  # Outlook's own "None" date
    ],
)
def test_dates_in_the_forms_exports_use(text, expected):
    assert parse_date(text, today=TODAY, allow_no_year=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/04/1980", date(1980, 4, 5)),  # a day-first export: 5 April
        ("5/4/80", date(1980, 4, 5)),
        ("5-4-1980", date(1980, 4, 5)),
        ("05/17/1980", date(1980, 5, 17)),  # only a month-first reading is a date
        ("5.4.1980", date(1980, 4, 5)),
        ("1980-04-05", date(1980, 4, 5)),
        ("0.0.00", None),
    ],
)
def test_dates_of_a_day_first_export(text, expected):
    assert parse_date(text, today=TODAY, day_first=True) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1990-02-31", "'1990-02-31' is not a real date"),
        ("13/13/1990", "'13/13/1990' is not a real date"),
        ("soon", "'soon' is not a date (write dates as 1990-05-17, 05/17/1990 or 17.05.1990)"),
        ("0990-01-01", "'0990-01-01' has an unlikely year (990)"),
    ],
)
def test_a_bad_date_says_why(text, reason):
    with pytest.raises(ValueError, match=f"^{re.escape(reason)}$"):
        parse_date(text, today=TODAY)


def test_a_date_without_a_year_is_refused_where_a_year_is_needed():
    with pytest.raises(ValueError, match="has no year"):
        parse_date("--05-17", today=TODAY, allow_no_year=False)


def test_the_no_year_marker_is_written_back_as_google_writes_it():
    assert format_date(date(1904, 5, 17)) == "--05-17"
    assert format_date(date(1990, 5, 17)) == "1990-05-17"
    assert format_date(None) == ""


def test_choices_accept_values_labels_and_common_words():
    assert [parse_stage(s) for s in ("Customer", "LEAD", "lost")] == [
        "customer",
        "prospect",
        "lost",
    ]
    assert [parse_guidance(s) for s in ("low-touch", "Wants coaching", "")] == [
        "low_touch",
        "coaching",
        "",
    ]
    assert [parse_channel(s) for s in ("E-mail", "SMS", "in person", "")] == [
        "email",
        "message",
        "meeting",
        "",
    ]
    assert [parse_bool(s) for s in ("Yes", "x", "FALSE", "")] == [True, True, False, False]


def test_an_unknown_choice_lists_the_allowed_ones():
    with pytest.raises(ValueError, match=r"'vip' is not a stage \(use prospect, customer, lost\)"):
        parse_stage("vip")


def test_google_multi_value_cells_split_on_triple_colons():
    assert split_multi("a@x.test ::: b@y.test:::c@z.test") == ["a@x.test", "b@y.test", "c@z.test"]


def test_full_names_split_into_first_and_last():
    assert split_name("Dana  Reyes") == ("Dana", "Reyes")
    assert split_name("Mary Ann Evans") == ("Mary Ann", "Evans")
    assert split_name("Reyes, Dana") == ("Dana", "Reyes")
    assert split_name("Cher") == ("Cher", "")


def test_headers_compare_without_case_spaces_or_punctuation():
    assert normalize_header("E-mail 1 - Value") == "email1value"
    assert normalize_header(" Owner_Email ") == "owneremail"
    assert normalize_header("Société") == "societe"


GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value"
)
GOOGLE_LEGACY_HEADER = (
    "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title"
)
OUTLOOK_HEADER = (
    "First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,E-mail 2 Address,"
    "Mobile Phone,Business Phone,Job Title,Company,Birthday,Notes"
)
OUTLOOK_DESKTOP_HEADER = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Phone,"
    "Mobile Phone,Birthday,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,"
    "E-mail 2 Type,Notes"
)


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (GOOGLE_HEADER, GOOGLE),
        (GOOGLE_LEGACY_HEADER, GOOGLE_LEGACY),
        (OUTLOOK_HEADER, OUTLOOK),
        (OUTLOOK_DESKTOP_HEADER, OUTLOOK),
        (",".join(PLAIN_HEADERS), PLAIN),
        ("Name,Email Address,Mobile,Organization", PLAIN),
        ("E-mail", PLAIN),
        ("First Name,Last Name,E-mail Address", PLAIN),
        ("sku,price,quantity", None),
        ("", None),
    ],
)
def test_the_layout_is_told_from_the_header(header, layout):
    assert detect_layout(header.split(",")) is layout


def test_outlook_title_is_the_courtesy_title_and_is_not_read_as_job_title():
    assert OUTLOOK.column_for("Title") is None
    column = OUTLOOK.column_for("Job Title")
    assert column is not None
    assert column.target == "title"
    assert PLAIN.column_for("Title") == PLAIN.column_for("job_title")


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("a,b,c\n", ","),
        ("a;b;c\n", ";"),
        ('"Müller, Jürgen";b;c\n', ";"),
        ("a\tb\tc\n", "\t"),
        ("a|b\n", "|"),
        ("email\n", ","),
    ],
)
def test_the_delimiter_is_sniffed_outside_quotes(line, delimiter):
    assert sniff_delimiter(line) == delimiter
