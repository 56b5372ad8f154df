from django.urls import path

from followthrough.lost import views

app_name = "lost"

urlpatterns = [
    path("", views.loss_list, name="list"),
    path("mark/<str:code>/", views.mark_lost, name="mark"),
    path("reasons/", views.reason_add, name="reason_add"),
    path("reasons/<int:pk>/retire/", views.reason_retire, name="reason_retire"),
    path("<str:code>/", views.loss_detail, name="detail"),
]
