from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "followthrough.commitments"
    label = "commitments"
    verbose_name = "Promises"

    def ready(self) -> None:
        # Explicit hook points, not signals (docs/decisions/0003-promise-fulfilment-hook.md).
        from followthrough.agenda.due import register_provider
        from followthrough.commitments.agenda import PROMISES
        from followthrough.commitments.services import commitments_fulfil_from_interaction
        from followthrough.contacts.services import register_post_log

        register_post_log(commitments_fulfil_from_interaction)
        register_provider("promises", PROMISES)
