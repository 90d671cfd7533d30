"""Thin views: the board redirect, “Tôi đã đọc” and the reading statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .models import DisclosureItemPage
from .services import acknowledgement_record
from .workflow import user_is_office


def board_entry(request):
    """The menu's address: the board itself when it lives at /cong-khai/ (so the menu marks
    it and its items as current), otherwise a redirect to wherever the board now is."""
    board = selectors.first_board()
    if board is None:
        raise Http404(_("Chưa có bảng công khai."))
    url = board.get_url(request)
    if url == request.path:
        from wagtail.views import serve

        return serve(request, request.path.lstrip("/"))
    return redirect(url)


def _readable_item(request, page_id: int) -> DisclosureItemPage:
    page = get_object_or_404(DisclosureItemPage.objects.live(), pk=page_id)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied
    return page


@login_required
@require_POST
def acknowledge(request, page_id: int):
    page = _readable_item(request, page_id)
    if not page.requires_acknowledgement:
        messages.error(request, _("Nội dung này không yêu cầu xác nhận đã đọc."))
        return redirect(page.get_url(request))
    _ack, created = acknowledgement_record(page=page, user=request.user)
    if created:
        messages.success(request, _("Đã ghi nhận bạn đã đọc nội dung này."))
    else:
        messages.info(request, _("Bạn đã xác nhận đọc nội dung này trước đó."))
    return redirect(page.get_url(request))


def _require_office(request) -> None:
    if not user_is_office(request.user):
        raise PermissionDenied(_("Chỉ Văn phòng xem được thống kê xác nhận đã đọc."))


@login_required
def stats_index(request):
    _require_office(request)
    items = list(selectors.items_requiring_acknowledgement())
    counts = selectors.acknowledgement_counts(pages=items)
    rows = [(item, *counts[item.pk], counts[item.pk][1] - counts[item.pk][0]) for item in items]
    return render(request, "disclosure/stats_index.html", {"rows": rows})


@login_required
def stats_item(request, page_id: int):
    _require_office(request)
    page = get_object_or_404(DisclosureItemPage.objects.live(), pk=page_id)
    groups = selectors.readers_by_unit(page=page)
    read = sum(len(group.read) for group in groups)
    total = sum(group.total for group in groups)
    return render(
        request,
        "disclosure/stats_item.html",
        {"item": page, "groups": groups, "read_count": read, "total": total},
    )
