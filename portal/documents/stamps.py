"""The text of the visible signature stamps: "Ký bởi: name – title – unit – time"."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.org.selectors import primary_membership


@dataclass(frozen=True)
class Stamp:
    name: str
    title: str
    unit: str
    text: str


def _when() -> str:
    return timezone.localtime().strftime("%d/%m/%Y %H:%M")


def step_stamp_text(*, step, signer) -> Stamp:
    name = signer.get_full_name() or signer.username
    membership = primary_membership(user=signer)
    title = membership.position.name if membership else ""
    unit = membership.unit.name if membership else ""
    lines = [_("Ký bởi: %(name)s") % {"name": name}]
    if step.approver_id and step.approver_id != signer.pk:
        # Delegation (ủy quyền): the record keeps both names, and so does the stamp.
        absent = step.approver.get_full_name() or step.approver.username
        lines.append(_("Ủy quyền của: %(name)s") % {"name": absent})
    lines += [line for line in (title, unit) if line]
    lines.append(_when())
    return Stamp(name=name, title=title, unit=unit, text="\n".join(lines))


def seal_stamp_text(*, document) -> Stamp:
    unit = document.issuing_unit.name if document.issuing_unit_id else ""
    organisation = str(getattr(settings, "PORTAL_ORGANISATION_NAME", ""))
    name = unit or organisation
    lines = [
        _("Đóng dấu: %(name)s") % {"name": name},
        _("Số: %(number)s") % {"number": document.number_text},
        _when(),
    ]
    return Stamp(name=name, title="", unit=unit, text="\n".join(lines))
