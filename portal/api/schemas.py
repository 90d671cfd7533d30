from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

# The values of the contract, spelled out so that the OpenAPI document lists them; they are
# those of forms.models (FORM_KINDS, Submission.Status, ApprovalStep.Kind and .Decision),
# except two internal values reported as their nearest contract value (serializers.API_KIND,
# API_STATUS): a leave cancellation request is ``leave`` work, a cancelled leave ``withdrawn``.
FormKind = Literal["leave", "overtime", "trip", "trip_report", "feedback", "generic"]
SubmissionStatus = Literal["pending", "returned", "approved", "rejected", "withdrawn", "recorded"]
StepKind = Literal["opinion", "decision", "notice"]
StepDecision = Literal["approved", "rejected", "returned"]


class Detail(Schema):
    detail: str


class FieldErrors(Schema):
    errors: dict[str, list[str]]


class FormSummary(Schema):
    slug: str
    title: str
    kind: FormKind


class FormFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    choices: list[str]


class FormDetail(FormSummary):
    intro: str
    fields: list[FormFieldOut]


class StepOut(Schema):
    kind: StepKind
    approver: str | None
    group: str | None
    acting: str | None
    decision: StepDecision | None
    comment: str
    decided_at: datetime | None
    due: date | None
    state: str
    round: int


class DocumentOut(Schema):
    number: str
    pdf_url: str
    verify_url: str


class SubmissionOut(Schema):
    id: int
    form: str
    kind: FormKind
    title: str
    status: SubmissionStatus
    round: int
    requester: str | None
    data: dict[str, Any]
    created_at: datetime
    decided_at: datetime | None
    steps: list[StepOut]
    document: DocumentOut | None = None
    report_due: date | None = Field(
        ...,
        description=(
            "Chuyến công tác (kind `trip`): hạn nộp báo cáo kết quả (YYYY-MM-DD), có khi "
            "chuyến đi đã được duyệt; null với đơn chưa duyệt và các loại đơn khác."
        ),
    )
    report: int | None = Field(
        ...,
        description=(
            "Chuyến công tác (kind `trip`): số (id) của báo cáo kết quả công tác đang có hiệu "
            "lực (chờ duyệt, trả lại, đã duyệt hoặc đã ghi nhận); null khi chưa có báo cáo và "
            "với các loại đơn khác."
        ),
    )


class SubmissionSummary(Schema):
    id: int
    form: str
    kind: FormKind
    title: str
    status: SubmissionStatus
    created_at: datetime


class TaskOut(Schema):
    id: int
    submission: int
    form: str
    kind: FormKind
    step_kind: StepKind
    requester: str | None
    due: date | None
    acting_for: str | None


class DecisionIn(Schema):
    # A plain string, so that an unknown decision gets the engine's 400 message (not a 422).
    decision: str = Field(..., json_schema_extra={"enum": ["approve", "reject", "return"]})
    comment: str = Field("", description="Bắt buộc khi không đồng ý (reject) hoặc trả lại.")
