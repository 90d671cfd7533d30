"""What goes on the paper: header, body, signer and approval history, as plain data.

Built either from a real document (``document_content``) or, for the admin preview of a
template no form has used, from sample values (``preview.py``); ``pdf.py`` lays it out.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.org.models import Position, Unit

from .placeholders import paragraphs_render, placeholders_render
from .values import date_text, submission_values

ISSUING_KINDS = (Unit.Kind.CENTRE, Unit.Kind.SUB_DEPARTMENT)


@dataclass
class Signer:
    authority: list[str]  # e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    name: str
    position: str = ""
    field_name: str = ""


@dataclass
class HistoryRow:
    order: int
    kind: str
    people: list[str]  # name, position, unit (or the group), one a line
    due: str
    result: str = ""
    field_name: str = ""  # a signature box in this row, or "" (notices, the final signer)
    signs_above: bool = False


@dataclass
class DocumentContent:
    parent_body: str
    issuing_body: str
    symbol: str  # "GNP-TTKC": printed after the reserved number
    place: str
    document_type: str
    summary: str  # HTML, escaped
    paragraphs: list[str]  # HTML, escaped
    recipients: list[str]
    signer: Signer | None
    history: list[HistoryRow]
    requester_row: list[str]
    verify_url: str
    verify_code: str
    unknown: list[str] = field(default_factory=list)


def issuing_unit_for(*, submission, template) -> Unit:
    """The Trung tâm / Chi cục the requester belongs to when the template issues per unit,
    otherwise (or for staff of the Sở itself) the Sở at the root of the tree."""
    from portal.org.selectors import root_unit

    unit = submission.requester_unit
    lineage = unit.ancestors(include_self=True) if unit else []
    if template.issuer == template.Issuer.UNIT:
        for node in lineage:
            if node.kind in ISSUING_KINDS:
                return node
    return lineage[-1] if lineage else root_unit()


def parent_body_of(unit: Unit) -> str:
    if unit.parent_id:
        return unit.parent.name
    return getattr(settings, "DOCUMENTS_PARENT_BODY", "UBND TỈNH AN GIANG")


def place_of(template) -> str:
    return template.place or getattr(settings, "DOCUMENTS_PLACE", "An Giang")


def verify_url_for(code: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("documents:short", args=[code])


def _membership(user):
    from portal.org.selectors import primary_membership

    return primary_membership(user=user) if user else None


def _person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _derived_authority(step, signer_user) -> list[str]:
    """A title when the policy left ``signer_title`` empty: the signer's position, with
    "KT." (ký thay) and the head's title for a deputy or a delegate."""
    from portal.org.selectors import unit_head

    membership = _membership(signer_user)
    own = membership.position.name.upper() if membership else ""
    if step.acting_id and step.approver_id and signer_user == step.acting:
        principal = _membership(step.approver)
        if principal:
            return [f"KT. {principal.position.name.upper()}", own]
    if membership and membership.position.level == Position.Level.DEPUTY:
        head = unit_head(unit=membership.unit)
        head_membership = _membership(head)
        if head_membership:
            return [f"KT. {head_membership.position.name.upper()}", own]
    return [own] if own else []


def signer_for(step) -> Signer:
    user = step.decided_by or step.acting or step.approver
    membership = _membership(user)
    lines = [line.strip().upper() for line in (step.signer_title or "").splitlines()]
    authority = [line for line in lines if line] or _derived_authority(step, user)
    return Signer(
        authority=authority,
        name=_person_name(user) or (step.group_label if step.group_id else ""),
        position=membership.position.name if membership else "",
        field_name=f"sig_step_{step.order}",
    )


def _person_lines(step) -> list[str]:
    if step.approver_id is None and step.group_id:
        return [_("Nhóm: %(group)s") % {"group": step.group_label}]
    lines = []
    for user, note in ((step.approver, ""), (step.acting, _("ủy quyền"))):
        if user is None:
            continue
        membership = _membership(user)
        text = _person_name(user)
        if membership:
            text += f" — {membership.position.name}, {membership.unit.name}"
        lines.append(f"{text} ({note})" if note else text)
    return lines


def history_rows(steps, final_step) -> list[HistoryRow]:
    from forms.models import ApprovalStep

    signing = {ApprovalStep.Kind.OPINION, ApprovalStep.Kind.DECISION}
    rows = []
    for step in steps:
        result = ""
        if step.decision:
            result = step.get_decision_display()
            if step.decided_at:
                result += " " + date_text(step.decided_at.date())
        is_final = final_step is not None and step.pk == final_step.pk
        rows.append(
            HistoryRow(
                order=step.order,
                kind=step.get_kind_display(),
                people=_person_lines(step),
                due=date_text(step.due_date),
                result=result,
                field_name=f"sig_step_{step.order}"
                if step.kind in signing and not is_final
                else "",
                signs_above=is_final,
            )
        )
    return rows


def document_content(*, document) -> DocumentContent:
    from forms.models import ApprovalStep

    submission, template = document.submission, document.template
    issuing = document.issuing_unit or issuing_unit_for(submission=submission, template=template)
    steps = list(
        submission.steps.filter(round=document.version)
        .select_related("approver", "acting", "group", "decided_by")
        .order_by("order")
    )
    decisions = [s for s in steps if s.kind == ApprovalStep.Kind.DECISION]
    final_step = decisions[-1] if decisions else None
    signer = signer_for(final_step) if final_step else None
    place = place_of(template)
    values = submission_values(
        submission=submission, issuing_unit=issuing, place=place, signer=signer
    )
    requester = submission.requester
    membership_bits = [
        submission.requester_position.name if submission.requester_position else "",
        submission.requester_unit.name if submission.requester_unit else "",
    ]
    requester_row = [
        _person_name(requester) + (" — " + ", ".join(b for b in membership_bits if b)),
        _("Nộp đơn ngày %(date)s") % {"date": values["ngay_nop"]},
    ]
    return content_build(
        template=template,
        values=values,
        issuing=issuing,
        signer=signer,
        history=history_rows(steps, final_step),
        requester_row=requester_row,
        verify_code=document.verify_code,
    )


def content_build(
    *, template, values, issuing, signer, history, requester_row, verify_code
) -> DocumentContent:
    summary = placeholders_render(template.summary, values)
    paragraphs, unknown = paragraphs_render(template.body, values)
    unknown += [n for n in summary.unknown if n not in unknown]
    return DocumentContent(
        parent_body=parent_body_of(issuing).upper() if issuing else "",
        issuing_body=issuing.name.upper() if issuing else "",
        symbol=f"{template.symbol}-{issuing.code}" if issuing else template.symbol,
        place=place_of(template),
        document_type=template.document_type.upper(),
        summary=summary.html,
        paragraphs=paragraphs,
        recipients=[line.rstrip() for line in template.recipients.splitlines() if line.strip()],
        signer=signer,
        history=history,
        requester_row=requester_row,
        verify_url=verify_url_for(verify_code),
        verify_code=verify_code,
        unknown=unknown,
    )
