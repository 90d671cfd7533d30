"""Keeping SearchEntry in step with the pages that define ``search_document()``.

A page is indexed only when it is live, not an alias, and either open to everyone or
restricted to logged-in users; a login restriction (on it or an ancestor) makes it internal
whatever ``search_document()`` says. Group and password restrictions keep it out of the index:
the search page cannot tell who is in which group, so it must never show such a page.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from html import unescape

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction, get_page_models

from .models import Audience, SearchEntry
from .text import fold, lower_words

logger = logging.getLogger(__name__)

# Rich text that a page type passes on by mistake: its usual tags, not any "<word>".
_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th"
    r"|blockquote|hr|img|embed)\b[^>]*>",
    re.IGNORECASE,
)


def page_model_is_searchable(model) -> bool:
    return callable(getattr(model, "search_document", None))


def searchable_page_models() -> list[type[Page]]:
    return [model for model in get_page_models() if page_model_is_searchable(model)]


def _plain(value) -> str:
    """NFC text on one line; rich text that slipped through loses its tags."""
    text = str(value or "")
    if _TAG.search(text):
        text = unescape(strip_tags(text))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _entry_fields(page: Page) -> dict | None:
    """The entry's columns for ``page`` (specific), or None when it must not be found."""
    if not page_model_is_searchable(type(page)) or not page.live or page.alias_of_id:
        return None
    restrictions = {r.restriction_type for r in page.get_view_restrictions()}
    if restrictions - {PageViewRestriction.LOGIN}:
        return None
    try:
        document = page.search_document()
        title, text, audience = document["title"], document.get("text", ""), document["audience"]
    except Exception:
        # A bug in one page type must not stop an editor from publishing; the page is simply
        # not found until it is fixed (and never found with stale content or audience).
        logger.exception("search_document() failed for page %s", page.pk)
        return None
    if audience not in Audience.values:
        logger.warning(
            "Page %s: unknown search audience %r, treated as internal", page.pk, audience
        )
    public = audience == Audience.PUBLIC and not restrictions
    title = _plain(title)[:255] or _plain(page.title)[:255]
    text = _plain(text)
    return {
        "title": title,
        "title_folded": f" {fold(title)[:298]} ",
        "title_lower": f" {lower_words(title)[:298]} ",
        "text": text,
        "text_folded": f" {fold(text)} ",
        "audience": Audience.PUBLIC if public else Audience.INTERNAL,
        "page_type": f"{page._meta.app_label}.{page._meta.model_name}",
        "url_path": page.url_path,
        "updated_at": page.last_published_at or page.latest_revision_created_at or timezone.now(),
    }


def search_entry_sync(*, page: Page) -> SearchEntry | None:
    """Create, update or delete the page's entry; returns it, or None when not indexed."""
    page = page.specific
    fields = _entry_fields(page)
    if fields is None:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    entry, _created = SearchEntry.objects.update_or_create(page_id=page.pk, defaults=fields)
    return entry


def search_entries_sync_tree(*, page_id: int) -> None:
    """Re-check a page and everything below it (moves and privacy settings are inherited)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted since: its entries went with it (on_delete=CASCADE)
        return
    for descendant in page.get_descendants(inclusive=True).specific(defer=False):
        search_entry_sync(page=descendant)


def search_entries_sync_tree_on_commit(*, page_id: int) -> None:
    # After commit, because a restriction is also deleted while its page is being deleted,
    # and an entry written back at that moment would block the page's deletion.
    transaction.on_commit(lambda: search_entries_sync_tree(page_id=page_id))


def search_index_rebuild() -> tuple[int, int]:
    """Index every searchable page again and drop every other entry: (indexed, removed)."""
    kept: set[int] = set()
    models = searchable_page_models()
    if models:
        for page in Page.objects.live().type(*models).specific().iterator(chunk_size=200):
            if search_entry_sync(page=page) is not None:
                kept.add(page.pk)
    stale = set(SearchEntry.objects.values_list("page_id", flat=True)) - kept
    stale_ids = sorted(stale)
    for start in range(0, len(stale_ids), 500):
        SearchEntry.objects.filter(page_id__in=stale_ids[start : start + 500]).delete()
    return len(kept), len(stale)
