from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import AppConfig


def _outgoing_create(outbox: Any, now: datetime) -> None:
    # Imported when first used: the server should start without the SMTP and crypto modules.
    from followthrough.mail.sending import outgoing_create

    outgoing_create(outbox, now)


class MailConfig(AppConfig):
    name = "followthrough.mail"
    label = "mail"
    verbose_name = "Mail"

    def ready(self) -> None:
        # Explicit hook point, not a signal: an email queued in the composer gets its
        # Message-ID at once (mail/sending.py).
        from followthrough.composer.services import register_outbox_hook

        register_outbox_hook(_outgoing_create)
