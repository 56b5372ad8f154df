"""Normalised keys that make contact search and sorting index-backed."""

from __future__ import annotations

import re
import unicodedata

_NON_DIGITS = re.compile(r"\D+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: 'José  Núñez' → 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def phone_digits(phone: str) -> str:
    return _NON_DIGITS.sub("", phone)


def sort_key(first: str, last: str, email: str) -> str:
    return fold(f"{last} {first}") or email.lower()


def first_key(first: str, last: str) -> str:
    return fold(f"{first} {last}")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
