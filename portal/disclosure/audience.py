"""Keeps Wagtail's own view restrictions in step with an item's ``audience``."""

from html import unescape

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

PUBLIC_COLLECTION = "Công khai"
INTERNAL_COLLECTION = "Công khai nội bộ"


def plain_text(html: str) -> str:
    return " ".join(unescape(strip_tags((html or "").replace("<", " <"))).split())


def _collection(name: str) -> Collection:
    # A flushed database (transactional tests) has lost the root that Wagtail's migration made.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def public_collection() -> Collection:
    return _collection(PUBLIC_COLLECTION)


def internal_collection() -> Collection:
    """Documents of internal items: served only to logged-in visitors."""
    collection = _collection(INTERNAL_COLLECTION)
    if not CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    ).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _documents(page):
    # The in-memory cluster: for a draft these rows are not in the database yet.
    return [a.document for a in page.attachments.all() if a.document_id]


@transaction.atomic
def item_audience_sync(*, page, full: bool) -> None:
    """Restrict an internal item (and its documents) to logged-in users; lift the restriction
    from a public one only on a full save, when the live row says so."""
    from .models import Audience, DisclosureAttachment

    restrictions = PageViewRestriction.objects.filter(page=page)
    if page.audience == Audience.INTERNAL:
        if not restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists():
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        target = internal_collection()
        for document in _documents(page):
            if document.collection_id != target.pk:
                document.collection = target
                document.save(update_fields=["collection"])
        return
    if not full:
        return
    restrictions.filter(restriction_type=PageViewRestriction.LOGIN).delete()
    target = public_collection()
    for document in _documents(page):
        # A document shared with an internal item stays internal.
        shared = (
            DisclosureAttachment.objects.filter(document=document, page__audience=Audience.INTERNAL)
            .exclude(page=page)
            .exists()
        )
        if not shared and document.collection_id != target.pk:
            document.collection = target
            document.save(update_fields=["collection"])
