from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("bare-django/", views.bare_django, name="bare_django"),
]
