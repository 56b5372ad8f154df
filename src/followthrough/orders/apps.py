from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "followthrough.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        # Explicit hook points, not signals: Today's providers and the timeline's post-log hook.
        from followthrough.agenda.due import register_provider
        from followthrough.contacts.services import register_post_log
        from followthrough.orders.agenda import bad_news_items, invoice_items
        from followthrough.orders.slips import orders_after_interaction

        register_post_log(orders_after_interaction)
        register_provider("bad_news", bad_news_items)
        register_provider("invoices", invoice_items)
