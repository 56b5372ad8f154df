from django.urls import path

from followthrough.orders import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list_view, name="list"),
    path("new/", views.order_new, name="new"),
    path("problems/<str:code>/tell/", views.problem_tell, name="problem_tell"),
    path("problems/<str:code>/choice/", views.problem_choice, name="problem_choice"),
    path("problems/<str:code>/resolve/", views.problem_resolve, name="problem_resolve"),
    path("invoices/<str:code>/pay/", views.invoice_pay, name="invoice_pay"),
    path("invoices/<str:code>/chase/", views.invoice_chase, name="invoice_chase"),
    path("<str:code>/", views.order_detail, name="detail"),
    path("<str:code>/event/", views.order_event, name="event"),
    path("<str:code>/owner/", views.order_owner, name="owner"),
    path("<str:code>/link/", views.order_link, name="link"),
    path("<str:code>/log/", views.order_log, name="log"),
    path("<str:code>/invoices/", views.invoice_new, name="invoice_new"),
]
