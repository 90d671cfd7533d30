"""The demo's form pages under the home page: «Giấy đề nghị», «Đơn xin nghỉ phép», «Đăng ký
làm ngoài giờ», «Đăng ký đi công tác» and «Báo cáo kết quả công tác».

Each page is found by its slug among the home page's children and brought to the state its
spec in ``data.py`` describes; a page already in that state is left alone (no new revision),
so loading the demo twice reports "unchanged".
"""

from wagtail.models import Page

from forms.leave.models import LeaveFormPage
from forms.models import ApprovalFormPage, FormField
from forms.overtime.models import OvertimeFormPage
from forms.trips.models import TripFormPage, TripReportFormPage
from portal.documents.defaults import document_templates_ensure
from portal.documents.models import DocumentTemplate
from portal.home.models import HomePage

from . import data


def stream_signature(stream) -> list:
    # Block ids are random per save, so compare types and values only.
    return [(child.block_type, child.block.get_prep_value(child.value)) for child in stream]


def _without_ids(value):
    # Nested list items carry random ids too (the policy's steps).
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value


def _form_field_signature(fields) -> list[tuple]:
    return [(f.label, f.field_type, f.required, f.help_text) for f in fields]


def generic_form_ensure(*, home: HomePage, groups: dict) -> tuple[ApprovalFormPage, str]:
    """The generic «Giấy đề nghị»: an opinion of the unit head, then the overseer's decision."""
    return form_page_ensure(
        home=home, groups=groups, spec=data.GENERIC_FORM, page_class=ApprovalFormPage
    )


def leave_form_ensure(*, home: HomePage, groups: dict) -> tuple[LeaveFormPage, str]:
    """«Đơn xin nghỉ phép» with the An Giang table as its approval policy."""
    return form_page_ensure(
        home=home, groups=groups, spec=data.LEAVE_FORM, page_class=LeaveFormPage
    )


def overtime_form_ensure(*, home: HomePage, groups: dict) -> tuple[OvertimeFormPage, str]:
    """«Đăng ký làm ngoài giờ»: the unit head decides, Văn phòng and bảo vệ are told."""
    return form_page_ensure(
        home=home, groups=groups, spec=data.OVERTIME_FORM, page_class=OvertimeFormPage
    )


def trip_form_ensure(*, home: HomePage, groups: dict) -> tuple[TripFormPage, str]:
    """«Đăng ký đi công tác» with the demo trip policy (forms.trips.demo.TRIP_POLICY)."""
    return form_page_ensure(home=home, groups=groups, spec=data.TRIP_FORM, page_class=TripFormPage)


def trip_report_form_ensure(*, home: HomePage, groups: dict) -> tuple[TripReportFormPage, str]:
    """«Báo cáo kết quả công tác» with the demo report policy (TRIP_REPORT_POLICY)."""
    return form_page_ensure(
        home=home, groups=groups, spec=data.TRIP_REPORT_FORM, page_class=TripReportFormPage
    )


def _document_template(code: str | None) -> DocumentTemplate | None:
    if not code:
        return None
    # The default templates come from a data migration, which a flushed database has lost.
    document_templates_ensure()
    return DocumentTemplate.objects.get(code=code)


def form_page_ensure(
    *, home: HomePage, groups: dict, spec: dict, page_class: type[ApprovalFormPage]
) -> tuple[ApprovalFormPage, str]:
    """Create, put back or leave alone the page of ``spec``; returns it and "created",
    "updated" or "unchanged"."""
    wanted_fields = [
        FormField(label=label, field_type=kind, required=required, help_text=help_text)
        for label, kind, required, help_text in spec["fields"]
    ]
    viewer_groups = [groups[code] for code in spec["viewer_groups"]]
    template = _document_template(spec.get("document_template"))
    existing = Page.objects.child_of(home).filter(slug=spec["slug"]).first()
    if existing is not None and existing.specific_class is not page_class:
        # Someone made another kind of page at this address; never overwrite it.
        raise ValueError(
            f"Dưới trang chủ đã có trang «{existing.title}» (/{spec['slug']}/) không phải "
            f"{page_class._meta.verbose_name}: hãy đổi đường dẫn của trang đó rồi chạy lại."
        )
    if existing is None:
        page = page_class(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            thank_you_text=spec["thank_you_text"],
            open_to_all=True,
            approval_policy=spec["approval_policy"],
            document_template=template,
        )
        page.form_fields = wanted_fields
        page.viewer_groups = viewer_groups
        home.add_child(instance=page)
        page.save_revision().publish()
        return page, "created"

    page = page_class.objects.get(pk=existing.pk)
    wanted_policy = page_class(approval_policy=spec["approval_policy"]).approval_policy
    unchanged = (
        page.live
        and not page.has_unpublished_changes
        and page.title == spec["title"]
        and page.intro == spec["intro"]
        and page.thank_you_text == spec["thank_you_text"]
        and page.open_to_all
        and page.document_template_id == (template.pk if template else None)
        and not page.allowed_units.exists()
        and not page.allowed_positions.exists()
        and {g.pk for g in page.viewer_groups.all()} == {g.pk for g in viewer_groups}
        and _form_field_signature(page.form_fields.all()) == _form_field_signature(wanted_fields)
        and _without_ids(stream_signature(page.approval_policy))
        == _without_ids(stream_signature(wanted_policy))
    )
    if unchanged:
        return page, "unchanged"
    page.title = page.draft_title = spec["title"]
    page.intro = spec["intro"]
    page.thank_you_text = spec["thank_you_text"]
    page.open_to_all = True
    page.allowed_units = []
    page.allowed_positions = []
    page.viewer_groups = viewer_groups
    page.approval_policy = spec["approval_policy"]
    page.document_template = template
    page.form_fields = wanted_fields
    page.save_revision().publish()
    return page, "updated"
