"""What the board shows: filters, the archive and pagination, from the query string."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .models import DisclosureCategory
from .workflow import user_is_office

PER_PAGE = 20
ARCHIVE_PARAM = "luu-tru"


def board_context(*, board, request) -> dict:
    today = timezone.localdate()
    items = selectors.visible_items(user=request.user, board=board)
    archive = request.GET.get(ARCHIVE_PARAM) == "1"
    items = (
        selectors.expired_on(items, on=today) if archive else selectors.posted_on(items, on=today)
    )
    errors = []

    categories = list(DisclosureCategory.objects.filter(active=True))
    category_code = request.GET.get("loai", "").strip()
    category = None
    if category_code:
        category = next((c for c in categories if c.code == category_code), None)
        if category is None:
            errors.append(_("Loại nội dung không tồn tại; đang hiển thị mọi loại."))
        else:
            items = items.filter(category=category)

    year_text = request.GET.get("nam", "").strip()
    year = None
    if year_text:
        if year_text.isdigit() and 2000 <= int(year_text) <= today.year + 1:
            year = int(year_text)
            items = items.filter(posted_from__year=year)
        else:
            errors.append(_("Năm không hợp lệ; đang hiển thị mọi năm."))

    items = items.order_by("-posted_from", "-first_published_at", "title")
    paginator = Paginator(items, PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("trang", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)

    query = request.GET.copy()
    query.pop("trang", None)
    return {
        "items": page_obj.object_list,
        "page_obj": page_obj,
        "archive": archive,
        "categories": categories,
        "selected_category": category,
        "selected_year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "filter_errors": errors,
        "query_without_page": query.urlencode(),
        "today": today,
        "may_see_stats": request.user.is_authenticated and user_is_office(request.user),
    }
