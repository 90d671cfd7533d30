"""Feedback in API v1: POST /feedback/ (authentication optional) and the receipt operations.

The paths, field names and answers here are the contract of issue [7/12].
"""

import hashlib
import json
import logging

import pytest
from django.test import Client

from forms.feedback.models import FeedbackCase, FeedbackCategory, FeedbackMessage
from forms.feedback.services import feedback_submit
from portal.accounts.services import api_token_issue

from .test_api_auth import CSRF

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback/"
BODY = {
    "recipient": "inspection_board",
    "category": "gop-y",
    "title": "Công khai quyết toán chậm",
    "content": "Quyết toán năm trước chưa được niêm yết.",
}
CASE_KEYS = {"status", "answer", "messages"}
CASE_EXTRAS = {
    "status_label",
    "recipient",
    "category",
    "title",
    "content",
    "received_on",
    "due_on",
    "answered_on",
}
MESSAGE_KEYS = {"from_sender", "author", "body", "on"}


@pytest.fixture
def category(db):
    category, _created = FeedbackCategory.objects.get_or_create(
        code="gop-y", defaults={"name": "Góp ý"}
    )
    return category


@pytest.fixture
def stranger():
    """A client with no token and no session, that enforces CSRF like a browser would."""
    return Client(enforce_csrf_checks=True)


def post(client, body, path=URL, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def receipt_url(receipt: str) -> str:
    return f"{URL}receipt/{receipt}/"


# POST /feedback/


def test_anonymous_feedback_needs_no_credentials_and_no_csrf_token(stranger, category):
    response = post(stranger, {**BODY, "anonymous": True})
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"receipt"}
    receipt = response.json()["receipt"]
    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None
    assert case.receipt_hash == hashlib.sha256(receipt.encode()).hexdigest()
    assert receipt not in str(list(FeedbackCase.objects.values_list()))
    assert "sessionid" not in response.cookies


def test_feedback_is_anonymous_unless_asked_otherwise(stranger, category):
    response = post(stranger, BODY)
    assert response.status_code == 201
    assert set(response.json()) == {"receipt"}


def test_named_feedback_with_a_token_answers_the_id(org, category):
    user = org["chuyenvien"]
    _token, raw = api_token_issue(user=user)
    response = post(
        Client(enforce_csrf_checks=True),
        {**BODY, "anonymous": False},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    case = FeedbackCase.objects.get()
    assert response.json() == {"id": case.pk}
    assert case.sender == user and not case.anonymous and case.receipt_hash is None


def test_anonymous_feedback_with_a_token_has_no_sender(org, category):
    _token, raw = api_token_issue(user=org["chuyenvien"])
    response = post(Client(), {**BODY, "anonymous": True}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert set(response.json()) == {"receipt"}
    assert FeedbackCase.objects.get().sender_id is None


def test_named_feedback_without_credentials_is_401_in_vietnamese(stranger, category):
    response = post(stranger, {**BODY, "anonymous": False})
    assert response.status_code == 401
    assert "Góp ý có ghi tên cần đăng nhập" in response.json()["detail"]
    assert FeedbackCase.objects.count() == 0


def test_a_session_keeps_the_apis_csrf_rule(org, category):
    session = Client(enforce_csrf_checks=True)
    session.force_login(org["chuyenvien"])
    assert post(session, {**BODY, "anonymous": False}).status_code == 403
    session.cookies["csrftoken"] = CSRF
    response = post(session, {**BODY, "anonymous": False}, HTTP_X_CSRFTOKEN=CSRF)
    assert response.status_code == 201
    assert FeedbackCase.objects.get().sender == org["chuyenvien"]


def test_invalid_feedback_is_400_by_field(stranger, category):
    response = post(stranger, {**BODY, "recipient": "giam-doc", "category": "khong-co"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"recipient", "category"}
    assert post(stranger, ["not", "an", "object"]).status_code == 400
    assert FeedbackCase.objects.count() == 0


def test_too_many_anonymous_submissions_are_429(stranger, category, settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit": (1, 3600)}
    assert post(stranger, BODY).status_code == 201
    response = post(stranger, BODY)
    assert response.status_code == 429
    assert "Vui lòng thử lại sau" in response.json()["detail"]


# GET and POST /feedback/receipt/{receipt}/


@pytest.fixture
def filed(category, org):
    filed = feedback_submit(
        recipient="union",
        category=category,
        title="Phân công trực",
        content="Lịch trực dồn cho một số người.",
        anonymous=True,
        user=None,
    )
    FeedbackMessage.objects.create(
        case=filed.case, author=org["chanhvp"], body="Đã ghi nhận.", on=filed.case.received_on
    )
    return filed


def test_the_receipt_answers_status_answer_and_messages(stranger, filed, org):
    response = stranger.get(receipt_url(filed.receipt))
    assert response.status_code == 200
    data = response.json()
    assert CASE_KEYS <= set(data) <= CASE_KEYS | CASE_EXTRAS
    assert data["status"] == "new" and data["answer"] is None
    assert data["category"] == "gop-y" and data["recipient"] == "union"
    [message] = data["messages"]
    assert set(message) == MESSAGE_KEYS
    assert message == {
        "from_sender": False,
        "author": "Người xử lý",
        "body": "Đã ghi nhận.",
        "on": filed.case.received_on.isoformat(),
    }
    assert org["chanhvp"].username not in response.content.decode()

    FeedbackCase.objects.filter(pk=filed.case.pk).update(answer="Đã sửa lịch.", status="answered")
    data = stranger.get(receipt_url(filed.receipt)).json()
    assert data["answer"] == "Đã sửa lịch." and data["status"] == "answered"


def test_a_reply_through_the_receipt(stranger, filed):
    response = post(stranger, {"body": "Cảm ơn."}, path=receipt_url(filed.receipt))
    assert response.status_code == 201, response.content
    assert set(response.json()) == MESSAGE_KEYS
    assert response.json()["from_sender"] is True
    message = FeedbackMessage.objects.get(from_sender=True)
    assert message.case == filed.case and message.body == "Cảm ơn."
    assert post(stranger, {"body": ""}, path=receipt_url(filed.receipt)).status_code == 400


def test_a_closed_case_takes_no_reply(stranger, filed):
    FeedbackCase.objects.filter(pk=filed.case.pk).update(status="closed")
    response = post(stranger, {"body": "Thêm"}, path=receipt_url(filed.receipt))
    assert response.status_code == 400
    assert not FeedbackMessage.objects.filter(from_sender=True).exists()


def test_wrong_receipts_are_404_then_429_and_stay_out_of_the_logs(
    stranger, filed, settings, caplog
):
    settings.FEEDBACK_RATE_LIMITS = {"receipt": (3, 3600)}
    caplog.set_level(logging.DEBUG)
    wrong = ["sai-ma-1", "sai-ma-2", "sai-ma-3"]
    for receipt in wrong:
        response = stranger.get(receipt_url(receipt))
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy góp ý với mã tra cứu này."}
    # Now even the right receipt (and a reply) is refused: guessing must stop.
    for response in (
        stranger.get(receipt_url(filed.receipt)),
        post(stranger, {"body": "x"}, path=receipt_url(filed.receipt)),
    ):
        assert response.status_code == 429
        assert "quá nhiều lần" in response.json()["detail"]
    assert not FeedbackMessage.objects.filter(from_sender=True).exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert not any(receipt in logged for receipt in [*wrong, filed.receipt])


def test_the_openapi_document_describes_the_feedback_operations(stranger, db):
    document = stranger.get("/api/v1/openapi.json").json()
    submit = document["paths"]["/api/v1/feedback/"]["post"]
    assert {} in submit["security"]  # authentication optional
    assert {"201", "400", "401", "429"} <= set(submit["responses"])
    receipt = document["paths"]["/api/v1/feedback/receipt/{receipt}/"]
    assert {"get", "post"} <= set(receipt)
    assert {"200", "404", "429"} <= set(receipt["get"]["responses"])
    assert "security" not in receipt["get"] or receipt["get"]["security"] in ([], [{}])
