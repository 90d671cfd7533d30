"""The workbook format (sheets and columns), reading it, parsing cells and the lookups the
checks and the write share."""

from __future__ import annotations

import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from portal.accounts.models import User

from .. import roles
from ..models import Position, Unit

# Sheet names and headers are a file format shared with administrators, so they are not
# translated; they are matched ignoring case, diacritics and spaces.
UNIT_SHEET, STAFF_SHEET = "Đơn vị", "Nhân sự"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    example: Any = None
    aliases: tuple[str, ...] = ()


UNIT_COLUMNS = (
    Column("code", "mã", True, "SCT", ("mã đơn vị",)),
    Column("name", "tên", True, "Sở Công Thương", ("tên đơn vị",)),
    Column("kind", "loại", True, "Sở"),
    Column("parent", "mã đơn vị cấp trên"),
    Column("overseer", "lãnh đạo phụ trách"),
    Column("short_name", "tên viết tắt", example="SCT"),
)
STAFF_COLUMNS = (
    Column("username", "tên đăng nhập", True, "nguyenvanan"),
    Column("last_name", "họ và tên đệm", example="Nguyễn Văn", aliases=("họ", "họ và đệm")),
    Column("first_name", "tên", example="An"),
    Column("email", "email", True, "an.nguyenvan@example.gov.vn"),
    Column("unit", "mã đơn vị", example="SCT"),
    Column("position", "mã chức vụ", example="giam-doc-so"),
    Column("start_date", "ngày vào làm", example=datetime.date(2015, 1, 1)),
    Column("groups", "nhóm"),
    Column("is_primary", "đơn vị chính", example="có"),
)


@dataclass(frozen=True)
class RowError:
    """One problem in the file, located the way Excel shows it."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            prefix = self.sheet
        elif self.column is None:
            prefix = _("%(sheet)s, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        else:
            prefix = _('%(sheet)s, dòng %(row)s, cột "%(column)s"') % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
            }
        if not prefix:
            return self.message[:1].upper() + self.message[1:]
        return f"{prefix}: {self.message}"


class StaffImportError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --- reading -------------------------------------------------------------------------------


def normalise_key(value: Any) -> str:
    """'Mã đơn vị cấp trên' → 'madonvicaptren', so headers match however they are typed."""
    text = unicodedata.normalize("NFD", str(value or "")).lower().replace("đ", "d")
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Vietnamese typed on some keyboards arrives decomposed (NFD); compare and store NFC.
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def cell_date(value: Any) -> datetime.date:
    """A real Excel date, or text as dd/mm/yyyy (or yyyy-mm-dd); ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = cell_text(value)
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text)


SheetRows = list[tuple[int, dict[str, Any]]]


# openpyxl unpacks the parts it reads in memory, and a 5 MB zip can claim gigabytes; the
# sizes a zip declares bind (zipfile stops reading a part at its declared size).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def _unpacked_size_check(file) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: load_workbook says the file cannot be read
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        message = _("tệp giải nén quá lớn (tối đa %(size)s MB); hãy kiểm tra lại tệp.") % {
            "size": MAX_UNPACKED_BYTES // (1024 * 1024)
        }
        raise StaffImportError([RowError("", None, None, message)])


def _read_workbook(file) -> dict[str, SheetRows | None]:
    _unpacked_size_check(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        message = _("không đọc được tệp; hãy chọn tệp Excel dạng .xlsx.")
        raise StaffImportError([RowError("", None, None, message)]) from exc
    errors: list[RowError] = []
    try:
        by_key = {normalise_key(ws.title): ws for ws in workbook.worksheets}
        sheets = {
            name: _read_sheet(by_key[normalise_key(name)], name, columns, errors)
            if normalise_key(name) in by_key
            else None
            for name, columns in ((UNIT_SHEET, UNIT_COLUMNS), (STAFF_SHEET, STAFF_COLUMNS))
        }
    finally:
        workbook.close()
    if all(s is None for s in sheets.values()):
        message = _('không có trang tính "%(units)s" hay "%(staff)s".') % {
            "units": UNIT_SHEET,
            "staff": STAFF_SHEET,
        }
        errors.append(RowError("", None, None, message))
    if errors:
        raise StaffImportError(errors)
    return sheets


def _read_sheet(sheet, name: str, columns, errors: list[RowError]) -> SheetRows:
    """(row number, {column key: cell}) for each non-empty row; absent columns are left out."""
    wanted = {normalise_key(name): c.key for c in columns for name in (c.label, *c.aliases)}
    rows = sheet.iter_rows(values_only=True)
    header_row, positions = 1, {}
    # The header is the first non-empty row, so a title above the table does no harm.
    for number, values in enumerate(rows, start=1):
        if any(cell_text(v) for v in values):
            header_row = number
            for index, value in enumerate(values):
                key = wanted.get(normalise_key(value))
                if key and key not in positions:
                    positions[key] = index
            break
    missing = [c for c in columns if c.required and c.key not in positions]
    for column in missing:
        errors.append(RowError(name, header_row, column.label, _("thiếu cột này ở dòng tiêu đề.")))
    data = []
    if not missing:
        for number, values in enumerate(rows, start=header_row + 1):
            if any(cell_text(v) for v in values):
                cells = {k: values[i] if i < len(values) else None for k, i in positions.items()}
                data.append((number, cells))
    return data


def kind_lookup() -> dict[str, str]:
    with translation.override("vi"):
        labels = {normalise_key(label): value for value, label in Unit.Kind.choices}
    return labels | {normalise_key(value): value for value in Unit.Kind.values}


def group_lookup() -> dict[str, str]:
    names = {normalise_key(name): code for code, name in roles.GROUP_NAMES.items()}
    return names | {normalise_key(code): code for code in roles.GROUP_NAMES}


def position_lookup() -> dict[str, Position]:
    positions = list(Position.objects.all())
    by_name = {normalise_key(p.name): p for p in positions}
    # Codes win over names if a name happens to look like another position's code.
    return by_name | {normalise_key(p.code): p for p in positions}


def users_by_lower(field: str, values) -> dict[str, User]:
    """Existing users keyed by lower-cased username or email (allauth ignores case)."""
    if not values:
        return {}
    found = User.objects.annotate(key=Lower(field)).filter(key__in=set(values))
    return {getattr(u, field).lower(): u for u in found}


def email_problem(email: str) -> str | None:
    try:
        validate_email(email)
    except ValidationError:
        return _('email "%(email)s" không hợp lệ.') % {"email": email}
    return None


def _label(columns, key: str) -> str:
    return next(c.label for c in columns if c.key == key)


def _names(row: dict) -> dict[str, str]:
    return {k: row[k] for k in ("last_name", "first_name") if k in row}
