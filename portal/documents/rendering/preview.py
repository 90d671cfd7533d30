"""The admin's preview of a template: the latest real submission of a form using it, or
sample values when no form has been used yet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .content import (
    HistoryRow,
    Signer,
    content_build,
    document_content,
    issuing_unit_for,
    place_of,
)
from .pdf import RenderedDocument, pdf_render
from .values import BUILTIN_NAMES, SAMPLE_VALUES

PREVIEW_CODE = "XEMTRUOC00"


def pages_using(template):
    from forms.models import ApprovalFormPage

    return ApprovalFormPage.objects.filter(document_template=template)


def preview_submission(*, template, form_page=None):
    from forms.models import Submission

    if form_page is None and template.pk is None:
        return None  # an unsaved template: no form can use it yet
    pages = [form_page] if form_page is not None else list(pages_using(template))
    return (
        Submission.objects.filter(form_page__in=pages)
        .select_related("requester", "requester_unit", "requester_position", "form_page")
        .order_by("-created_at")
        .first()
    )


def _sample_issuing(template):
    from portal.org.models import Unit
    from portal.org.selectors import root_unit

    if template.issuer == template.Issuer.UNIT:
        centre = Unit.objects.filter(kind=Unit.Kind.CENTRE, is_active=True).first()
        if centre:
            return centre
    root = root_unit()
    if root:
        return root
    return Unit(name="Sở Công Thương", code="SCT", kind=Unit.Kind.DEPARTMENT)


def _sample_content(template):
    issuing = _sample_issuing(template)
    parent = issuing.parent if issuing.parent_id else None
    values = {
        **SAMPLE_VALUES,
        "co_quan": issuing.name,
        "co_quan_cap_tren": parent.name if parent else "",
        "dia_danh": place_of(template),
    }
    signer = Signer(
        authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        name=SAMPLE_VALUES["nguoi_duyet"],
        position="Phó Giám đốc",
        field_name="sig_step_2",
    )
    history = [
        HistoryRow(
            1,
            _("Cho ý kiến"),
            ["Lê Thị Trưởng — Trưởng phòng, Phòng Tổng hợp"],
            timezone.localdate().strftime("%d/%m/%Y"),
            field_name="sig_step_1",
        ),
        HistoryRow(
            2,
            _("Phê duyệt"),
            [f"{signer.name} — Phó Giám đốc, {issuing.name}"],
            "",
            signs_above=True,
        ),
        HistoryRow(3, _("Thông báo"), [_("Nhóm: %(group)s") % {"group": "Văn phòng"}], ""),
    ]
    requester_row = [
        f"{values['nguoi_de_nghi']} — {values['chuc_vu']}, {values['don_vi']}",
        _("Nộp đơn ngày %(date)s") % {"date": values["ngay_nop"]},
    ]
    return content_build(
        template=template,
        values=values,
        issuing=issuing,
        signer=signer,
        history=history,
        requester_row=requester_row,
        verify_code=PREVIEW_CODE,
    )


def preview_content(*, template, submission=None):
    """What the preview shows: the submission's content, or sample content without one."""
    from portal.documents.models import Document

    if submission is None:
        return _sample_content(template)
    # Never saved: the preview must not create a document or use up a verification code.
    document = Document(
        submission=submission,
        version=submission.round,
        template=template,
        issuing_unit=issuing_unit_for(submission=submission, template=template),
        verify_code=PREVIEW_CODE,
    )
    return document_content(document=document)


def template_preview(*, template, form_page=None, submission=None) -> RenderedDocument:
    """The template rendered with the reserved boxes outlined, and its unknown names."""
    submission = submission or preview_submission(template=template, form_page=form_page)
    return pdf_render(preview_content(template=template, submission=submission), show_boxes=True)


def available_names(*, template, submission=None) -> list[tuple[str, str]]:
    """(name, label) of every field a form using the template offers, then the built-ins."""
    rows: dict[str, str] = {}
    for page in pages_using(template) if template.pk else []:
        page = page.specific
        core = page.core_form_fields() if hasattr(page, "core_form_fields") else {}
        for name, form_field in core.items():
            rows.setdefault(name, str(form_field.label or name))
        for form_field in page.form_fields.all():
            rows.setdefault(form_field.clean_name, form_field.label)
    if submission is not None:
        for spec in submission.form_snapshot or []:
            rows.setdefault(spec.get("name", ""), spec.get("label", ""))
    return [(n, label) for n, label in rows.items() if n and n not in BUILTIN_NAMES]
