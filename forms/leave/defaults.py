"""The leave types of the Labour Code (BLLĐ 2019 Đ113–115), created by migration 0002 and
again by ``leave_types_ensure`` (demo data, tests) where the rows were flushed."""

from decimal import Decimal

DEFAULTS = [
    # code, name, uses_balance, max_days, requires_attachment, paid
    ("annual", "Nghỉ phép năm", True, None, False, True),
    ("marriage", "Nghỉ việc riêng: bản thân kết hôn", False, Decimal(3), False, True),
    ("child_marriage", "Nghỉ việc riêng: con kết hôn", False, Decimal(1), False, True),
    (
        "bereavement",
        "Nghỉ việc riêng: bố, mẹ (cả bên vợ hoặc chồng), vợ hoặc chồng, con chết",
        False,
        Decimal(3),
        False,
        True,
    ),
    ("unpaid", "Nghỉ không hưởng lương", False, None, False, False),
    ("sick", "Nghỉ ốm", False, None, True, True),
]


def leave_types_create(leave_type_model) -> None:
    """Create the default leave types that are missing; existing ones are left as edited."""
    for order, (code, name, balance, max_days, attachment, paid) in enumerate(DEFAULTS, 1):
        leave_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "uses_balance": balance,
                "max_days": max_days,
                "requires_attachment": attachment,
                "paid": paid,
                "sort_order": order * 10,
            },
        )


def leave_types_ensure() -> None:
    from .models import LeaveType

    leave_types_create(LeaveType)
