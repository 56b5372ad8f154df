from django.contrib import admin
from django.urls import include, path

from followthrough.api import api

urlpatterns = [
    path("", include("followthrough.workspaces.urls")),
    path("contacts/", include("followthrough.contacts.urls")),
    path("api/", api.urls),
    path("operators/", admin.site.urls),
]
