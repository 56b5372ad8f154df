from django.urls import path

from followthrough.agenda import views

urlpatterns = [
    path("", views.today, name="today"),
    path("today/snooze/", views.snooze, name="agenda_snooze"),
    path("today/log/<str:code>/", views.log_reply, name="agenda_log"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
