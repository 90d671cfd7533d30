"""Theo dõi, báo cáo (/theo-doi/): the figures of the viewer's scope, and their downloads."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.org.selectors import unit_subtree, unit_tree

from .access import ScopeRefused, UnknownUnit, dashboard_access, dashboard_scope
from .charts import bar_chart
from .exports import FORMATS, table_response
from .period import PeriodError, period_parse
from .report import dashboard_figures, dashboard_tables


@login_required
@require_GET
def index(request):
    access = dashboard_access(user=request.user)
    if access is None:
        return render(request, "dashboard/not_allowed.html", status=403)
    tree = unit_tree()
    errors = []
    try:
        period = period_parse(start=request.GET.get("from"), end=request.GET.get("to"))
    except PeriodError as exc:
        errors.append(str(exc))
        period = period_parse(start=None, end=None)
    try:
        scope = dashboard_scope(access=access, tree=tree, unit_code=request.GET.get("unit", ""))
    except (UnknownUnit, ScopeRefused) as exc:
        # A head who asks for another unit is told so and shown his own.
        errors.append(str(exc))
        scope = dashboard_scope(access=access, tree=tree)
    figures = dashboard_figures(scope=scope, period=period, tree=tree)
    tables = dashboard_tables(figures)
    export = request.GET.get("export")
    if export:
        table = next((t for t in tables if t.key == export), None)
        fmt = request.GET.get("format", "xlsx")
        if errors or table is None or fmt not in FORMATS:
            message = " ".join(errors) or _("Không có bảng số liệu này hoặc định dạng tải về này.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return table_response(table, fmt=fmt, today=period.today)
    units = tree if access.everything else unit_subtree(tree, access.unit_id)
    query = {
        "from": period.start.strftime("%d/%m/%Y"),
        "to": period.end.strftime("%d/%m/%Y"),
    }
    if scope.unit is not None and (access.everything or scope.unit.pk != access.unit_id):
        query["unit"] = scope.unit.code
    base = urlencode(query)
    by_key = {t.key: t for t in tables}
    names = figures["unit_names"]
    charts = {
        "submissions_month": bar_chart(
            title=_("Số đơn nộp theo tháng"),
            bars=[
                (r["month"].strftime("%m/%Y"), r["submitted"])
                for r in figures["submissions_by_month"]
            ],
        ),
        "decision_month": bar_chart(
            title=_("Trung vị số giờ ra kết quả theo tháng"),
            bars=[
                (r["month"].strftime("%m/%Y"), r["median_hours"] or 0)
                for r in figures["decision_time_by_month"]
            ],
        ),
        "tasks_unit": bar_chart(
            title=_("Việc quá hạn theo đơn vị"),
            bars=[
                (names.get(r["unit_id"], "—"), r["overdue"])
                for r in figures["tasks_by_unit"]
                if r["overdue"]
            ],
            horizontal=True,
        ),
    }
    return render(
        request,
        "dashboard/index.html",
        {
            "figures": figures,
            "tables": tables,
            "by_key": by_key,
            "charts": charts,
            "errors": errors,
            "period": period,
            "scope": scope,
            "access": access,
            "units": [(u, "\u2003" * (d - units[0][1]) + u.name) for u, d in units]
            if units
            else [],
            "export_query": base,
            "week": period.week,
        },
    )
