from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "followthrough.mail"
    label = "mail"
    verbose_name = "Mail"

    def ready(self) -> None:
        # Explicit hook point, not a signal: an email queued in the composer gets its
        # Message-ID at once (mail/sending.py).
        from followthrough.composer.services import register_outbox_hook
        from followthrough.mail.sending import outgoing_create

        register_outbox_hook(outgoing_create)
