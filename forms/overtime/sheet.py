"""Bảng tổng hợp giờ làm thêm of a month: the rows (``MonthSheet``) and the workbook.

``sheet_views.month_sheet`` fills a ``MonthSheet`` from the database; ``build_workbook`` is a
pure function of it, and the page shows the same object on screen. Every ``Part`` is the
piece of one person's overtime on one day (spans are cut at local midnight).
"""

import datetime
from calendar import monthrange
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .hours import DAY_KINDS, DAY_OFF, HOLIDAY, WORKING

KINDS = (WORKING, DAY_OFF, HOLIDAY)
WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)
ZERO = Decimal(0)


@dataclass
class Part:
    """The piece of one person's overtime that falls on one day."""

    day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    hours: Decimal
    kind: str
    actual: bool
    submission_id: int
    person: "PersonRow"
    holiday: str = ""  # the holiday's name, on a public holiday

    @property
    def weekday(self) -> str:
        return str(WEEKDAYS[self.day.weekday()])

    @property
    def kind_label(self) -> str:
        label = str(DAY_KINDS[self.kind])
        return f"{label} ({self.holiday})" if self.holiday else label

    @property
    def time_range(self) -> str:
        end = "24:00" if self.end.date() > self.day else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}–{end}"


@dataclass
class PersonRow:
    name: str
    unit: str
    position: str = ""
    hours: dict = field(default_factory=lambda: dict.fromkeys(KINDS, ZERO))
    sort_key: tuple = ()

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)


@dataclass
class MonthSheet:
    first: datetime.date  # the month's first day
    agency: str  # the Sở
    unit_name: str  # the unit, "" for the whole Sở
    made_on: datetime.date
    people: list[PersonRow]
    parts: list[Part]

    @property
    def last(self) -> datetime.date:
        return self.first.replace(day=monthrange(self.first.year, self.first.month)[1])

    @property
    def totals(self) -> dict:
        return {k: sum((p.hours[k] for p in self.people), ZERO) for k in KINDS}

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), ZERO)


# ---------------------------------------------------------------------------- the workbook

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HOURS = "0.00"


def _font(**kw) -> Font:
    return Font(name=FONT, size=kw.pop("size", 12), **kw)


def _put(ws, row, col, value, *, font=None, align=None, border=False, number=None, to_col=None):
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":  # openpyxl's reading of "=…": a name must stay text
        cell.data_type = "s"
    cell.font = font or _font()
    cell.alignment = align or LEFT
    if number:
        cell.number_format = number
    if to_col and to_col > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)
    if border:
        for c in range(col, (to_col or col) + 1):
            ws.cell(row=row, column=c).border = BOX
    return cell


def _heading(ws, sheet: MonthSheet, width: int, title: str) -> int:
    """The national-style top: agency and unit left, the motto right, then the title."""
    split = 3 if width > 6 else 2
    left = [(sheet.agency.upper(), not sheet.unit_name)]
    if sheet.unit_name:
        left.append((sheet.unit_name.upper(), True))
    right = [_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _("Độc lập - Tự do - Hạnh phúc")]
    for i in range(2):
        if i < len(left):
            text, bold = left[i]
            _put(ws, i + 1, 1, text, font=_font(bold=bold), align=CENTRE, to_col=split)
        _put(ws, i + 1, split + 1, right[i], font=_font(bold=True), align=CENTRE, to_col=width)
    day = sheet.made_on
    made = _("Ngày %(d)02d tháng %(m)02d năm %(y)d") % {"d": day.day, "m": day.month, "y": day.year}
    _put(ws, 3, split + 1, made, font=_font(italic=True), align=CENTRE, to_col=width)
    _put(ws, 5, 1, title, font=_font(size=14, bold=True), align=CENTRE, to_col=width)
    scope = sheet.unit_name or _("Toàn Sở")
    _put(ws, 6, 1, _("Đơn vị: %(unit)s") % {"unit": scope}, align=CENTRE, to_col=width)
    period = _("Từ ngày %(first)s đến ngày %(last)s") % {
        "first": f"{sheet.first:%d/%m/%Y}",
        "last": f"{sheet.last:%d/%m/%Y}",
    }
    _put(ws, 7, 1, period, font=_font(italic=True), align=CENTRE, to_col=width)
    for r in (1, 2, 3, 5, 6, 7):
        ws.row_dimensions[r].height = 20 if r != 5 else 24
    return 9


def _page_setup(ws, header_rows: str) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True


def _summary(ws, sheet: MonthSheet) -> None:
    ws.title = _("Tổng hợp")
    widths = (6, 28, 30, 20, 14, 14, 14, 14)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    title = _("BẢNG TỔNG HỢP GIỜ LÀM THÊM THÁNG %(month)s") % {"month": f"{sheet.first:%m/%Y}"}
    top = _heading(ws, sheet, len(widths), title)
    bold = _font(bold=True)
    for col, text in enumerate((_("STT"), _("Họ và tên"), _("Đơn vị"), _("Chức vụ")), start=1):
        _put(ws, top, col, text, font=bold, align=CENTRE, border=True)
        _put(ws, top + 1, col, None, border=True)
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    _put(ws, top, 5, _("Số giờ làm thêm"), font=bold, align=CENTRE, border=True, to_col=8)
    heads = [str(DAY_KINDS[k]) for k in KINDS] + [_("Cộng")]
    for col, text in enumerate(heads, start=5):
        _put(ws, top + 1, col, text, font=bold, align=CENTRE, border=True)
    ws.row_dimensions[top + 1].height = 34
    row = top + 2
    for number, person in enumerate(sheet.people, start=1):
        values = [number, person.name, person.unit, person.position]
        values += [float(person.hours[k]) for k in KINDS] + [float(person.total)]
        for col, value in enumerate(values, start=1):
            numeric = col >= 5
            _put(
                ws,
                row,
                col,
                value,
                align=CENTRE if col == 1 else None,
                border=True,
                number=HOURS if numeric else None,
            )
        row += 1
    _put(ws, row, 1, _("Tổng cộng"), font=bold, align=CENTRE, border=True, to_col=4)
    totals = [float(sheet.totals[k]) for k in KINDS] + [float(sheet.total)]
    for col, value in enumerate(totals, start=5):
        _put(ws, row, col, value, font=bold, border=True, number=HOURS)
    ws.freeze_panes = f"C{top + 2}"
    _page_setup(ws, f"{top}:{top + 1}")
    row += 2
    _put(ws, row, 1, _("NGƯỜI LẬP BIỂU"), font=bold, align=CENTRE, to_col=3)
    head = _("THỦ TRƯỞNG ĐƠN VỊ") if sheet.unit_name else _("CHÁNH VĂN PHÒNG")
    _put(ws, row, 5, head, font=bold, align=CENTRE, to_col=8)
    note = _("(Ký, ghi rõ họ tên)")
    _put(ws, row + 1, 1, note, font=_font(italic=True), align=CENTRE, to_col=3)
    _put(ws, row + 1, 5, note, font=_font(italic=True), align=CENTRE, to_col=8)


def _detail(ws, sheet: MonthSheet) -> None:
    ws.title = _("Chi tiết")
    heads = (
        (_("STT"), 6),
        (_("Họ và tên"), 26),
        (_("Đơn vị"), 26),
        (_("Ngày"), 12),
        (_("Thứ"), 10),
        (_("Loại ngày"), 30),
        (_("Thời gian"), 14),
        (_("Số giờ"), 9),
        (_("Theo"), 11),
        (_("Số đơn"), 9),
    )
    for i, (_text, w) in enumerate(heads, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    title = _("CHI TIẾT GIỜ LÀM THÊM THÁNG %(month)s") % {"month": f"{sheet.first:%m/%Y}"}
    top = _heading(ws, sheet, len(heads), title)
    for col, (text, _w) in enumerate(heads, start=1):
        _put(ws, top, col, text, font=_font(bold=True), align=CENTRE, border=True)
    for number, part in enumerate(sheet.parts, start=1):
        row = top + number
        values = (
            number,
            part.person.name,
            part.person.unit,
            part.day,
            part.weekday,
            part.kind_label,
            part.time_range,
            float(part.hours),
            _("Thực tế") if part.actual else _("Đăng ký"),
            part.submission_id,
        )
        for col, value in enumerate(values, start=1):
            centred = col in (1, 4, 5, 7, 9, 10)
            _put(
                ws,
                row,
                col,
                value,
                align=CENTRE if centred else None,
                border=True,
                number={4: "dd/mm/yyyy", 8: HOURS}.get(col),
            )
    ws.freeze_panes = f"C{top + 1}"
    if sheet.parts:
        ws.auto_filter.ref = f"A{top}:J{top + len(sheet.parts)}"
    _page_setup(ws, f"{top}:{top}")


def build_workbook(sheet: MonthSheet) -> Workbook:
    """Two sheets: the totals per person (Tổng hợp) and every day's part (Chi tiết)."""
    book = Workbook()
    _summary(book.active, sheet)
    _detail(book.create_sheet(), sheet)
    book.properties.title = _("Bảng tổng hợp giờ làm thêm tháng %(month)s") % {
        "month": f"{sheet.first:%m/%Y}"
    }
    book.properties.creator = sheet.agency
    return book
