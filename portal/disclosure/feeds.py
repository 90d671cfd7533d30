"""RSS and Atom feeds of public items (restricted ones never appear)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .selectors import first_board, public_feed_items


class PublicItemsRssFeed(Feed):
    title = _("Công khai — Sở Công Thương")
    description = _("Nội dung công khai rộng rãi mới niêm yết.")
    feed_url = reverse_lazy("disclosure:feed_rss")

    def link(self):
        board = first_board()
        return board.url if board else "/"

    def items(self):
        return public_feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        start = datetime.datetime.combine(item.posted_from, datetime.time(7, 0))
        return timezone.make_aware(start)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.category.name]


class PublicItemsAtomFeed(PublicItemsRssFeed):
    feed_type = Atom1Feed
    subtitle = PublicItemsRssFeed.description
    feed_url = reverse_lazy("disclosure:feed_atom")
