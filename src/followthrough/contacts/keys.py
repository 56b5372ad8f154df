"""Normalised keys that make contact search and sorting index-backed."""

from __future__ import annotations

import re
import unicodedata

_NON_DIGITS = re.compile(r"\D+")


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: 'José  Núñez' → 'jose nunez'."""
    if not text.isascii():  # most names are ASCII: nothing to decompose (NFKD keeps ASCII)
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.split()).lower()


_COUNTRY_PREFIX = re.compile(r"^\s*(?:\+|00)\s*(\d{1,3})(?=\D)")


def phone_digits(phone: str) -> str:
    """The national part of a number, digits only: '+1 (415) 555-0199' → '4155550199'.

    A leading international prefix ('+49 ', '0049 ') and trunk zeros ('0171…') are dropped so
    the same number typed at home or abroad gives the same key.
    """
    rest = _COUNTRY_PREFIX.sub("", phone, count=1)
    return _NON_DIGITS.sub("", rest).lstrip("0")


def sort_key(first: str, last: str, email: str) -> str:
    return fold(f"{last} {first}") or email.lower()


def first_key(first: str, last: str) -> str:
    return fold(f"{first} {last}")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
