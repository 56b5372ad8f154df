from django.urls import path

from followthrough.mail import views

app_name = "mail"

urlpatterns = [
    path("", views.mailboxes, name="mailboxes"),
    path("mailboxes/new/", views.mailbox_form, name="mailbox_new"),
    path("mailboxes/<str:code>/", views.mailbox_form, name="mailbox_edit"),
    path("mailboxes/<str:code>/test/", views.mailbox_test_view, name="mailbox_test"),
    path("mailboxes/<str:code>/delete/", views.mailbox_delete, name="mailbox_delete"),
    path("triage/", views.triage, name="triage"),
    path(
        "triage/<str:code>/attach/", views.triage_action, {"action": "attach"}, name="triage_attach"
    ),
    path(
        "triage/<str:code>/create/", views.triage_action, {"action": "create"}, name="triage_create"
    ),
    path(
        "triage/<str:code>/ignore/", views.triage_action, {"action": "ignore"}, name="triage_ignore"
    ),
    path("import/", views.upload, name="upload"),
    path("import/<str:code>/", views.upload_job, name="upload_job"),
]
