"""Mailbox credentials, encrypted at rest with Fernet keys from the environment.

``FOLLOWTHROUGH_MAIL_KEYS`` holds one or more Fernet keys, comma separated, newest first.
Every key decrypts; only the first encrypts. To rotate: put a new key first, run
``followthrough manage mail_rotate_keys`` (re-encrypts every credential with it), then drop
the old key. A credential is never shown back, logged or put in an exception message.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

ENV = "FOLLOWTHROUGH_MAIL_KEYS"


class MailKeyError(RuntimeError):
    """No key, or a key that cannot read a stored credential."""


def _keys() -> list[str]:
    raw = os.environ.get(ENV) or getattr(settings, "MAIL_KEYS", "")
    return [k.strip() for k in str(raw).split(",") if k.strip()]


def fernet() -> MultiFernet:
    keys = _keys()
    if not keys:
        raise MailKeyError(
            f"Mailbox passwords are encrypted with a key from {ENV}, which is not set. "
            "Create one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'` (see docs/mail.md)."
        )
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError:
        raise MailKeyError(
            f"A key in {ENV} is not a Fernet key (32 url-safe base64 bytes)."
        ) from None


@dataclass(frozen=True)
class Credential:
    """How to log in: today a password (or app password). An OAuth2 (XOAUTH2) token provider
    for Gmail and Microsoft 365 would be another ``kind`` with its own fields; it is not built
    or tested yet, so `credential_load` refuses it."""

    kind: str
    secret: str = ""

    def __repr__(self) -> str:
        return f"Credential(kind={self.kind!r}, secret=<hidden>)"

    __str__ = __repr__


def credential_seal(credential: Credential) -> str:
    payload = json.dumps({"kind": credential.kind, "secret": credential.secret})
    return fernet().encrypt(payload.encode()).decode()


def credential_load(token: str) -> Credential:
    if not token:
        raise MailKeyError("This mailbox has no password saved.")
    try:
        data: dict[str, Any] = json.loads(fernet().decrypt(token.encode()))
    except InvalidToken:
        raise MailKeyError(
            f"The saved password cannot be read with the keys in {ENV} (was a key removed "
            "before `mail_rotate_keys` ran?). Enter the password again."
        ) from None
    if data.get("kind") != "password":
        raise MailKeyError(f"Sign-in of kind {data.get('kind')!r} is not supported yet.")
    return Credential(kind="password", secret=str(data.get("secret", "")))


def rotate(token: str) -> str:
    """The same credential encrypted with the newest key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise MailKeyError(f"A saved password cannot be read with the keys in {ENV}.") from None
