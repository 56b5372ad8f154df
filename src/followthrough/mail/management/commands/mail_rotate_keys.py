"""`followthrough manage mail_rotate_keys`: re-encrypt mailbox passwords with the newest key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from followthrough.mail.crypto import MailKeyError
from followthrough.mail.mailboxes import mailboxes_rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every saved mailbox password with the first key of FOLLOWTHROUGH_MAIL_KEYS. "
        "Run it after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = mailboxes_rotate_keys()
        except MailKeyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Re-encrypted {count:,} mailbox credentials with the newest key.")
