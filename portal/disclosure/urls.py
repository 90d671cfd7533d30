"""Included at the site root: full paths that never collide with the board's own slug."""

from django.urls import path

from . import views
from .feeds import PublicItemsAtomFeed, PublicItemsRssFeed

app_name = "disclosure"

urlpatterns = [
    # Wagtail still serves the items below it (/cong-khai/<slug>/).
    path("cong-khai/", views.board_entry, name="index"),
    path("cong-khai-xac-nhan/<int:page_id>/", views.acknowledge, name="acknowledge"),
    path("cong-khai-thong-ke/", views.stats_index, name="stats"),
    path("cong-khai-thong-ke/<int:page_id>/", views.stats_item, name="stats_item"),
    path("cong-khai-rss/", PublicItemsRssFeed(), name="feed_rss"),
    path("cong-khai-atom/", PublicItemsAtomFeed(), name="feed_atom"),
]
