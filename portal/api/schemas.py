from datetime import date, datetime
from typing import Any

from ninja import Schema


class Detail(Schema):
    detail: str


class FieldErrors(Schema):
    errors: dict[str, list[str]]


class FormSummary(Schema):
    slug: str
    title: str
    kind: str


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
    kind: str
    approver: str | None
    group: str | None
    acting: str | None
    decision: str | None
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
    kind: str
    title: str
    status: str
    round: int
    requester: str | None
    data: dict[str, Any]
    created_at: datetime
    decided_at: datetime | None
    steps: list[StepOut]
    document: DocumentOut | None = None


class SubmissionSummary(Schema):
    id: int
    form: str
    kind: str
    title: str
    status: str
    created_at: datetime


class TaskOut(Schema):
    id: int
    submission: int
    form: str
    kind: str
    step_kind: str
    requester: str | None
    due: date | None
    acting_for: str | None


class DecisionIn(Schema):
    decision: str
    comment: str = ""
