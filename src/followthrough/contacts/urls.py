from django.urls import path

from followthrough.contacts import import_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list_view, name="list"),
    path("new/", views.contact_new, name="new"),
    path("import/", import_views.contact_import, name="import"),
    path("export.csv", import_views.contact_export, name="export"),
    path("interactions/<str:code>/delete/", views.interaction_remove, name="interaction_delete"),
    path("<str:code>/", views.contact_detail, name="detail"),
    path("<str:code>/edit/", views.contact_edit, name="edit"),
    path("<str:code>/log/", views.interaction_create, name="log"),
    path("<str:code>/stage/", views.contact_stage, name="stage"),
    path("<str:code>/archive/", views.contact_archive, name="archive"),
]
