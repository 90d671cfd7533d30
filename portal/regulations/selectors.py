"""Which regulation pages a visitor may see listed."""

from django.http import HttpRequest
from wagtail.models import Page


def regulations_visible(*, request: HttpRequest, parent: Page | None = None, pages=None) -> list:
    """Live regulation pages under ``parent`` (or among ``pages``) whose view restrictions
    let this request in, so that a restricted regulation's title is not shown to outsiders."""
    from .models import RegulationPage

    if pages is None:
        pages = RegulationPage.objects.child_of(parent)
    visible = []
    for page in pages.live().specific().order_by("-effective_date", "title"):
        if all(r.accept_request(request) for r in page.get_view_restrictions()):
            visible.append(page)
    return visible
