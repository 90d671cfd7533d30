"""Shared fixtures for the API v1 tests: a generic form, clients with a Bearer token."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from forms.models import FormField
from portal.accounts.services import api_token_issue
from tests.factories import approval_form, two_step_policy

# The field names of the contract. The extras are fields beyond it, listed so that a rename
# or a removal shows up in the tests.
KINDS = {"leave", "overtime", "trip", "trip_report", "feedback", "generic"}
SUBMISSION_KEYS = {
    "id",
    "form",
    "kind",
    "status",
    "requester",
    "data",
    "steps",
    "document",
    # Issue [6/12]: a trip's report deadline and report; null for other kinds.
    "report_due",
    "report",
}
SUBMISSION_EXTRAS = {"title", "round", "created_at", "decided_at"}
STEP_KEYS = {"kind", "approver", "acting", "decision", "comment", "decided_at", "due"}
STEP_EXTRAS = {"group", "state", "round"}
TASK_KEYS = {"id", "submission", "form", "kind", "step_kind", "requester", "due"}
TASK_EXTRAS = {"acting_for"}

# The values of a valid request for ``request_form``.
VALID = {"noi_dung": "Xin nghỉ để đi khám bệnh", "so_ngay": 2, "tu_ngay": "2026-12-01"}


class ApiClient:
    """A Django test client that sends a Bearer token and JSON bodies."""

    def __init__(self, user):
        self.user = user
        _token, raw = api_token_issue(user=user)
        self.client = Client(enforce_csrf_checks=True)
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path, **extra):
        return self.client.get(path, **self.auth, **extra)

    def _send(self, method, path, body, headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            path, data=data, content_type="application/json", **self.auth, **headers
        )

    def post(self, path, body=None, **headers):
        return self._send("post", path, {} if body is None else body, headers)

    def put(self, path, body=None, **headers):
        return self._send("put", path, {} if body is None else body, headers)

    # The calls of the contract, by name.
    def submit(self, slug="de-nghi", body=None, **headers):
        return self.post(
            f"/api/v1/forms/{slug}/submissions/", VALID if body is None else body, **headers
        )

    def detail(self, pk):
        return self.get(f"/api/v1/submissions/{pk}/")

    def tasks(self):
        return self.get("/api/v1/tasks/").json()

    def task_for(self, submission_id):
        return next(t for t in self.tasks() if t["submission"] == submission_id)

    def decide(self, task_id, decision, comment=""):
        return self.post(
            f"/api/v1/tasks/{task_id}/decision/", {"decision": decision, "comment": comment}
        )


@pytest.fixture
def api_as(org):
    """``api_as(user)``: an API client that authenticates as ``user`` with a Bearer token."""
    return ApiClient


@pytest.fixture
def request_form(org):
    """A generic form open to all staff: an opinion of the unit head, then the overseer's
    decision (for chuyenvien: truongphong, then pgd1)."""
    page = approval_form(title="Giấy đề nghị", slug="de-nghi", policy=two_step_policy())
    # Explicit sort_order (as the admin's InlinePanel sets it): without it the order of the
    # fields is the database's, and PostgreSQL does not keep insertion order.
    fields = [
        ("Nội dung", "multiline", True, ""),
        ("Số ngày", "number", True, ""),
        ("Từ ngày", "date", True, ""),
        ("Loại", "dropdown", False, "Phép năm\nViệc riêng"),
    ]
    for order, (label, field_type, required, choices) in enumerate(fields):
        page.form_fields.add(
            FormField(
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
                sort_order=order,
            )
        )
    page.save_revision().publish()
    return page


@pytest.fixture
def notice_form(org):
    """A form whose only step is a notice to the unit head: submissions are recorded."""
    policy = two_step_policy()
    policy[0]["value"]["steps"] = [dict(policy[0]["value"]["steps"][0], kind="notice")]
    return approval_form(
        title="Báo cáo", slug="bao-cao", policy=policy, fields=[("Nội dung", "multiline", True)]
    )


def today_plus(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
