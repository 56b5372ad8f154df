from django.contrib import admin
from django.urls import include, path

from followthrough.api import api

urlpatterns = [
    path("", include("followthrough.agenda.urls")),
    path("", include("followthrough.workspaces.urls")),
    path("promises/", include("followthrough.commitments.urls")),
    path("contacts/", include("followthrough.contacts.urls")),
    path("composer/", include("followthrough.composer.urls")),
    path("orders/", include("followthrough.orders.urls")),
    path("plans/", include("followthrough.plans.urls")),
    path("lost/", include("followthrough.lost.urls")),
    path("mail/", include("followthrough.mail.urls")),
    path("o/", include("followthrough.orders.public_urls")),
    path("api/", api.urls),
    path("operators/", admin.site.urls),
]
