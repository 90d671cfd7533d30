"""Feedback (góp ý): POST /feedback/, GET and POST /feedback/receipt/{receipt}/.

Authentication is optional here, unlike the rest of the API:

- ``POST /feedback/`` takes the API's own schemes (Bearer token, or the session with its CSRF
  check) and, failing both, lets the caller through as nobody. A client without a token and
  without a session therefore sends anonymous feedback with no CSRF token at all (there is
  no session a forged request could borrow); a browser that has a session keeps the API's
  rule and sends ``X-CSRFToken``. Named feedback (``"anonymous": false``) needs one of the
  two schemes: without, 401.
- The receipt operations need no authentication (``auth=None``): the receipt is the
  credential. A forged cross-site reply is impossible without knowing it, so they have no
  CSRF check either.

Anonymous feedback never hands the caller's account to ``feedback_submit``, and nothing here
logs the request. The receipt is in the path by contract; Django's request logger would
write the path of every 4xx answer ("Not Found: /api/v1/feedback/receipt/…") to the
application log — for a rate-limited caller that may be a valid receipt — so those answers
are marked as already logged.
"""

import datetime
from typing import Literal

from django.forms import CheckboxInput
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from forms.feedback import ratelimit
from forms.feedback.forms import FeedbackForm, ReplyForm
from forms.feedback.models import FeedbackCase, FeedbackMessage
from forms.feedback.services import case_by_receipt, feedback_submit, sender_reply

from . import BearerAuth, SessionAuth, api
from .forms import form_errors, form_payload
from .schemas import Detail, FieldErrors

router = Router(tags=["Góp ý"])

FeedbackStatus = Literal["new", "accepted", "out_of_scope", "answered", "closed"]
RecipientCode = Literal["director", "union", "inspection_board"]


class Anyone:
    """The last of the optional schemes: nobody, so the operation runs without credentials.
    ``request.auth`` is then this marker, never a user."""

    def __call__(self, request):
        return self


OPTIONAL_AUTH = [BearerAuth(), SessionAuth(), Anyone()]

FEEDBACK_BODY = {
    # The body is read by the web form's own Django form (forms.feedback.forms.FeedbackForm).
    "requestBody": {
        "required": True,
        "description": (
            "`recipient` (`director`, `union`, `inspection_board`), `category` (mã loại góp ý), "
            "`title`, `content`, `anonymous` (mặc định `true`), tuỳ chọn `publish_consent` "
            "(góp ý có ghi tên: đồng ý đăng nội dung và câu trả lời lên bảng công khai, không "
            "kèm tên; mặc định `false`); gửi multipart/form-data để "
            "đính kèm tối đa 3 tệp `attachments` (PDF, JPG, PNG, DOCX, XLSX; thông tin ẩn "
            "như tác giả, vị trí GPS được xoá trước khi lưu)."
        ),
        "content": {
            "application/json": {"schema": {"type": "object", "additionalProperties": True}},
            "multipart/form-data": {"schema": {"type": "object", "additionalProperties": True}},
        },
    },
    # Authentication is optional: no credentials is one of the alternatives.
    "security": [{"BearerAuth": []}, {"SessionAuth": []}, {}],
}
REPLY_BODY = {
    "requestBody": {
        "required": True,
        "description": (
            "`body` (nội dung); gửi multipart/form-data để đính kèm tối đa 3 tệp `attachments`."
        ),
        "content": {
            "application/json": {"schema": {"type": "object", "additionalProperties": True}},
            "multipart/form-data": {"schema": {"type": "object", "additionalProperties": True}},
        },
    }
}


class FeedbackCreated(Schema):
    receipt: str | None = Field(
        None,
        description=(
            "Góp ý ẩn danh: mã tra cứu, chỉ trả về một lần (cổng chỉ lưu bản băm của mã)."
        ),
    )
    id: int | None = Field(None, description="Góp ý có ghi tên: số của góp ý.")


class FeedbackMessageOut(Schema):
    from_sender: bool = Field(..., description="`true`: người gửi; `false`: người xử lý.")
    author: str = Field(..., description="“Người gửi” hoặc “Người xử lý” — không ghi tên.")
    body: str
    on: datetime.date


class FeedbackCaseOut(Schema):
    status: FeedbackStatus
    status_label: str
    recipient: RecipientCode
    category: str = Field(..., description="Mã loại góp ý.")
    title: str
    content: str
    received_on: datetime.date
    due_on: datetime.date
    answer: str | None = Field(..., description="Trả lời của nơi nhận; null khi chưa có.")
    answered_on: datetime.date | None
    messages: list[FeedbackMessageOut]


def _user(request):
    auth = getattr(request, "auth", None)
    return None if auth is None or isinstance(auth, Anyone) else auth


def _quiet(response: HttpResponse) -> HttpResponse:
    """Keep Django's request logger from writing this path (it holds a receipt)."""
    response._has_been_logged = True
    return response


def _detail(request, status: int, message: str) -> HttpResponse:
    return _quiet(api.create_response(request, {"detail": message}, status=status))


def _message_out(message: FeedbackMessage) -> dict:
    return {
        "from_sender": message.from_sender,
        "author": _("Người gửi") if message.from_sender else _("Người xử lý"),
        "body": message.body,
        "on": message.on,
    }


def _case_out(case: FeedbackCase) -> dict:
    return {
        "status": case.status,
        "status_label": case.get_status_display(),
        "recipient": case.recipient,
        "category": case.category.code,
        "title": case.title,
        "content": case.content,
        "received_on": case.received_on,
        "due_on": case.due_on,
        "answer": case.answer or None,
        "answered_on": case.answered_on,
        "messages": [_message_out(m) for m in case.messages.all()],
    }


@router.post(
    "/",
    auth=OPTIONAL_AUTH,
    response={201: FeedbackCreated, 400: FieldErrors, 401: Detail, 403: Detail, 429: Detail},
    exclude_none=True,
    summary="Gửi góp ý, kiến nghị, phản ánh (ẩn danh hoặc có ghi tên)",
    description=(
        'Không cần đăng nhập. Góp ý ẩn danh (mặc định) trả về `{"receipt": "…"}`: mã '
        "chỉ hiển thị một lần; cổng không lưu tài khoản, địa chỉ IP, trình duyệt hay phiên "
        'của người gửi. Góp ý có ghi tên (`"anonymous": false`) cần Bearer token hoặc phiên '
        'đăng nhập và trả về `{"id": …}`. Góp ý ẩn danh bị giới hạn số lần gửi mỗi giờ.'
    ),
    openapi_extra=FEEDBACK_BODY,
)
def feedback_create(request):
    data, files, problem = form_payload(request)
    if problem:
        return Status(400, problem)
    if "anonymous" not in data:
        data = data.copy()
        data["anonymous"] = "true"  # anonymous unless asked otherwise
    anonymous = CheckboxInput().value_from_datadict(data, files, "anonymous")
    user = None if anonymous else _user(request)
    if not anonymous and user is None:
        return Status(
            401, {"detail": _("Góp ý có ghi tên cần đăng nhập; nếu không, hãy gửi ẩn danh.")}
        )
    if anonymous and ratelimit.is_limited(request, "submit"):
        return Status(429, {"detail": ratelimit.limited_message("submit")})
    form = FeedbackForm(data, files, user=user)
    if not form.is_valid():
        return Status(400, form_errors(form))
    cleaned = form.cleaned_data
    try:
        filed = feedback_submit(
            recipient=cleaned["recipient"],
            category=cleaned["category"],
            title=cleaned["title"],
            content=cleaned["content"],
            anonymous=anonymous,
            user=user,
            uploads=cleaned["attachments"],
            # Optional; only a named sender's consent is kept (FeedbackForm.clean).
            publish_consent=bool(cleaned.get("publish_consent")) and not anonymous,
        )
    except ValueError as exc:  # an attachment whose metadata could not be read
        return Status(400, {"errors": {"attachments": [str(exc)]}})
    if filed.receipt is not None:
        ratelimit.count(request, "submit")
        return Status(201, {"receipt": filed.receipt})
    return Status(201, {"id": filed.case.pk})


def _case_or_refusal(request, receipt: str) -> tuple[FeedbackCase | None, HttpResponse | None]:
    if ratelimit.is_limited(request, "receipt"):
        return None, _detail(request, 429, ratelimit.limited_message("receipt"))
    case = case_by_receipt(receipt)
    if case is None:
        ratelimit.count(request, "receipt")
        return None, _detail(request, 404, _("Không tìm thấy góp ý với mã tra cứu này."))
    return case, None


@router.get(
    "/receipt/{receipt}/",
    auth=None,
    response={200: FeedbackCaseOut, 404: Detail, 429: Detail},
    summary="Theo dõi góp ý ẩn danh bằng mã tra cứu",
    description=(
        "Trạng thái, trả lời và các trao đổi. Mã sai trả về 404; quá nhiều mã sai từ một "
        "địa chỉ trong một giờ trả về 429."
    ),
)
def feedback_by_receipt(request, receipt: str):
    case, refused = _case_or_refusal(request, receipt)
    if refused:
        return refused
    return _case_out(case)


@router.post(
    "/receipt/{receipt}/",
    auth=None,
    response={201: FeedbackMessageOut, 400: FieldErrors, 404: Detail, 429: Detail},
    summary="Gửi thêm ý kiến cho góp ý ẩn danh",
    openapi_extra=REPLY_BODY,
)
def feedback_reply(request, receipt: str):
    case, refused = _case_or_refusal(request, receipt)
    if refused:
        return refused
    if case.status == FeedbackCase.Status.CLOSED:
        closed = {"errors": {"__all__": [_("Góp ý đã kết thúc; không thể gửi thêm ý kiến.")]}}
        return _quiet(api.create_response(request, closed, status=400))
    if ratelimit.is_limited(request, "reply"):
        return _detail(request, 429, ratelimit.limited_message("reply"))
    data, files, problem = form_payload(request)
    if problem:
        return _quiet(api.create_response(request, problem, status=400))
    form = ReplyForm(data, files)
    if not form.is_valid():
        return _quiet(api.create_response(request, form_errors(form), status=400))
    try:
        message = sender_reply(
            case=case, body=form.cleaned_data["body"], uploads=form.cleaned_data["attachments"]
        )
    except ValueError as exc:
        return _quiet(
            api.create_response(request, {"errors": {"attachments": [str(exc)]}}, status=400)
        )
    ratelimit.count(request, "reply")
    return Status(201, _message_out(message))
