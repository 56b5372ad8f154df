from django.urls import path

from followthrough.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plans_home, name="home"),
    path("new/", views.plan_new, name="new"),
    path("settings/", views.settings_save, name="settings"),
    path("stay-in-touch/", views.losing_touch, name="stay"),
    path("enroll/<str:code>/", views.enroll, name="enroll"),
    path("contact/<str:code>/", views.contact_card, name="contact"),
    path("enrollments/<str:code>/stop/", views.enrollment_stop, name="stop"),
    path("enrollments/<str:code>/log/", views.touch_log, name="touch_log"),
    path("enrollments/<str:code>/skip/", views.touch_skip, name="touch_skip"),
    path("enrollments/<str:code>/compose/", views.touch_compose, name="touch_compose"),
    path("chasers/<str:code>/compose/", views.chaser_compose, name="chaser_compose"),
    path("chasers/<str:code>/try/", views.chaser_try, name="chaser_try"),
    path("chasers/<str:code>/rest/", views.chaser_rest, name="chaser_rest"),
    path("touches/<str:code>/", views.touch_edit, name="touch_edit"),
    path("touches/<str:code>/remove/", views.touch_remove, name="touch_remove"),
    path("<str:code>/", views.plan_detail, name="detail"),
    path("<str:code>/touches/new/", views.touch_new, name="touch_new"),
]
