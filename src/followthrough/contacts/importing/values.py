"""Reading single values as people and other programs write them. Pure; no database.

Each parser returns the value or raises ValueError with the reason, written to follow
"line 14, birthday: " in a report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from django.db.models import TextChoices

from followthrough.contacts.keys import fold
from followthrough.contacts.models import Channel, Guidance, Stage

# Google (and vCard) birthdays may have no year ("--05-17"). We keep the day and month with
# this year, a leap year so that 29 February survives, and show it as "no year".
NO_YEAR = 1904

# Outlook writes "0/0/00" (US), "0.0.00" (German and others) or "00/00/0000" for "no date";
# any run of zeros and separators is read as no date. 1/1/4501 is Outlook's own "None" date.
_ONLY_ZEROS = "0./- "
_OUTLOOK_NONE_YEAR = 4501
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T.*)?")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})")
_WORDY_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
DATE_HELP = "write dates as 1990-05-17, 05/17/1990 or 17.05.1990"


def parse_date(
    text: str, *, today: date, allow_no_year: bool = False, day_first: bool = False
) -> date | None:
    """A date in any of the forms contact exports use; None for an empty one.

    `day_first`: the file comes from a day-first locale, so 05/04/1990 is 5 April (a date
    that can only be month first, 05/17/1990, is still read so).
    """
    text = text.strip()
    if not text or not text.strip(_ONLY_ZEROS):
        return None
    if m := _ISO.fullmatch(text):
        return _make(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.fullmatch(text):
        return _make(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _NO_YEAR.fullmatch(text):
        if not allow_no_year:
            raise ValueError(f"{text!r} has no year")
        return _make(text, NO_YEAR, int(m[1]), int(m[2]))
    if m := _SLASHED.fullmatch(text):
        first, second = int(m[1]), int(m[2])
        year = _full_year(m[3], today)
        # Month first, as Google and Outlook in the US write it, unless the file is day first
        # or the first number cannot be a month.
        if first > 12 or (day_first and second <= 12):
            return _make(text, year, second, first)
        return _make(text, year, first, second)
    if m := _DOTTED.fullmatch(text):
        return _make(text, _full_year(m[3], today), int(m[2]), int(m[1]))
    for fmt in _WORDY_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date ({DATE_HELP})")


def _full_year(digits: str, today: date) -> int:
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _make(text: str, year: int, month: int, day: int) -> date | None:
    if year == _OUTLOOK_NONE_YEAR:
        return None
    if not 1800 <= year <= 2200:
        raise ValueError(f"{text!r} has an unlikely year ({year})")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def format_date(value: date | None) -> str:
    """The form `export contacts` writes; a birthday without a year becomes --MM-DD."""
    if value is None:
        return ""
    if value.year == NO_YEAR:
        return f"--{value:%m-%d}"
    return value.isoformat()


_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "on", "ja", "oui", "si"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "off", "", "-", "nein", "non"})


def parse_bool(text: str) -> bool:
    key = _fold_choice(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no")


def _choice_table(choices: list[tuple[str, str]], synonyms: dict[str, str]) -> dict[str, str]:
    table = {fold(v): str(v) for v, _ in choices}
    table.update({fold(label): str(v) for v, label in choices})
    table.update({fold(k): str(v) for k, v in synonyms.items()})
    return table


_STAGES = _choice_table(
    Stage.choices,
    {
        "lead": Stage.PROSPECT,
        "opportunity": Stage.PROSPECT,
        "client": Stage.CUSTOMER,
        "active": Stage.CUSTOMER,
        "churned": Stage.LOST,
        "former customer": Stage.LOST,
    },
)
_GUIDANCE = _choice_table(
    Guidance.choices,
    {
        "low-touch": Guidance.LOW_TOUCH,
        "low touch": Guidance.LOW_TOUCH,
        "lowtouch": Guidance.LOW_TOUCH,
        "self-directed": Guidance.LOW_TOUCH,
        "self directed": Guidance.LOW_TOUCH,
        "wants coaching": Guidance.COACHING,
        "unknown": Guidance.UNKNOWN,
    },
)
_CHANNELS = _choice_table(
    Channel.choices,
    {
        "e-mail": Channel.EMAIL,
        "mail": Channel.EMAIL,
        "call": Channel.PHONE,
        "telephone": Channel.PHONE,
        "text": Channel.MESSAGE,
        "sms": Channel.MESSAGE,
        "whatsapp": Channel.MESSAGE,
        "in-person": Channel.MEETING,
        "visit": Channel.MEETING,
        "any": Channel.ANY,
    },
)


_fold_choice = lru_cache(maxsize=4096)(fold)  # the same few words on every row


def _pick(table: dict[str, str], text: str, what: str, allowed: type[TextChoices]) -> str:
    value = table.get(_fold_choice(text))
    if value is None:
        names = ", ".join(v for v in allowed.values if v)
        raise ValueError(f"{text!r} is not a {what} (use {names})")
    return value


def parse_stage(text: str) -> str:
    return _pick(_STAGES, text, "stage", Stage)


def parse_guidance(text: str) -> str:
    return _pick(_GUIDANCE, text, "guidance", Guidance)


def parse_channel(text: str) -> str:
    return _pick(_CHANNELS, text, "channel", Channel)


_MULTI = re.compile(r"\s*:::\s*")
_DIGIT = re.compile(r"\d")


def split_multi(text: str) -> list[str]:
    """Google writes several values in one cell as 'a@x.com ::: b@y.com'."""
    return [part for part in _MULTI.split(text.strip()) if part]


def clean_phone(text: str) -> str:
    """A phone number as written; ValueError when it cannot be one."""
    text = " ".join(text.split())
    if len(_DIGIT.findall(text)) < 3:
        raise ValueError(f"{text!r} is not a phone number")
    if len(text) > 40:
        raise ValueError(f"{text!r} is longer than 40 characters")
    return text
