from django.urls import path

from followthrough.workspaces import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("reports/", views.reports, name="reports"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("team/", views.members, name="members"),
    path("team/add/", views.member_add, name="member_add"),
    path("team/settings/", views.workspace_settings, name="workspace_settings"),
    path("team/<str:code>/", views.member_edit, name="member_edit"),
    path("team/<str:code>/toggle/", views.member_toggle, name="member_toggle"),
]
