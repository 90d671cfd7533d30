"""A dashboard table as a download: .xlsx (openpyxl) or CSV (UTF-8 with a BOM for Excel)."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .report import Table, display

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
# Text starting with one of these is run as a formula by Excel and LibreOffice (CSV/formula
# injection: a unit or person named "=HYPERLINK(…)" would become a live link).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """Text a spreadsheet shows as typed: a formula-like start is quoted with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xlsx_cells_as_text(cells) -> None:
    """openpyxl stores a string starting with "=" as a formula; keep every such cell text."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def _plain(value):
    """A value for a spreadsheet cell: numbers stay numbers, dates stay dates."""
    if value is None:
        return None
    if isinstance(value, bool):
        return display(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def table_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31]  # Excel's limit for a sheet name
    sheet.append([table.caption])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(table.headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_plain(cell.value) for cell in row])
    for row in sheet.iter_rows():
        xlsx_cells_as_text(row)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(table.headers, start=1):
        width = max(
            [len(str(header))] + [len(cell.text) for cell in (r[index - 1] for r in table.rows)]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    for row in table.rows:
        # Numbers with a dot, dates dd/mm/yyyy: what a spreadsheet reads back as values.
        writer.writerow(
            [
                "" if c.value is None else (str(c.value) if c.numeric else csv_text(c.text))
                for c in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_response(table: Table, *, fmt: str, today: datetime.date) -> HttpResponse:
    name = f"theo-doi-{table.key.replace('_', '-')}-{today:%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
