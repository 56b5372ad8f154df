from django.apps import AppConfig


class LostConfig(AppConfig):
    name = "followthrough.lost"
    label = "lost"
    verbose_name = "Lost customers"

    def ready(self) -> None:
        from followthrough.contacts.services import register_stage_hook
        from followthrough.lost.services import end_loss_when_back

        register_stage_hook(end_loss_when_back)
