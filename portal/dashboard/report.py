"""All the figures of one dashboard view, and the same figures as tables (page and exports).

``dashboard_figures`` runs the selectors once; ``dashboard_tables`` turns them into rows of
cells, which the page shows and ``exports.py`` writes out unchanged, so a download always
holds what the page showed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from forms.feedback.models import Recipient
from portal.org.models import Unit

from . import selectors
from .access import Scope
from .period import Period
from .trends import decision_time_by_month


def dashboard_figures(*, scope: Scope, period: Period, tree: list[tuple[Unit, int]]) -> dict:
    """Every figure for ``scope`` over ``period``; a fixed number of queries."""
    today = period.today
    week_start, week_end = period.week
    by_unit = selectors.tasks_by_unit(scope=scope, today=today)
    trips = selectors.overdue_trip_reports(scope=scope, today=today)
    away_week = selectors.away_between(scope=scope, start=week_start, end=week_end)
    return {
        "scope": scope,
        "period": period,
        "unit_names": {unit.pk: unit.name for unit, _depth in tree},
        "open_tasks": sum(r["open"] for r in by_unit),
        "overdue_tasks": sum(r["overdue"] for r in by_unit),
        "tasks_by_unit": by_unit,
        "tasks_by_person": selectors.tasks_by_person(scope=scope, today=today),
        "decision_time": selectors.decision_time_by_form(scope=scope, period=period),
        "decision_time_by_step": selectors.decision_time_by_step(scope=scope, period=period),
        "overdue_trip_reports": trips,
        "overdue_feedback": selectors.overdue_feedback(scope=scope, today=today),
        # Today's list is a filter of the week's: one query for both.
        "away_today": [r for r in away_week if r["start_date"] <= today <= r["end_date"]],
        "away_week": away_week,
        "overtime": selectors.overtime_this_month(scope=scope, period=period),
        "leave": selectors.leave_by_unit(scope=scope, year=period.end.year),
        "submissions_by_month": selectors.submissions_by_month(scope=scope, period=period),
        "decision_time_by_month": decision_time_by_month(scope=scope, period=period),
    }


@dataclass
class Cell:
    value: object  # what the exports write: str, int, Decimal, float, date or None
    numeric: bool = False

    @property
    def text(self) -> str:
        return display(self.value)


@dataclass
class Table:
    key: str
    title: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = ""

    def labelled_rows(self):
        """Each row's cells with their column's header (the phone layout labels every cell)."""
        return [list(zip(self.headers, row, strict=True)) for row in self.rows]


def display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("Có") if value else ""
    if isinstance(value, Decimal | float):
        return number_format(value, decimal_pos=1)
    return str(value)


def _n(value) -> Cell:
    return Cell(value, numeric=True)


def _t(value) -> Cell:
    return Cell(value)


def dashboard_tables(figures: dict) -> list[Table]:
    names = figures["unit_names"]
    unit = lambda unit_id: names.get(unit_id, _("(chưa rõ đơn vị)"))  # noqa: E731
    period = figures["period"]
    span = f"{display(period.start)}–{display(period.end)}"
    week_start, week_end = period.week
    tables = [
        Table(
            "tasks_unit",
            _("Việc đang chờ xử lý theo đơn vị"),
            _("Việc đang chờ xử lý và quá hạn, theo đơn vị của người đề nghị"),
            [_("Đơn vị"), _("Đang chờ"), _("Quá hạn")],
            [
                [_t(unit(r["unit_id"])), _n(r["open"]), _n(r["overdue"])]
                for r in figures["tasks_by_unit"]
            ],
            _("Không có việc nào đang chờ."),
        ),
        Table(
            "tasks_person",
            _("Việc đang chờ xử lý theo người"),
            _("Việc đang chờ xử lý và quá hạn, theo người phải xử lý"),
            [_("Người xử lý"), _("Đang chờ"), _("Quá hạn")],
            [[_t(r["name"]), _n(r["open"]), _n(r["overdue"])] for r in figures["tasks_by_person"]],
            _("Không có việc nào đang chờ."),
        ),
        Table(
            "decision_form",
            _("Thời gian giải quyết theo biểu mẫu"),
            _("Số giờ từ khi nộp đến khi có kết quả, các đơn có kết quả trong %(span)s")
            % {"span": span},
            [_("Biểu mẫu"), _("Số lượng đơn"), _("Trung vị (giờ)"), _("90% đơn trong (giờ)")],
            [
                [_t(r["form"]), _n(r["count"]), _n(r["median_hours"]), _n(r["p90_hours"])]
                for r in figures["decision_time"]
            ],
            _("Chưa có đơn nào có kết quả trong khoảng thời gian này."),
        ),
        Table(
            "decision_step",
            _("Thời gian xử lý theo bước"),
            _("Số giờ từ khi đến lượt đến khi xử lý xong, các bước xử lý trong %(span)s")
            % {"span": span},
            [_("Biểu mẫu"), _("Bước"), _("Số lần"), _("Trung vị (giờ)"), _("90% trong (giờ)")],
            [
                [
                    _t(r["form"]),
                    _t(f"{r['order']}. {r['kind_label']}"),
                    _n(r["count"]),
                    _n(r["median_hours"]),
                    _n(r["p90_hours"]),
                ]
                for r in figures["decision_time_by_step"]
            ],
            _("Chưa có bước nào được xử lý trong khoảng thời gian này."),
        ),
        Table(
            "trip_reports",
            _("Báo cáo công tác quá hạn"),
            _("Chuyến công tác đã qua hạn nộp báo cáo kết quả mà chưa có báo cáo"),
            [
                _("Người đi"),
                _("Đơn vị"),
                _("Nơi đến"),
                _("Đến ngày"),
                _("Hạn báo cáo"),
                _("Số ngày trễ"),
            ],
            [
                [
                    _t(r["name"]),
                    _t(unit(r["unit_id"])),
                    _t(r["destination"]),
                    _t(r["end_date"]),
                    _t(r["report_due"]),
                    _n(r["days_late"]),
                ]
                for r in figures["overdue_trip_reports"]
            ],
            _("Không có báo cáo nào quá hạn."),
        ),
    ]
    feedback = figures["overdue_feedback"]
    if feedback is not None:
        recipients = dict(Recipient.choices)
        tables.append(
            Table(
                "feedback",
                _("Góp ý quá hạn trả lời"),
                _("Số góp ý, kiến nghị, phản ánh quá hạn trả lời, theo nơi nhận (chỉ số lượng)"),
                [_("Gửi đến"), _("Quá hạn")],
                [
                    [_t(str(label)), _n(feedback["by_recipient"].get(code, 0))]
                    for code, label in recipients.items()
                ],
            )
        )
    for key, title, rows, when in (
        ("away_today", _("Vắng mặt hôm nay"), figures["away_today"], display(period.today)),
        (
            "away_week",
            _("Vắng mặt tuần này"),
            figures["away_week"],
            f"{display(week_start)}–{display(week_end)}",
        ),
    ):
        tables.append(
            Table(
                key,
                title,
                _("Người nghỉ phép hoặc đi công tác (%(when)s)") % {"when": when},
                [_("Họ và tên"), _("Đơn vị"), _("Lý do"), _("Từ ngày"), _("Đến ngày")],
                [
                    [
                        _t(r["name"]),
                        _t(unit(r["unit_id"])),
                        _t(r["reason_label"]),
                        _t(r["start_date"]),
                        _t(r["end_date"]),
                    ]
                    for r in rows
                ],
                _("Không có ai vắng mặt."),
            )
        )
    overtime = figures["overtime"]
    tables.append(
        Table(
            "overtime",
            _("Làm thêm giờ tháng này"),
            _(
                "Giờ làm thêm tháng %(month)s (đơn đang xử lý và đã duyệt), so với giới hạn "
                "%(cap_month)s giờ/tháng và %(cap_year)s giờ/năm"
            )
            % {
                "month": overtime["month_start"].strftime("%m/%Y"),
                "cap_month": display(overtime["max_month"]),
                "cap_year": display(overtime["max_year"]),
            },
            [
                _("Họ và tên"),
                _("Đơn vị"),
                _("Giờ trong tháng"),
                _("Giờ trong năm"),
                _("Vượt giới hạn"),
            ],
            [
                [
                    _t(r["name"]),
                    _t(unit(r["unit_id"])),
                    _n(r["month_hours"]),
                    _n(r["year_hours"]),
                    _t(_("Có") if r["over_month_cap"] or r["over_year_cap"] else _("Không")),
                ]
                for r in overtime["people"]
            ],
            _("Không có ai làm thêm giờ trong tháng."),
        )
    )
    tables.append(
        Table(
            "leave",
            _("Ngày phép năm theo đơn vị"),
            _("Ngày phép năm %(year)s theo đơn vị: được nghỉ, đã nghỉ, đang chờ duyệt, còn lại")
            % {"year": period.end.year},
            [
                _("Đơn vị"),
                _("Số người"),
                _("Được nghỉ"),
                _("Đã nghỉ"),
                _("Chờ duyệt"),
                _("Còn lại"),
            ],
            [
                [
                    _t(unit(r["unit_id"])),
                    _n(r["people"]),
                    _n(r["entitlement"]),
                    _n(r["used"]),
                    _n(r["pending"]),
                    _n(r["available"]),
                ]
                for r in figures["leave"]
            ],
            _("Không có nhân sự."),
        )
    )
    tables.append(
        Table(
            "submissions_month",
            _("Số đơn theo tháng"),
            _("Số đơn nộp mỗi tháng trong %(span)s và số đơn đã có kết quả") % {"span": span},
            [_("Tháng"), _("Đơn nộp"), _("Đã có kết quả")],
            [
                [_t(r["month"].strftime("%m/%Y")), _n(r["submitted"]), _n(r["decided"])]
                for r in figures["submissions_by_month"]
            ],
            _("Không có đơn nào trong khoảng thời gian này."),
        )
    )
    tables.append(
        Table(
            "decision_month",
            _("Thời gian ra kết quả theo tháng"),
            _("Số giờ từ khi nộp đến khi có kết quả, theo tháng có kết quả, trong %(span)s")
            % {"span": span},
            [_("Tháng"), _("Số lượng đơn"), _("Trung vị (giờ)"), _("90% đơn trong (giờ)")],
            [
                [
                    _t(r["month"].strftime("%m/%Y")),
                    _n(r["count"]),
                    _n(r["median_hours"]),
                    _n(r["p90_hours"]),
                ]
                for r in figures["decision_time_by_month"]
            ],
            _("Không có đơn nào có kết quả trong khoảng thời gian này."),
        )
    )
    return tables
