"""Document numbers: sequential per year, document type and issuing unit, without gaps.

The counter row is locked (SELECT … FOR UPDATE) and bumped in the same transaction that writes
the number onto the document, so a rolled-back issue gives its number back and two registry
clerks (or twenty final approvals) never get the same one. No number is given before the
last approver has signed (Hải Dương 2019 rules Đ23.1).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User

from .models import Document, NumberCounter


class NumberingError(Exception):
    pass


def number_format(*, number: int, symbol: str, unit_code: str) -> str:
    # Nghị định 30/2020, Phụ lục I: numbers below 10 are written with a leading zero.
    return f"{number:02d}/{symbol}-{unit_code}" if unit_code else f"{number:02d}/{symbol}"


def date_parts(day: date) -> dict[str, str]:
    # Same decree: days below 10 and the months 1 and 2 take a leading zero.
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return {"day": f"{day.day:02d}", "month": month, "year": str(day.year)}


def _counter_locked(*, year: int, symbol: str, unit_id: int) -> NumberCounter:
    lookup = {"year": year, "symbol": symbol, "issuing_unit_id": unit_id}
    counter = NumberCounter.objects.select_for_update().filter(**lookup).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            NumberCounter.objects.create(**lookup)
    except IntegrityError:
        pass  # another transaction created it first; the lock below waits for it
    return NumberCounter.objects.select_for_update().get(**lookup)


def document_number_assign(*, document: Document, user: User | None = None) -> Document:
    """Give ``document`` the next number of its counter (idempotent: a numbered one is kept)."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("template", "issuing_unit")
            .get(pk=document.pk)
        )
        if document.number is not None:
            return document
        if document.status not in (Document.Status.AWAITING_NUMBER, Document.Status.SIGNING):
            raise NumberingError(_("Văn bản này không ở trạng thái chờ cấp số."))
        if not document.signatures_complete():
            raise NumberingError(_("Chưa cấp số: văn bản chưa được ký đủ."))
        return number_give(document=document, user=user)


def number_give(*, document: Document, user: User | None = None) -> Document:
    """Number ``document``, whose row the caller holds locked and has found complete."""
    with transaction.atomic(savepoint=False):  # the caller's transaction holds the lock
        today = timezone.localdate()
        symbol = document.template.symbol
        unit = document.issuing_unit
        counter = _counter_locked(year=today.year, symbol=symbol, unit_id=unit.pk)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        document.number = counter.last_number
        document.number_year = today.year
        document.number_symbol = symbol
        document.number_text = number_format(
            number=counter.last_number, symbol=symbol, unit_code=unit.code
        )
        document.issued_on = today
        document.numbered_by = user
        document.status = Document.Status.SIGNING
        document.save(
            update_fields=[
                "number",
                "number_year",
                "number_symbol",
                "number_text",
                "issued_on",
                "numbered_by",
                "status",
                "updated_at",
            ]
        )
    return document
