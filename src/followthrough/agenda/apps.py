from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "followthrough.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from followthrough.agenda.due import register_provider
        from followthrough.agenda.providers import no_show_items, owed_items

        register_provider("replies", owed_items)
        register_provider("no_shows", no_show_items)
