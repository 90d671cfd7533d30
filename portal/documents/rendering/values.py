"""The values a template's placeholders can use: the submission's fields and built-ins."""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Documented in the admin (edit panel and preview page); keep names short, Vietnamese, ASCII.
BUILTINS: list[tuple[str, str]] = [
    ("nguoi_de_nghi", _("Họ tên người đề nghị")),
    ("chuc_vu", _("Chức vụ của người đề nghị")),
    ("don_vi", _("Đơn vị (phòng) của người đề nghị")),
    ("co_quan", _("Cơ quan ban hành văn bản")),
    ("co_quan_cap_tren", _("Cơ quan cấp trên của cơ quan ban hành")),
    ("dia_danh", _("Địa danh ghi trên văn bản")),
    ("ngay_nop", _("Ngày nộp đơn (dd/mm/yyyy)")),
    ("tieu_de", _("Tiêu đề của đơn")),
    ("ma_don", _("Số thứ tự của đơn trên cổng")),
    ("lan_nop", _("Lần nộp (1, 2…)")),
    ("so_ngay", _("Số ngày làm việc (nghỉ phép, công tác)")),
    ("so_gio", _("Tổng số giờ làm ngoài giờ")),
    ("gio_tung_nguoi", _("Số giờ của từng người làm ngoài giờ")),
    ("nguoi_duyet", _("Họ tên người phê duyệt cuối cùng")),
    ("chuc_vu_nguoi_duyet", _("Chức vụ của người phê duyệt cuối cùng")),
]
BUILTIN_NAMES = frozenset(name for name, _label in BUILTINS)


def number_text(value) -> str:
    """2.0 → "2", 1.5 → "1,5": Vietnamese decimals, no trailing zeros."""
    if isinstance(value, float | Decimal):
        value = Decimal(str(value)).normalize()
        if value == value.to_integral():
            value = int(value)
    return formats.number_format(value, use_l10n=True)


def value_text(value) -> str:
    """Any stored or displayed value as it reads on paper."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, str):
        return value
    return str(value)


def date_text(value) -> str:
    return value_text(value) if value else ""


def _hours(data: dict) -> tuple[str, str]:
    """Total hours and the per-person breakdown of an overtime registration."""
    from portal.accounts.models import User

    hours = data.get("hours")
    if not isinstance(hours, dict) or not hours:
        return (value_text(hours) if isinstance(hours, int | float) else ""), ""
    names = {
        u.username: u.get_full_name() or u.username
        for u in User.objects.filter(username__in=list(hours))
    }
    total = sum(Decimal(str(h)) for h in hours.values() if isinstance(h, int | float))
    detail = "\n".join(
        f"{names.get(user, user)}: {number_text(h)} giờ" for user, h in hours.items()
    )
    return number_text(total), detail


def submission_values(*, submission, issuing_unit, place: str, signer) -> dict[str, str]:
    """Every placeholder value for a real submission (display values, never raw codes)."""
    from forms.selectors import submission_fields

    data = submission.data or {}
    values: dict[str, str] = {}
    # Computed values the form stores without a field (days, hours) are usable too.
    for name, value in data.items():
        if isinstance(value, str | int | float | bool):
            values[name] = value_text(value)
    for row in submission_fields(submission=submission):
        if row["name"]:
            values[row["name"]] = value_text(row["value"])
    requester = submission.requester
    total_hours, per_person = _hours(data)
    parent = issuing_unit.parent if issuing_unit else None
    values.update(
        {
            "nguoi_de_nghi": (requester.get_full_name() or requester.username) if requester else "",
            "chuc_vu": submission.requester_position.name if submission.requester_position else "",
            "don_vi": submission.requester_unit.name if submission.requester_unit else "",
            "co_quan": issuing_unit.name if issuing_unit else "",
            "co_quan_cap_tren": parent.name if parent else "",
            "dia_danh": place,
            "ngay_nop": date_text(timezone.localtime(submission.created_at).date())
            if submission.created_at
            else "",
            "tieu_de": submission.title,
            "ma_don": str(submission.pk or ""),
            "lan_nop": str(submission.round),
            "so_ngay": value_text(data.get("days")) if data.get("days") is not None else "",
            "so_gio": total_hours,
            "gio_tung_nguoi": per_person,
            "nguoi_duyet": signer.name if signer else "",
            "chuc_vu_nguoi_duyet": signer.position if signer else "",
        }
    )
    return values


# For the admin preview of a template no form has used yet: plausible values for the fields
# of the four default forms, and the built-ins.
SAMPLE_VALUES: dict[str, str] = {
    "nguoi_de_nghi": "Nguyễn Thị Mẫu",
    "chuc_vu": "Chuyên viên",
    "don_vi": "Phòng Tổng hợp",
    "ngay_nop": "23/11/2026",
    "tieu_de": "Đơn mẫu để xem trước",
    "ma_don": "123",
    "lan_nop": "1",
    "so_ngay": "2",
    "so_gio": "3",
    "gio_tung_nguoi": "Nguyễn Thị Mẫu: 3 giờ",
    "nguoi_duyet": "Trần Văn Duyệt",
    "chuc_vu_nguoi_duyet": "Giám đốc",
    "leave_type": "Nghỉ phép năm",
    "start_date": "01/12/2026",
    "start_session": "Buổi sáng",
    "end_date": "02/12/2026",
    "end_session": "Buổi chiều",
    "days": "2",
    "reason": "Giải quyết việc gia đình.",
    "handover_to": "Lê Văn Bàn Giao",
    "date": "28/11/2026",
    "start_time": "08:00",
    "end_time": "11:00",
    "participants": "Nguyễn Thị Mẫu, Lê Văn Bàn Giao",
    "location": "Phòng 302",
    "tasks": "Hoàn thiện báo cáo quý IV.",
    "destination": "Hà Nội",
    "scope": "Ngoài tỉnh",
    "purpose": "Dự hội nghị tổng kết ngành.",
    "vehicle": "Không",
    "private": "Không",
    "trip": "",
    "results": "Đã dự hội nghị, tiếp thu ý kiến chỉ đạo của Bộ.",
    "proposals": "Tổ chức phổ biến kết quả hội nghị trong đơn vị.",
    "attachment": "",
}
