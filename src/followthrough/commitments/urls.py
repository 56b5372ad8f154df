from django.urls import path

from followthrough.commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.promise_list, name="list"),
    path("new/", views.promise_new, name="new"),
    path("preview/", views.promise_preview, name="preview"),
    path("contacts/", views.contact_options, name="contact_options"),
    path("<str:code>/", views.promise_detail, name="detail"),
    path("<str:code>/keep/", views.promise_keep, name="keep"),
    path("<str:code>/renegotiate/", views.promise_renegotiate, name="renegotiate"),
    path("<str:code>/release/", views.promise_release, name="release"),
]
