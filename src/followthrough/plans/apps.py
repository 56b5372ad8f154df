from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "followthrough.plans"
    label = "plans"
    verbose_name = "Follow-up plans"

    def ready(self) -> None:
        # Explicit hook points, not signals: Today's providers, the timeline's post-log hook
        # and the orders' completion hook (docs/decisions/0003-promise-fulfilment-hook.md).
        from followthrough.agenda.due import register_provider
        from followthrough.contacts.services import register_post_log
        from followthrough.orders.services import register_order_completed
        from followthrough.plans.agenda import CHASERS, NEXT_PROSPECTS, TOUCHES
        from followthrough.plans.hooks import after_interaction, after_order_completed

        register_post_log(after_interaction)
        register_order_completed(after_order_completed)
        register_provider("touches", TOUCHES)
        register_provider("chasers", CHASERS)
        register_provider("next_prospects", NEXT_PROSPECTS)
