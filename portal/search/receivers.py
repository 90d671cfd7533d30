"""Signal receivers: the index follows publishing, unpublishing, moves and privacy changes.

Deleting a page needs no receiver: SearchEntry.page is on_delete=CASCADE, which also covers
a page deleted together with its parent and deletions that send no Wagtail signal.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import search_entries_sync_tree_on_commit, search_entry_sync


@receiver(page_published, dispatch_uid="sitesearch_page_published")
@receiver(page_unpublished, dispatch_uid="sitesearch_page_unpublished")
def page_changed(sender, instance, **kwargs):
    search_entry_sync(page=instance)


@receiver(post_page_move, dispatch_uid="sitesearch_page_moved")
def page_moved(sender, instance, **kwargs):
    # New address for it and its descendants, and perhaps new inherited restrictions.
    search_entries_sync_tree_on_commit(page_id=instance.pk)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="sitesearch_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="sitesearch_restriction_gone")
def restriction_changed(sender, instance, **kwargs):
    search_entries_sync_tree_on_commit(page_id=instance.page_id)
