"""The open feedback box on the web: /gop-y/ (send) and /gop-y/tra-cuu/ (follow by receipt)."""

import hashlib
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from forms.feedback.models import FeedbackCase, FeedbackCategory, FeedbackMessage
from forms.feedback.services import feedback_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "/gop-y/"
RECEIPT = "/gop-y/tra-cuu/"
REPLY = "/gop-y/tra-cuu/gui-them/"
ADDRESS = "198.51.100.23"
VALUES = {
    "recipient": "union",
    "category": "gop-y",
    "title": "Đề nghị lắp thêm quạt phòng họp",
    "content": "Phòng họp tầng 2 rất nóng vào buổi chiều.",
}
RECEIPT_RE = re.compile(r'id="receipt-code"[^>]*>([^<]+)<')


@pytest.fixture
def category(db):
    category, _created = FeedbackCategory.objects.get_or_create(
        code="gop-y", defaults={"name": "Góp ý"}
    )
    return category


@pytest.fixture
def staff(db):
    return UserFactory(username="nhanvien", first_name="Ba", last_name="Trần Văn")


@pytest.fixture
def handler(db):
    return UserFactory(username="canbo_xuly", first_name="Xử", last_name="Lý Thị")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def receipt_of(response) -> str:
    match = RECEIPT_RE.search(response.content.decode())
    assert match, "the page shows no receipt"
    return match.group(1).strip()


def all_text_in_feedback_tables() -> str:
    rows = []
    for model in (FeedbackCase, FeedbackMessage):
        rows.extend(str(values) for values in model.objects.values_list())
    return "\n".join(rows)


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "anh.png"
    return buffer


# Sending


def test_the_form_opens_without_logging_in_and_says_what_is_kept(client, category):
    response = client.get(NEW)
    assert response.status_code == 200
    assert reverse("feedback:new") == NEW
    page = response.content.decode()
    assert "không lưu tài khoản, địa chỉ IP" in page
    assert "GPS" in page and "ảnh, tệp PDF và tệp Office" in page
    assert "Mã chỉ hiển thị một lần" in page
    # A visitor is always anonymous: there is nothing to untick.
    assert 'name="anonymous"' not in page
    assert "luôn được gửi ẩn danh" in page
    assert f'value="{category.code}"' in page
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_anonymous_feedback_without_login_keeps_only_the_hash_of_the_receipt(client, category):
    response = client.post(NEW, {**VALUES, "once": "t1"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200  # rendered, not redirected
    receipt = receipt_of(response)
    assert len(receipt) >= 32
    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None
    assert case.receipt_hash == hashlib.sha256(receipt.encode()).hexdigest()
    assert case.category == category and case.recipient == "union"
    assert receipt not in all_text_in_feedback_tables()
    # Shown once, never kept by the browser, and no session was started for it.
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]
    assert reverse("feedback:receipt") in response.content.decode()
    assert 'data-copy="receipt-code"' in response.content.decode()


def test_the_rate_limit_counts_by_a_keyed_hash_not_by_the_address(client, category):
    client.post(NEW, VALUES, REMOTE_ADDR=ADDRESS)
    entries = " ".join(f"{key}={value!r}" for key, value in cache._cache.items())
    assert "feedback:rl:submit:" in entries
    assert ADDRESS not in entries


def test_logged_in_anonymous_feedback_has_no_sender_and_leaves_the_session(client, staff, category):
    client.force_login(staff)
    before = dict(client.session.items())
    session_key = client.session.session_key
    form = client.get(NEW)
    assert 'name="anonymous"' in form.content.decode()
    response = client.post(NEW, {**VALUES, "anonymous": "on"})
    assert response.status_code == 200
    receipt_of(response)
    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None and case.receipt_hash
    assert dict(client.session.items()) == before
    assert client.session.session_key == session_key
    assert "sessionid" not in response.cookies  # the session was not even saved again


def test_named_feedback_has_the_sender_and_no_receipt(client, staff, category):
    client.force_login(staff)
    response = client.post(NEW, VALUES)  # "Gửi ẩn danh" unticked
    assert response.status_code == 200
    case = FeedbackCase.objects.get()
    assert not case.anonymous and case.sender == staff and case.receipt_hash is None
    assert 'id="receipt-code"' not in response.content.decode()
    assert f"Góp ý số {case.pk}" in response.content.decode()


def test_a_visitor_cannot_send_named_feedback(client, category):
    response = client.post(NEW, {**VALUES, "anonymous": ""})
    receipt_of(response)
    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None


def test_a_reloaded_success_page_files_nothing_twice(client, category):
    first = client.post(NEW, {**VALUES, "once": "same-token"})
    receipt_of(first)
    again = client.post(NEW, {**VALUES, "once": "same-token"})
    assert again.status_code == 200
    assert "đã được gửi trước đó" in again.content.decode()
    assert 'id="receipt-code"' not in again.content.decode()
    assert FeedbackCase.objects.count() == 1


def test_invalid_values_show_errors_and_file_nothing(client, category):
    FeedbackCategory.objects.create(code="cu", name="Loại cũ", is_active=False)
    response = client.post(NEW, {**VALUES, "category": "cu", "recipient": "ai-do", "title": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"category", "recipient", "title"}
    assert FeedbackCase.objects.count() == 0


def test_attachments_are_checked_by_content_and_limited_to_three(client, category):
    fake = io.BytesIO(b"%!PS not a pdf at all")
    fake.name = "thu.pdf"
    response = client.post(NEW, {**VALUES, "attachments": [fake]})
    assert "attachments" in response.context["form"].errors
    response = client.post(NEW, {**VALUES, "attachments": [png(), png(), png(), png()]})
    assert "tối đa 3 tệp" in str(response.context["form"].errors["attachments"])
    assert FeedbackCase.objects.count() == 0


def test_an_image_attachment_is_stored_with_the_case(client, category):
    response = client.post(NEW, {**VALUES, "attachments": [png()]})
    receipt_of(response)
    attachment = FeedbackCase.objects.get().attachments.get()
    assert attachment.original_name == "anh.png"
    assert attachment.content_type == "image/png"


def test_an_attachment_is_stripped_by_its_real_format_whatever_its_name(client, category):
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Tran Van Ba")
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG", pnginfo=info)
    buffer.seek(0)
    buffer.name = "anh-chup"  # no extension: the name must not decide the stripping
    receipt_of(client.post(NEW, {**VALUES, "attachments": [buffer]}))
    attachment = FeedbackCase.objects.get().attachments.get()
    attachment.file.open("rb")
    stored = attachment.file.read()
    attachment.file.close()
    assert stored.startswith(b"\x89PNG") and b"Tran Van Ba" not in stored


def test_too_many_anonymous_submissions_from_one_address_are_refused(client, category, settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit": (2, 3600)}
    for _ in range(2):
        assert client.post(NEW, VALUES, REMOTE_ADDR=ADDRESS).status_code == 200
    response = client.post(NEW, VALUES, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429
    assert "quá nhiều góp ý" in response.content.decode()
    assert FeedbackCase.objects.count() == 2
    # Another address is not affected.
    assert client.post(NEW, VALUES, REMOTE_ADDR="198.51.100.99").status_code == 200


def test_ipv6_addresses_count_by_their_64_network(client, category, settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit": (1, 3600)}
    assert client.post(NEW, VALUES, REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert client.post(NEW, VALUES, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.post(NEW, VALUES, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


# Following by receipt


@pytest.fixture
def filed(category, handler):
    filed = feedback_submit(
        recipient="director",
        category=category,
        title="Chấm công chưa đúng",
        content="Bảng chấm công tháng 3 thiếu hai ngày.",
        anonymous=True,
        user=None,
    )
    case = filed.case
    FeedbackMessage.objects.create(
        case=case, author=handler, body="Đề nghị cho biết ngày cụ thể.", on=case.received_on
    )
    case.answer = "Đã điều chỉnh bảng chấm công."
    case.status = FeedbackCase.Status.ANSWERED
    case.answered_on = case.received_on
    case.save()
    return filed


def test_the_receipt_page_asks_for_the_code_in_a_post_form(client):
    response = client.get(RECEIPT)
    assert response.status_code == 200
    assert reverse("feedback:receipt") == RECEIPT
    page = response.content.decode()
    assert 'method="post"' in page and 'name="receipt"' in page


def test_the_receipt_shows_the_case_answer_and_dialogue(client, filed, handler):
    response = client.post(RECEIPT, {"receipt": f"  {filed.receipt}\n"})
    assert response.status_code == 200
    page = response.content.decode()
    case = filed.case
    assert case.title in page
    assert case.received_on.strftime("%d/%m/%Y") in page
    assert "Đã trả lời" in page
    assert "Đã điều chỉnh bảng chấm công." in page
    assert "Đề nghị cho biết ngày cụ thể." in page
    # Handlers are "Người xử lý", never named to whoever holds the receipt.
    assert "Người xử lý" in page
    assert handler.get_full_name() not in page and handler.username not in page
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_the_sender_replies_through_the_receipt(client, filed):
    response = client.post(REPLY, {"receipt": filed.receipt, "body": "Ngày 12 và 13/3."})
    assert response.status_code == 200
    assert "Đã gửi ý kiến bổ sung" in response.content.decode()
    message = FeedbackMessage.objects.get(from_sender=True)
    assert message.case == filed.case and message.author_id is None
    assert message.body == "Ngày 12 và 13/3."
    assert "Ngày 12 và 13/3." in response.content.decode()


def test_a_closed_case_takes_no_more_replies(client, filed):
    FeedbackCase.objects.filter(pk=filed.case.pk).update(status=FeedbackCase.Status.CLOSED)
    page = client.post(RECEIPT, {"receipt": filed.receipt}).content.decode()
    assert 'name="body"' not in page
    client.post(REPLY, {"receipt": filed.receipt, "body": "Thêm"})
    assert not FeedbackMessage.objects.filter(from_sender=True).exists()


def test_a_wrong_receipt_is_told_in_vietnamese_and_rate_limited(client, filed, settings):
    settings.FEEDBACK_RATE_LIMITS = {"receipt": (3, 3600)}
    for attempt in range(3):
        response = client.post(RECEIPT, {"receipt": f"sai-ma-{attempt}"}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200
        assert "Không tìm thấy góp ý nào với mã này" in response.content.decode()
    response = client.post(RECEIPT, {"receipt": filed.receipt}, REMOTE_ADDR=ADDRESS)
    # Even the right code is refused once the limit is reached: guessing must stop.
    assert response.status_code == 429
    assert "sai mã tra cứu quá nhiều lần" in response.content.decode()
    assert filed.case.title not in response.content.decode()
    # Replies with a guessed code count too.
    response = client.post(REPLY, {"receipt": "doan", "body": "x"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429
    assert not FeedbackMessage.objects.filter(from_sender=True).exists()


def test_the_csrf_check_applies(category):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(NEW, VALUES).status_code == 403
    assert FeedbackCase.objects.count() == 0
