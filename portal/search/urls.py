from django.urls import path

from . import views

app_name = "search"

# Included at the site root (portal/urls.py), hence the full path.
urlpatterns = [
    path("search/", views.search_index, name="index"),
]
