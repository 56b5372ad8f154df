from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "followthrough.contacts"
    label = "contacts"
    verbose_name = "Contacts"
