"""Public codes: short, unguessable identifiers used in URLs instead of database ids."""

from __future__ import annotations

import secrets

_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/1/i/l/o: readable aloud


def new_code(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_token() -> str:
    """A secret for public pages and feeds (about 190 bits)."""
    return secrets.token_urlsafe(32)
