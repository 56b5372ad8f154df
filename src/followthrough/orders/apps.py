from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "followthrough.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        # Explicit hook points, not signals: Today's providers and the timeline's post-log hook.
        from followthrough.agenda.due import register_provider
        from followthrough.contacts.services import register_post_log
        from followthrough.orders.agenda import BAD_NEWS, CHOICES, INVOICES
        from followthrough.orders.slips import orders_after_interaction

        register_post_log(orders_after_interaction)
        register_provider("bad_news", BAD_NEWS)
        register_provider("choices", CHOICES)
        register_provider("invoices", INVOICES)
