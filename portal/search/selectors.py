"""Who finds what, in which order. Plain LIKE on the folded columns, so SQLite and PostgreSQL
answer alike (no FTS, no unaccent); fine for thousands of pages, see docs/notes/search.md."""

from __future__ import annotations

import operator
from functools import reduce

from django.apps import apps
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, Replace

from .models import Audience, SearchEntry


def entries_visible_to(*, user) -> QuerySet[SearchEntry]:
    """Internal entries are for logged-in users only (every account belongs to staff)."""
    entries = SearchEntry.objects.all()
    if user is None or not user.is_authenticated:
        entries = entries.filter(audience=Audience.PUBLIC)
    return entries


def search_entries(
    *, words: list[str], user, accented_words: list[str] | tuple = ()
) -> QuerySet[SearchEntry]:
    """Entries holding every folded word as a whole word in the title or the text.

    Order: most query words in the title (all of them first), then most ``accented_words``
    (as typed, with diacritics) in the title, then most occurrences in the text, then the
    most recently published, then the newest entry.
    """
    entries = entries_visible_to(user=user).select_related("page")
    if not words:
        return entries.none()
    title_hits, text_hits = [], []
    for word in words:
        needle = f" {word} "
        entries = entries.filter(Q(title_folded__contains=needle) | Q(text_folded__contains=needle))
        title_hits.append(
            Case(
                When(title_folded__contains=needle, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        # Occurrences = characters removed by deleting the word, over its length.
        removed = Length("text_folded") - Length(Replace(F("text_folded"), Value(needle)))
        text_hits.append(
            ExpressionWrapper(removed / Value(len(needle)), output_field=IntegerField())
        )
    exact_hits = [
        Case(
            When(title_lower__contains=f" {word} ", then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in accented_words
    ] or [Value(0, output_field=IntegerField())]
    return entries.annotate(
        title_hits=reduce(operator.add, title_hits),
        exact_title_hits=reduce(operator.add, exact_hits),
        text_hits=reduce(operator.add, text_hits),
    ).order_by("-title_hits", "-exact_title_hits", "-text_hits", "-updated_at", "-pk")


def page_type_label(page_type: str) -> str:
    """ "Công khai", "Quy chế"…: the page model's ``search_label`` or its app's name."""
    app_label, _dot, model_name = page_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return ""
    return str(getattr(model, "search_label", None) or model._meta.app_config.verbose_name)
