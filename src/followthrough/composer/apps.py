from django.apps import AppConfig


class ComposerConfig(AppConfig):
    name = "followthrough.composer"
    label = "composer"
    verbose_name = "Composer"

    def ready(self) -> None:
        # Explicit hook point, not a signal: every logged inbound message is read once.
        from followthrough.composer.inbound import interaction_analyze
        from followthrough.contacts.services import register_post_log

        register_post_log(interaction_analyze)
