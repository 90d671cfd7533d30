from django.conf import settings
from django.db.models import F, Func, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


def _may_see_away(user) -> bool:
    from forms.leave.away import may_see_away

    return may_see_away(user=user)


def _may_use_desk(user) -> bool:
    from forms.overtime.desk import may_use_desk

    return may_use_desk(user=user)


def _may_see_dashboard(user) -> bool:
    from portal.dashboard.access import may_see_dashboard

    return may_see_dashboard(user)


def _may_number(user) -> bool:
    from portal.documents.selectors import user_is_registry

    return user_is_registry(user=user)


# The main sections; a section appears once its view exists, so the menu has no dead links.
# The fourth value names a count shown next to the label (see _counts); an optional fifth is
# a check ``(user) -> bool`` for a section only some people may open (keep it to one query).
SECTIONS = [
    ("forms:index", _("Biểu mẫu"), True, None),
    ("flows:inbox", _("Việc cần xử lý"), True, "open_tasks"),
    ("forms:my_submissions", _("Đơn của tôi"), True, None),
    ("leave:away", _("Lịch vắng mặt"), True, None, _may_see_away),
    ("dashboard:index", _("Theo dõi"), True, None, _may_see_dashboard),
    ("overtime:desk", _("Bảo vệ trực"), True, None, _may_use_desk),
    ("documents:registry", _("Cấp số văn bản"), True, None, _may_number),
    ("feedback:new", _("Góp ý"), False, None),
    ("disclosure:index", _("Công khai"), False, None),
    ("regulations:index", _("Quy chế"), False, None),
]

# Pages whose section is not the one their address suggests. A submission (/bieu-mau/don/…)
# belongs to none: the requester and the approvers reach it from different sections, so it
# marks none rather than a wrong one.
SUBPAGES = {
    "forms:submission_detail": None,
    "forms:attachment": None,
    "forms:resubmit": "forms:my_submissions",
}


def _once(compute):
    """A callable the template engine calls on use; the query runs at most once per request."""
    cache = []

    def value():
        if not cache:
            cache.append(compute())
        return cache[0]

    return value


def _counts(request) -> dict:
    """One COUNT query each, run only if the page shows it (admin pages never do). A view
    that has just counted the same thing (the inbox) leaves it in ``request.open_task_count``."""
    from flows.selectors import open_steps_for
    from forms.trips.reminders import reports_to_file
    from portal.accounts.models import User
    from portal.notifications.models import Notification

    user = request.user

    def open_tasks():
        # Việc cần xử lý lists the user's own post-trip reports to file too: both counted
        # in one query, as scalar subqueries on the user's row.
        def count(qs):
            return Subquery(qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))

        steps, reports = (
            User.objects.filter(pk=user.pk)
            .values_list(count(open_steps_for(user=user)), count(reports_to_file(user=user)))
            .get()
        )
        return steps + reports

    known = getattr(request, "open_task_count", None)
    return {
        "open_tasks": (lambda: known) if known is not None else _once(open_tasks),
        "unread_notifications": _once(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        ),
    }


def navigation(request):
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    counts = _counts(request) if authenticated else {}
    items = []
    for url_name, label, needs_login, count, *check in SECTIONS:
        if needs_login and not authenticated:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if check and not check[0](user):
            continue
        items.append(
            {
                "name": url_name,
                "url": url,
                "label": label,
                "count": counts.get(count),
                "current": None,
            }
        )
    # aria-current: "page" on the section's own page, "true" on a page inside it (the deepest
    # section whose address starts the path, unless SUBPAGES says otherwise).
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if view_name in SUBPAGES:
        parent = SUBPAGES[view_name]
        containing = [item for item in items if item["name"] == parent]
    else:
        containing = [item for item in items if request.path.startswith(item["url"])]
    if containing:
        best = max(containing, key=lambda item: len(item["url"]))
        best["current"] = "page" if request.path == best["url"] else "true"
    # Language names stay in their own language ("English", not "Tiếng Anh").
    return {
        "nav_items": items,
        "language_choices": settings.LANGUAGES,
        "unread_notifications": counts.get("unread_notifications", 0),
    }
