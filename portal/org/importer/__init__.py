"""Import units and staff from an .xlsx workbook: everything is checked first, then written
in one transaction, so a file with any error changes nothing."""

from __future__ import annotations

import datetime
from typing import IO

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from .checks import _Checker
from .sheets import (
    STAFF_COLUMNS,
    STAFF_SHEET,
    UNIT_COLUMNS,
    UNIT_SHEET,
    RowError,
    StaffImportError,
    _read_workbook,
)
from .writing import ImportResult, _write

__all__ = [
    "ImportResult",
    "RowError",
    "StaffImportError",
    "org_import_template_write",
    "org_import_workbook",
]


def org_import_workbook(*, file: str | IO[bytes], dry_run: bool = False) -> ImportResult:
    """Upsert units (by code), users (by username) and memberships from ``file``.

    Raises StaffImportError listing every problem; nothing is written then, nor when
    ``dry_run`` is set (the counts say what the import would do).
    """
    sheets = _read_workbook(file)
    checker = _Checker()
    units = checker.units(sheets[UNIT_SHEET])
    staff = checker.staff(sheets[STAFF_SHEET])
    checker.tree(units)
    checker.overseers(units, {row["username"].lower() for row in staff})
    if checker.errors:
        raise StaffImportError(checker.sorted_errors())
    # Dry runs write inside the transaction and roll it back, so their counts are exact.
    with transaction.atomic():
        result = _write(units, staff)
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return result


def org_import_template_write(*, file: str | IO[bytes]) -> None:
    """Write an empty workbook with both sheets, their headers and one example row each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in ((UNIT_SHEET, UNIT_COLUMNS), (STAFF_SHEET, STAFF_COLUMNS)):
        sheet = workbook.create_sheet(name)
        sheet.append([c.label[:1].upper() + c.label[1:] for c in columns])
        sheet.append([c.example for c in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.cell(1, index).font = Font(bold=True)
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 22
            if isinstance(column.example, datetime.date):
                sheet.cell(2, index).number_format = "DD/MM/YYYY"
    workbook.save(file)
