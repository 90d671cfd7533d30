"""The objects behind the matrix's URL parameters, made on the demo organisation the way the
portal makes them (forms, services), so that each view answers about a real record."""

import datetime

from django.core.files.base import ContentFile

from flows.services import task_decide
from forms.fielddefs import build_form
from forms.models import ApprovalStep, Attachment, Submission
from forms.services import submission_create
from portal.accounts.models import User
from portal.calendar.services import Session
from tests.factories import with_totp

from .matrix_walk import USERNAMES

TUESDAY = datetime.date(2026, 12, 1)
# The moment the world is made and every request is sent: a Monday in office hours.
NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def _file(page, requester: User, data: dict) -> Submission:
    form = build_form(page, data, {}, user=requester)
    assert form.is_valid(), (page.slug, form.errors)
    submission = submission_create(page=page, requester=requester, cleaned_data=form.cleaned_data)
    submission.refresh_from_db()
    return submission


def _approve_all(submission: Submission) -> None:
    for _round in range(5):
        step = submission.steps.filter(state=ApprovalStep.State.ACTIVE).first()
        if step is None:
            return
        task_decide(step=step, user=step.acting or step.approver, decision="approve")


def matrix_world() -> dict:
    """Demo accounts with TOTP where the portal demands it, and one record per parameter.

    Returns ``{"values": {url name: {param: value}}, "urls": {url name or route: url},
    "probes": {probe key: url}}``."""
    from forms.feedback.defaults import categories_ensure
    from forms.feedback.models import FeedbackCategory
    from forms.feedback.services import feedback_submit
    from forms.leave.ical import feed_for
    from forms.overtime.models import OvertimeEntry
    from portal.demo.services import demo_data_load
    from portal.disclosure.models import DisclosureItemPage
    from portal.documents.models import Document, DocumentTemplate
    from portal.documents.signing.models import SigningCertificate
    from portal.notifications.models import Notification
    from portal.regulations.models import RegulationPage

    demo_data_load(password="mat-khau-ma-tran-2026", content=True)
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    for user in users.values():
        # Each role's session is then logged in with MFA passed (tests.factories.login_with_mfa).
        with_totp(user)
    staff = users["staff"]
    from forms.models import ApprovalFormPage

    pages = {p.slug: p.specific for p in ApprovalFormPage.objects.live()}
    leave = _file(
        pages["nghi-phep"],
        staff,
        {
            "leave_type": "annual",
            "start_date": TUESDAY.isoformat(),
            "start_session": Session.MORNING,
            "end_date": TUESDAY.isoformat(),
            "end_session": Session.AFTERNOON,
            "reason": "Giải quyết việc gia đình.",
            "handover_to": "",
        },
    )
    step = leave.steps.get(state=ApprovalStep.State.ACTIVE)
    assert step.approver == users["head"], step.approver
    attachment = Attachment(
        submission=leave,
        field_name="attachment",
        original_name="giay-to.txt",
        content_type="text/plain",
        size=5,
        sha256="0" * 64,
    )
    attachment.file.save("giay-to.txt", ContentFile(b"giay."), save=False)
    attachment.save()
    document = Document.objects.filter(submission=leave).first()

    overtime = _file(
        pages["lam-ngoai-gio"],
        staff,
        {
            "date": TUESDAY.isoformat(),
            "start_time": "17:30",
            "end_time": "19:30",
            "location": "Phòng 302",
            "tasks": "Hoàn thiện báo cáo quý",
        },
    )
    _approve_all(overtime)
    entry = OvertimeEntry.objects.filter(submission=overtime).first()

    trip = _file(
        pages["di-cong-tac"],
        staff,
        {
            "destination": "Hà Nội",
            "scope": "out_of_province",
            "start_date": "2026-12-03",
            "end_date": "2026-12-04",
            "purpose": "Dự hội nghị tổng kết ngành",
            "vehicle": "on",
        },
    )
    _approve_all(trip)

    categories_ensure()
    named = feedback_submit(
        recipient="director",
        category=FeedbackCategory.objects.order_by("sort_order").first(),
        title="Phân công trực",
        content="Lịch trực dồn cho một số người.",
        anonymous=False,
        user=staff,
    )
    anonymous = feedback_submit(
        recipient="director",
        category=FeedbackCategory.objects.order_by("sort_order").first(),
        title="Phòng họp",
        content="Phòng họp thiếu ghế.",
        anonymous=True,
        user=staff,
    )
    feed = feed_for(staff)
    head_feed = feed_for(users["head"])
    notice = Notification.objects.filter(user=users["head"]).first()
    item = DisclosureItemPage.objects.live().first()
    regulation = RegulationPage.objects.live().first()
    certificate = SigningCertificate.objects.first()

    pk = {
        "forms:submission_detail": leave.pk,
        "forms:withdraw": leave.pk,
        "forms:resubmit": leave.pk,
        "forms:attachment": attachment.pk,
        "leave:cancel": leave.pk,
        "leave:cancel_request": leave.pk,
        "overtime:desk_arrival": entry.pk,
        "overtime:desk_departure": entry.pk,
        "overtime:confirm": entry.pk,
        "feedback_handling:detail": named.case.pk,
        "feedback_handling:publish": named.case.pk,
        "feedback:consent": named.case.pk,
        "trips:vehicle_order": trip.pk,
        "flows:task": step.pk,
        "notifications:open": notice.pk,
        "api-v1:submission_detail": leave.pk,
        "api-v1:resubmit": leave.pk,
        "api-v1:withdraw": leave.pk,
        "api-v1:decide": step.pk,
        "documents_template_preview": DocumentTemplate.objects.first().pk,
        "documents_template_preview_pdf": DocumentTemplate.objects.first().pk,
        "wagtailsnippets_documents_documenttemplate:edit": DocumentTemplate.objects.first().pk,
        "signing_certificate_revoke": certificate.pk if certificate else 999999,
        "wagtailapi:pages:detail": regulation.pk,
    }
    values = {name: {"pk": value} for name, value in pk.items()}
    values["feedback_handling:step"] = {"pk": named.case.pk, "step": "accept"}
    values["feedback_handling:attachment"] = {"pk": 999999}
    uid = {"uid": str(document.uid)} if document else {}
    for name in ("documents:download", "documents:state", "documents:number"):
        values[name] = uid
    values["documents:verify"] = {"code": "KHONGCO"}
    values["documents:short"] = {"code": "khongco"}
    values["leave:ical_personal"] = {"token": feed.token}
    values["leave:ical_unit"] = {"token": head_feed.token, "code": "QLCN"}
    values["api-v1:form_detail"] = {"slug": "nghi-phep"}
    values["api-v1:submit"] = {"slug": "nghi-phep"}
    values["api-v1:feedback_by_receipt"] = {"receipt": anonymous.receipt}
    values["api-v1:feedback_reply"] = {"receipt": anonymous.receipt}
    values["disclosure:acknowledge"] = {"page_id": item.pk}
    values["disclosure:stats_item"] = {"page_id": item.pk}
    values["forms_preview_chain"] = {"page_id": pages["nghi-phep"].pk}
    values["leave_ledger_person"] = {"user_id": staff.pk}
    values["wagtaildocs_authenticate_with_password"] = {"restriction_id": 999999}
    values["wagtailcore_authenticate_with_password"] = {
        "page_view_restriction_id": 999999,
        "page_id": item.pk,
    }
    urls = {
        "wagtail_serve": "/",
        "wagtaildocs_serve": "/documents/999999/khong-co.pdf",
        "wagtailadmin_pages:revisions_compare": (
            "/admin/pages/1/revisions/compare/earliest...latest/"
        ),
        "admin/^.*/$": "/admin/khong-co/",
        "account_confirm_email": "/accounts/confirm-email/khong-co/",
        "account_reset_password_from_key": "/accounts/password/reset/key/1-khong-co/",
    }
    probes = {
        "probe:form-page": pages["nghi-phep"].url,
        "probe:regulation-page": regulation.url,
        "probe:disclosure-item": item.url,
        "probe:media-attachment": "/media/" + attachment.file.name,
        "probe:static": "/static/css/portal.css",
    }
    return {"values": values, "urls": urls, "probes": probes, "users": users}


def chooser_values(endpoints) -> dict[str, dict]:
    """A real id for each Wagtail chooser's "chosen" URL whose table has a row."""
    from django.apps import apps
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    values = {}
    for endpoint in endpoints:
        name = endpoint.name or ""
        if not name.endswith(":chosen"):
            continue
        if name.startswith("wagtailsnippetchoosers_"):
            app_label, model_name = name.split(":")[0].split("_", 2)[1:]
            model = apps.get_model(app_label, model_name)
        elif name.startswith("wagtaildocs_"):
            model = get_document_model()
        elif name.startswith("wagtailimages_"):
            model = get_image_model()
        else:
            continue
        first = model.objects.order_by("pk").first()
        if first is not None:
            values[name] = {"pk": first.pk}
    return values
