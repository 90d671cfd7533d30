"""The dashboard's figures as JSON: GET /api/v1/dashboard/ (same scope rules as /theo-doi/)."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from portal.dashboard.access import ScopeRefused, UnknownUnit, dashboard_access, dashboard_scope
from portal.dashboard.period import PeriodError, period_parse
from portal.dashboard.report import dashboard_figures
from portal.dashboard.schemas import DashboardOut
from portal.org.selectors import unit_tree

from .schemas import Detail

router = Router(tags=["Theo dõi"])


def _figures_to_api(figures: dict, tree) -> dict:
    units = {unit.pk: {"code": unit.code, "name": unit.name} for unit, _depth in tree}

    def with_unit(rows):
        return [{**row, "unit": units.get(row.get("unit_id"))} for row in rows]

    period, scope = figures["period"], figures["scope"]
    feedback = figures["overdue_feedback"]
    return {
        "period": {"start": period.start, "end": period.end, "today": period.today},
        "unit": units.get(scope.unit.pk) if scope.unit else None,
        "open_tasks": figures["open_tasks"],
        "overdue_tasks": figures["overdue_tasks"],
        "overdue_trip_reports": len(figures["overdue_trip_reports"]),
        "overdue_feedback": None if feedback is None else feedback["total"],
        "away_today": with_unit(figures["away_today"]),
        "decision_time": figures["decision_time"],
        "decision_time_by_step": figures["decision_time_by_step"],
        "tasks_by_unit": with_unit(figures["tasks_by_unit"]),
        "tasks_by_person": figures["tasks_by_person"],
        "overdue_trip_report_list": with_unit(figures["overdue_trip_reports"]),
        "away_this_week": with_unit(figures["away_week"]),
        "overtime": {**figures["overtime"], "people": with_unit(figures["overtime"]["people"])},
        "leave": with_unit(figures["leave"]),
        "submissions_by_month": figures["submissions_by_month"],
    }


@router.get(
    "/",
    response={200: DashboardOut, 400: Detail, 403: Detail, 404: Detail},
    summary="Số liệu theo dõi, báo cáo",
    description=(
        "Các số liệu của trang Theo dõi cho Văn phòng, Lãnh đạo Sở (mọi đơn vị) và trưởng đơn "
        "vị (đơn vị mình và đơn vị trực thuộc). Ngày theo dạng YYYY-MM-DD; mặc định từ "
        "01/01 năm nay đến hôm nay."
    ),
)
def dashboard(
    request,
    unit: str = Query("", description="Mã đơn vị, ví dụ QLCN; để trống: toàn bộ phạm vi."),
    date_from: str = Query("", alias="from", description="Từ ngày (YYYY-MM-DD)."),
    date_to: str = Query("", alias="to", description="Đến ngày (YYYY-MM-DD)."),
):
    access = dashboard_access(user=request.auth)
    if access is None:
        return Status(
            403,
            {"detail": _("Chỉ Văn phòng, Lãnh đạo Sở và trưởng đơn vị xem được số liệu này.")},
        )
    try:
        period = period_parse(start=date_from or None, end=date_to or None)
    except PeriodError as exc:
        return Status(400, {"detail": str(exc)})
    tree = unit_tree()
    try:
        scope = dashboard_scope(access=access, tree=tree, unit_code=unit)
    except UnknownUnit as exc:
        return Status(404, {"detail": str(exc)})
    except ScopeRefused as exc:
        return Status(403, {"detail": str(exc)})
    figures = dashboard_figures(scope=scope, period=period, tree=tree)
    return Status(200, _figures_to_api(figures, tree))
