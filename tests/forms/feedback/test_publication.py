"""An answer goes on the công khai board: anonymous, or named with the sender's consent, as a
draft that only the board's moderation publishes — and never with a trace of the sender."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from forms.feedback.handling import HandlingError, case_answer, case_close
from forms.feedback.models import FeedbackCase, FeedbackCategory
from forms.feedback.publication import RESULTS_CATEGORY_CODE, case_publish
from forms.feedback.services import feedback_submit
from portal.disclosure.models import Audience, DisclosureItemPage
from portal.org import roles
from tests.factories import UserFactory, add_to_role

from .test_anonymity import ADDRESS, AGENT, snapshot, traces

pytestmark = pytest.mark.django_db

CONTENT = "Lịch trực dồn cho một số người.\n\nXin xem lại <b>phân công</b> & lịch."
ANSWER = "Đã điều chỉnh lịch trực từ tháng sau.\nCảm ơn góp ý."


@pytest.fixture
def people(org, board):
    add_to_role(org["phophong"], roles.UNION)
    add_to_role(org["chanhvp"], roles.OFFICE)
    org["sender"] = UserFactory(
        username="nguoigopy", email="nguoigopy@so.gov.vn", first_name="Gợi", last_name="Ý Lê"
    )
    return org


def answered(*, anonymous=True, user=None, consent=False, handler=None) -> FeedbackCase:
    filed = feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="phan-anh"),
        title="Phân công trực",
        content=CONTENT,
        anonymous=anonymous,
        user=user,
        publish_consent=consent,
    )
    return case_answer(case=filed.case, user=handler, answer=ANSWER)


def publish(case, user, **overrides):
    values = {
        "audience": Audience.INTERNAL,
        "title": case.title,
        "content": case.content,
        "answer": case.answer,
    }
    return case_publish(case=case, user=user, **{**values, **overrides})


def publish_url(case):
    return reverse("feedback_handling:publish", args=[case.pk])


def form_values(case):
    return {"audience": "public", "title": case.title, "content": case.content, "answer": ANSWER}


# Consent: asked of named senders only


def test_a_named_sender_is_asked_for_consent_and_it_is_stored(people, client):
    client.force_login(people["sender"])
    page = client.get("/gop-y/")
    assert 'name="publish_consent"' in page.text
    values = {
        "recipient": "union",
        "category": "phan-anh",
        "title": "Xin công khai lịch trực",
        "content": "Nội dung",
        "publish_consent": "on",
    }  # "anonymous" left out: unticked, so named
    assert client.post("/gop-y/", values).status_code == 200
    case = FeedbackCase.objects.get()
    assert not case.anonymous and case.sender == people["sender"] and case.publish_consent


def test_an_anonymous_sender_is_never_recorded_as_consenting(people, client):
    assert 'name="publish_consent"' not in client.get("/gop-y/").text  # a visitor: not asked
    client.force_login(people["sender"])
    values = {
        "recipient": "union",
        "category": "phan-anh",
        "title": "Ẩn danh",
        "content": "Nội dung",
        "anonymous": "on",
        "publish_consent": "on",
    }
    assert client.post("/gop-y/", values).status_code == 200
    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None and not case.publish_consent


def test_the_api_takes_an_optional_consent_for_named_feedback_only(people, client):
    client.force_login(people["sender"])
    body = {"recipient": "union", "category": "phan-anh", "title": "T", "content": "N"}
    named = client.post(
        "/api/v1/feedback/",
        {**body, "anonymous": False, "publish_consent": True},
        content_type="application/json",
    )
    assert named.status_code == 201, named.content
    assert FeedbackCase.objects.get(pk=named.json()["id"]).publish_consent
    anonymous = client.post(
        "/api/v1/feedback/", {**body, "publish_consent": True}, content_type="application/json"
    )
    assert anonymous.status_code == 201 and set(anonymous.json()) == {"receipt"}
    assert not FeedbackCase.objects.get(anonymous=True).publish_consent
    # Without the field, the contract is as before: no consent.
    plain = client.post(
        "/api/v1/feedback/", {**body, "anonymous": False}, content_type="application/json"
    )
    assert not FeedbackCase.objects.get(pk=plain.json()["id"]).publish_consent


def test_the_sender_gives_and_withdraws_consent_until_it_is_published(people, client):
    case = answered(anonymous=False, user=people["sender"], handler=people["phophong"])
    client.force_login(people["sender"])
    url = reverse("feedback:consent", args=[case.pk])
    assert client.post(url, {"publish_consent": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.publish_consent
    client.post(url, {})
    case.refresh_from_db()
    assert not case.publish_consent

    client.post(url, {"publish_consent": "on"})
    publish(case, people["phophong"])
    client.post(url, {})
    case.refresh_from_db()
    assert case.publish_consent  # on the board: too late to withdraw
    mine = client.get(reverse("feedback:mine"))
    assert "không thể thay đổi sự đồng ý" in mine.text
    assert "đang chờ duyệt đăng" in mine.text


def test_nobody_else_changes_a_senders_consent(people, client):
    case = answered(anonymous=False, user=people["sender"], handler=people["phophong"])
    client.force_login(people["chuyenvien"])
    response = client.post(reverse("feedback:consent", args=[case.pk]), {"publish_consent": "on"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert not case.publish_consent


# Publishing


def test_an_anonymous_answer_becomes_a_draft_in_moderation_without_a_trace_of_the_sender(
    people, client
):
    sender, handler = people["sender"], people["phophong"]
    client.force_login(sender)
    before = snapshot()
    values = {"recipient": "union", "category": "phan-anh", "title": "Phân công trực"}
    values |= {"content": CONTENT, "anonymous": "on"}
    client.post("/gop-y/", values, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    case = case_answer(case=FeedbackCase.objects.get(), user=handler, answer=ANSWER)
    case = case_close(case=case, user=handler)  # closed with an answer may be posted too

    done = publish(case, handler, audience=Audience.PUBLIC)

    page = DisclosureItemPage.objects.get()
    assert done.created and done.page == page
    case.refresh_from_db()
    assert case.published_page == page
    assert page.title == "Trả lời góp ý: Phân công trực"
    assert page.category.code == RESULTS_CATEGORY_CODE == "thanh-tra-khieu-nai"
    assert page.audience == Audience.PUBLIC and page.posted_from == timezone.localdate()
    assert page.get_parent().specific == people_board()
    # A draft, waiting for Văn phòng or a head: the handler asked for it.
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == handler
    assert page.owner == handler
    # The texts, escaped, in paragraphs; no time of day anywhere in the item.
    assert "<p>Lịch trực dồn cho một số người.</p>" in page.body
    assert "&lt;b&gt;phân công&lt;/b&gt; &amp; lịch" in page.body
    assert "<p>Đã điều chỉnh lịch trực từ tháng sau.<br/>Cảm ơn góp ý.</p>" in page.body
    for text in (page.title, page.summary, page.body):
        assert not re.search(r"\d{1,2}:\d{2}|\d{1,2}\s*giờ", text)

    needles = [sender.username, sender.email, sender.get_full_name(), ADDRESS, AGENT]
    assert traces(before, snapshot(), sender, needles) == []


def people_board():
    from portal.disclosure.models import DisclosureIndexPage

    return DisclosureIndexPage.objects.live().get()


def test_a_named_answer_without_consent_is_refused(people, client, mfa_client):
    case = answered(anonymous=False, user=people["sender"], handler=people["phophong"])
    with pytest.raises(HandlingError, match="chưa đồng ý đăng công khai"):
        publish(case, people["phophong"])
    handler = mfa_client(people["phophong"])
    detail = handler.get(reverse("feedback_handling:detail", args=[case.pk]))
    assert "chưa đồng ý đăng công khai" in detail.text
    response = handler.post(publish_url(case), form_values(case), follow=True)
    assert "chưa đồng ý đăng công khai" in response.text
    assert not DisclosureItemPage.objects.exists()
    case.refresh_from_db()
    assert case.published_page is None


def test_a_named_answer_with_consent_is_posted_without_the_senders_name(people, mfa_client):
    sender = people["sender"]
    case = answered(anonymous=False, user=sender, consent=True, handler=people["phophong"])
    handler = mfa_client(people["phophong"])
    response = handler.post(publish_url(case), form_values(case), follow=True)
    assert "Đã tạo bản nháp trên bảng công khai" in response.text
    page = DisclosureItemPage.objects.get()
    assert page.audience == Audience.PUBLIC and not page.live
    for text in (page.title, page.summary, page.body, page.slug):
        for needle in (sender.username, sender.first_name, sender.last_name, sender.email):
            assert needle not in text
    # The handler's case page links to the draft in the admin.
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in response.text


def test_the_handler_may_strip_identifying_details_before_posting(people, mfa_client):
    case = answered(handler=people["phophong"])
    values = form_values(case) | {"content": "Lịch trực chưa công bằng.", "title": "Lịch trực"}
    mfa_client(people["phophong"]).post(publish_url(case), values)
    page = DisclosureItemPage.objects.get()
    assert page.title == "Trả lời góp ý: Lịch trực"
    assert "dồn cho một số người" not in page.body and "chưa công bằng" in page.body


def test_a_second_publish_links_to_the_same_page(people, mfa_client):
    case = answered(handler=people["phophong"])
    first = publish(case, people["phophong"])
    again = publish(case, people["phophong"])
    assert not again.created and again.page == first.page
    response = mfa_client(people["phophong"]).post(publish_url(case), form_values(case))
    assert response.status_code == 302
    assert DisclosureItemPage.objects.count() == 1
    assert WorkflowState.objects.count() == 1


def test_an_unanswered_case_cannot_be_posted(people):
    filed = feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="phan-anh"),
        title="Chưa trả lời",
        content="Nội dung",
        anonymous=True,
        user=None,
    )
    with pytest.raises(HandlingError, match="đã có câu trả lời"):
        publish(filed.case, people["phophong"], answer="x")
    assert not DisclosureItemPage.objects.exists()


def test_only_the_cases_handlers_may_publish(people, client, mfa_client):
    sender = people["sender"]
    case = answered(anonymous=False, user=sender, consent=True, handler=people["phophong"])
    with pytest.raises(HandlingError):
        publish(case, people["chanhvp"])
    # Not logged in: to the login page; logged in but not a handler (the sender himself, the
    # office that approves the board): 404, as for the case page.
    assert client.post(publish_url(case), form_values(case)).status_code == 302
    for user in (sender, people["chanhvp"], people["truongphong"]):
        assert mfa_client(user).post(publish_url(case), form_values(case)).status_code == 404
        client.logout()
    assert not DisclosureItemPage.objects.exists()


def test_the_sender_sees_the_link_once_the_board_approves(people, client):
    handler, office = people["phophong"], people["chanhvp"]
    filed = feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="phan-anh"),
        title="Phân công trực",
        content=CONTENT,
        anonymous=True,
        user=None,
    )
    case = case_answer(case=filed.case, user=handler, answer=ANSWER)
    page = publish(case, handler, audience=Audience.PUBLIC).page
    lookup = client.post(reverse("feedback:receipt"), {"receipt": filed.receipt})
    assert "đang chờ duyệt đăng" in lookup.text and page.url not in lookup.text

    page.refresh_from_db()
    page.current_workflow_task.on_action(page.current_workflow_task_state, office, "approve")
    page.refresh_from_db()
    assert page.live
    lookup = client.post(reverse("feedback:receipt"), {"receipt": filed.receipt})
    assert "đã được đăng trên bảng công khai" in lookup.text
    assert f'href="{page.url}"' in lookup.text
    assert client.get(page.url).status_code == 200


def test_a_named_sender_sees_the_link_on_his_page_once_live(people, client):
    handler = people["phophong"]
    case = answered(anonymous=False, user=people["sender"], consent=True, handler=handler)
    page = publish(case, handler).page
    page.refresh_from_db()
    page.current_workflow_task.on_action(
        page.current_workflow_task_state, people["chanhvp"], "approve"
    )
    page.refresh_from_db()
    client.force_login(people["sender"])
    mine = client.get(reverse("feedback:mine"))
    assert f'href="{page.url}"' in mine.text
    assert 'name="publish_consent"' not in mine.text
