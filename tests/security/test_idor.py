"""Swapping an id in an address never shows or touches someone else's object.

Each test takes an object of one person and asks for it, or acts on it, as the others (a
colleague of the same unit, someone of another unit, an approver whose task it is not): the
answer is 403 or 404, the owner's distinctive text is nowhere in the body, and the database
is as it was. Set-up: tests/security/conftest.py.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from forms.feedback.models import FeedbackCase, FeedbackCategory, FeedbackMessage
from forms.feedback.services import feedback_submit
from forms.models import ApprovalStep, Submission
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import add_to_role
from tests.security.conftest import OTHER_SECRET, PNG, SECRET, active_step, bearer, login

pytestmark = pytest.mark.django_db

STRANGERS = ["colleague", "outsider", "other_approver"]
State = ApprovalStep.State


def assert_refused(response, *secrets, statuses=(403, 404)):
    assert response.status_code in statuses, response.status_code
    body = response.content.decode(errors="replace")
    for secret in secrets:
        assert secret not in body


def snapshot(submission) -> tuple:
    submission = Submission.objects.get(pk=submission.pk)
    steps = list(
        submission.steps.order_by("pk").values_list("pk", "state", "decision", "decided_by")
    )
    return submission.status, submission.round, submission.data, steps


@pytest.mark.parametrize("who", STRANGERS)
def test_a_submission_page_and_its_file_stay_hidden(people, filed, who):
    mine = filed["mine"]
    attachment = mine.attachments.get()
    client = login(people[who])

    assert_refused(client.get(reverse("forms:submission_detail", args=[mine.pk])), SECRET)
    assert_refused(client.get(reverse("forms:attachment", args=[attachment.pk])), SECRET)
    assert_refused(client.get(reverse("forms:resubmit", args=[mine.pk])), SECRET)


@pytest.mark.parametrize("who", [*STRANGERS, "approver"])
def test_nobody_but_the_requester_withdraws_or_resubmits(people, filed, form, who):
    mine = filed["mine"]
    if who == "approver":
        # Returned, so that a resubmission would be possible for the requester.
        from flows.services import task_decide

        task_decide(step=active_step(mine), user=people["approver"], decision="return", comment="x")
    before = snapshot(mine)
    client = login(people[who])
    field = {f.label: f.clean_name for f in form.get_form_fields()}["Nội dung đề nghị"]

    client.post(reverse("forms:withdraw", args=[mine.pk]))
    client.post(reverse("forms:resubmit", args=[mine.pk]), {field: "Đã sửa bởi người khác"})

    assert snapshot(mine) == before


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_approver"])
def test_a_task_of_another_approver_can_be_neither_opened_nor_decided(people, filed, who):
    step = active_step(filed["mine"])
    before = snapshot(filed["mine"])
    client = login(people[who])

    assert_refused(client.get(reverse("flows:task", args=[step.pk]), follow=True), SECRET)
    response = client.post(reverse("flows:task", args=[step.pk]), {"decision": "approve"})
    assert_refused(response, SECRET)

    assert snapshot(filed["mine"]) == before


def test_bulk_approval_skips_the_ids_of_someone_elses_tasks(people, filed):
    mine, theirs = filed["mine"], filed["theirs"]
    before = snapshot(mine)
    client = login(people["other_approver"])

    response = client.post(
        reverse("flows:bulk_approve"),
        {"steps": [active_step(mine).pk, active_step(theirs).pk]},
        follow=True,
    )

    assert SECRET not in response.content.decode()
    assert snapshot(mine) == before
    # His own opinion went through: the refusal is about the ids, not the request.
    assert theirs.steps.filter(state=State.DONE, approver=people["other_approver"]).exists()


@pytest.mark.parametrize("who", STRANGERS)
def test_the_api_answers_404_for_someone_elses_submission(people, filed, who):
    mine = filed["mine"]
    auth = bearer(people[who])
    before = snapshot(mine)
    api = Client()

    assert_refused(api.get(f"/api/v1/submissions/{mine.pk}/", **auth), SECRET)
    response = api.post(f"/api/v1/submissions/{mine.pk}/withdraw/", **auth)
    assert_refused(response, SECRET)
    response = api.put(
        f"/api/v1/submissions/{mine.pk}/", "{}", content_type="application/json", **auth
    )
    assert_refused(response, SECRET)
    assert all(s["id"] != mine.pk for s in api.get("/api/v1/submissions/", **auth).json())

    assert snapshot(mine) == before


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_approver", "owner"])
def test_the_api_refuses_a_decision_on_a_task_that_is_not_yours(people, filed, who):
    step = active_step(filed["mine"])
    before = snapshot(filed["mine"])

    response = Client().post(
        f"/api/v1/tasks/{step.pk}/decision/",
        {"decision": "approve", "comment": ""},
        content_type="application/json",
        **bearer(people[who]),
    )

    assert_refused(response, SECRET)
    assert snapshot(filed["mine"]) == before


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_someone_elses_notification_is_neither_shown_nor_marked_read(people, filed, who):
    notice = Notification.objects.filter(user=people["approver"]).first()
    assert notice is not None and notice.read_at is None
    client = login(people[who])

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert_refused(response, notice.title)
    assert notice.title not in client.get(reverse("notifications:list")).content.decode()
    notice.refresh_from_db()
    assert notice.read_at is None


# Documents ---------------------------------------------------------------------------


@pytest.fixture
def document(filed, org):
    from portal.documents.defaults import document_templates_ensure
    from portal.documents.models import Document, DocumentTemplate

    document_templates_ensure()
    doc = Document(
        submission=filed["mine"],
        version=1,
        template=DocumentTemplate.objects.first(),
        status=Document.Status.AWAITING_NUMBER,
        issuing_unit=org["so"],
    )
    doc.file.save("x.pdf", ContentFile(b"%PDF-1.4\n% " + SECRET.encode() + b"\n%%EOF\n"))
    return doc


@pytest.mark.parametrize("who", STRANGERS)
def test_a_document_is_not_served_to_strangers_nor_numbered_by_them(people, document, who):
    client = login(people[who])

    assert_refused(client.get(reverse("documents:download", args=[document.uid])), SECRET)
    assert_refused(client.get(reverse("documents:state", args=[document.uid])), SECRET)
    client.post(reverse("documents:number", args=[document.uid]))

    document.refresh_from_db()
    assert document.number is None and document.status == document.Status.AWAITING_NUMBER


def test_the_requester_gets_his_document_as_a_checked_download(people, document):
    response = login(people["owner"]).get(reverse("documents:download", args=[document.uid]))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


# Leave: cancelling someone else's ------------------------------------------------------


@pytest.fixture
def leave(people, time_machine):
    from tests.factories import leave_form
    from tests.forms.leave.support import apply

    time_machine.move_to(
        datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )
    page = leave_form()
    return apply(
        page, people["owner"], datetime.date(2026, 12, 1), datetime.date(2026, 12, 2), reason=SECRET
    )


@pytest.mark.parametrize("who", ["colleague", "outsider", "approver"])
def test_nobody_else_cancels_a_leave(people, leave, who):
    before = snapshot(leave)
    client = login(people[who])

    assert_refused(client.post(reverse("leave:cancel", args=[leave.pk])), SECRET)
    response = client.post(
        reverse("leave:cancel_request", args=[leave.pk]),
        {"return_date": "2026-12-02", "reason": "Giả mạo"},
    )
    assert_refused(response, SECRET)

    assert snapshot(leave) == before
    assert not Submission.objects.filter(kind="leave_cancel").exists()


# Calendar feeds -----------------------------------------------------------------------


def test_a_guessed_or_foreign_calendar_address_gives_nothing(people, leave, client):
    from forms.leave.models import CalendarFeed

    token = CalendarFeed.objects.get_or_create(user=people["outsider"])[0].token
    owner_token = CalendarFeed.objects.get_or_create(user=people["owner"])[0].token

    guessed = reverse("leave:ical_personal", args=[owner_token[:-1] + "x"])
    assert_refused(client.get(guessed), SECRET, statuses=(404,))
    # His own secret, someone else's unit: the address does not widen what he may see.
    foreign_unit = reverse("leave:ical_unit", args=[token, "QLCN"])
    assert_refused(client.get(foreign_unit), SECRET, statuses=(404,))


# Feedback ------------------------------------------------------------------------------


@pytest.fixture
def case(people):
    add_to_role(people["colleague"], roles.UNION)  # the union's handler, same unit as owner
    upload = ContentFile(PNG, name="anh-chup.png")
    upload.portal_extension, upload.portal_content_type = "png", "image/png"
    return feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="phan-anh"),
        title="Góp ý có tên",
        content=SECRET,
        anonymous=False,
        user=people["owner"],
        uploads=[upload],
    ).case


@pytest.mark.parametrize("who", ["outsider", "approver", "other_approver"])
def test_a_feedback_case_is_hidden_from_everyone_but_its_handlers(people, case, who):
    client = login(people[who])
    attachment = case.attachments.get()

    assert_refused(client.get(reverse("feedback_handling:detail", args=[case.pk])), SECRET)
    assert_refused(
        client.get(reverse("feedback_handling:attachment", args=[attachment.pk])), "IHDR"
    )
    client.post(reverse("feedback_handling:step", args=[case.pk, "accept"]), {"text": "x"})
    client.post(reverse("feedback_handling:step", args=[case.pk, "close"]), {"text": "x"})

    case.refresh_from_db()
    assert case.status == FeedbackCase.Status.NEW
    # And the handler does see it: the refusals above are about the person, not the case.
    assert SECRET in login(people["colleague"]).get(f"/gop-y/xu-ly/{case.pk}/").content.decode()


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_only_the_named_sender_gives_or_withdraws_consent(people, case, who):
    client = login(people[who])

    response = client.post(reverse("feedback:consent", args=[case.pk]), {"publish_consent": "on"})

    assert_refused(response, SECRET, statuses=(404,))
    case.refresh_from_db()
    assert case.publish_consent is False
    assert SECRET not in client.get(reverse("feedback:mine")).content.decode()


@pytest.fixture
def anonymous_case(people):
    return feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="phan-anh"),
        title="Ẩn danh",
        content=OTHER_SECRET,
        anonymous=True,
        user=None,
    )


def near_misses(receipt: str) -> list[str]:
    flipped = receipt[0].swapcase() if receipt[0].swapcase() != receipt[0] else "Z"
    return [receipt[:-1], receipt + "A", flipped + receipt[1:], receipt.upper(), "0" * 32]


def test_a_guessed_receipt_shows_no_case_and_adds_no_reply(anonymous_case, client):
    case = anonymous_case.case
    for guess in near_misses(anonymous_case.receipt)[:3]:
        response = client.post(reverse("feedback:receipt"), {"receipt": guess})
        assert OTHER_SECRET not in response.content.decode()
        client.post(reverse("feedback:reply"), {"receipt": guess, "body": "Trả lời giả mạo"})
    assert not FeedbackMessage.objects.filter(case=case).exists()


def test_the_api_answers_404_to_a_guessed_receipt(anonymous_case, client):
    case = anonymous_case.case
    for guess in near_misses(anonymous_case.receipt)[:3]:
        url = f"/api/v1/feedback/receipt/{guess}/"
        assert_refused(client.get(url), OTHER_SECRET, statuses=(404,))
        response = client.post(url, {"body": "Giả mạo"}, content_type="application/json")
        assert_refused(response, OTHER_SECRET, statuses=(404,))
    assert not FeedbackMessage.objects.filter(case=case).exists()
