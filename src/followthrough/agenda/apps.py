from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "followthrough.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from followthrough.agenda.due import register_provider
        from followthrough.agenda.providers import NO_SHOWS, REPLIES

        register_provider("replies", REPLIES)
        register_provider("no_shows", NO_SHOWS)
