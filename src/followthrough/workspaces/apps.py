from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "followthrough.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"
