from django.urls import path

from followthrough.composer import views

app_name = "composer"

urlpatterns = [
    path("", views.composer_home, name="home"),
    path("new/", views.composer_new, name="new"),
    path("check/", views.composer_check, name="check"),
    path("apply/", views.composer_apply, name="apply"),
    path("promise/", views.composer_promise, name="promise"),
    path("save/", views.composer_save, name="save"),
    path("held/", views.composer_held, name="held"),
    path("<str:code>/", views.composer_draft, name="draft"),
]
