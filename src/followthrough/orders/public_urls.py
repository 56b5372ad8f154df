"""The customer's order page, outside the members' area: /o/<token>/."""

from django.urls import path

from followthrough.orders import public_views

urlpatterns = [
    path("<str:token>/", public_views.order_page, name="order_public"),
]
