from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import SafeString

from .forms import SearchForm
from .highlight import highlight, snippet
from .models import Audience, SearchEntry
from .selectors import page_type_label, search_entries

PER_PAGE = 10


@dataclass(frozen=True)
class Result:
    entry: SearchEntry
    url: str | None
    title: SafeString
    snippet: SafeString
    type_label: str
    internal: bool


def _result(entry: SearchEntry, words: list[str], request) -> Result:
    return Result(
        entry=entry,
        url=entry.page.get_url(request=request),
        title=highlight(entry.title, words),
        snippet=snippet(entry.text, words),
        type_label=page_type_label(entry.page_type),
        internal=entry.audience == Audience.INTERNAL,
    )


def search_index(request):
    """Tìm kiếm: anyone may search; internal pages are found only by logged-in staff."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "page_obj": None, "results": []}
    if form.is_valid() and form.cleaned_data["q"]:
        words = form.cleaned_data["words"]
        entries = search_entries(
            words=words, accented_words=form.cleaned_data["accented_words"], user=request.user
        )
        page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            query=form.cleaned_data["q"],
            page_obj=page_obj,
            results=[_result(entry, words, request) for entry in page_obj],
            pagination_query=urlencode({"q": form.cleaned_data["q"]}),
        )
    response = render(request, "search/index.html", context)
    if request.user.is_authenticated:
        # Results for staff include internal pages: never in a shared cache.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response
