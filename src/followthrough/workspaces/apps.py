from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "followthrough.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"

    def ready(self) -> None:
        from django.contrib import admin

        from followthrough.workspaces.auth import ThrottledAdminAuthenticationForm

        # The operators' admin signs in through the same throttled backend and says when it
        # refuses.
        admin.site.login_form = ThrottledAdminAuthenticationForm
