from django.urls import path

from . import views

app_name = "flows"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("da-xu-ly/", views.done, name="done"),
    path("viec/<int:pk>/", views.task, name="task"),
    path("dong-y-nhieu/", views.bulk_approve, name="bulk_approve"),
]
