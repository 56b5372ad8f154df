from django.contrib.auth import views as auth_views
from django.urls import path

from followthrough.workspaces import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/reset/", views.ResetView.as_view(), name="password_reset"),
    path(
        "login/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="workspaces/reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "login/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "login/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="workspaces/reset_done.html"),
        name="password_reset_complete",
    ),
    path("workspaces/", views.workspace_pick, name="workspace_pick"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("me/password/", views.password_change, name="password_change"),
    path("reports/", views.reports, name="reports"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("team/", views.members, name="members"),
    path("team/add/", views.member_add, name="member_add"),
    path("team/invitations/<str:code>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("team/settings/", views.workspace_settings, name="workspace_settings"),
    path("team/<str:code>/", views.member_edit, name="member_edit"),
    path("team/<str:code>/toggle/", views.member_toggle, name="member_toggle"),
]
