"""The leave form over API v1: its core fields, ``days`` in the data, its cancellations."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.leave.cancellation import leave_cancel, leave_cancellation_request
from tests.factories import leave_form
from tests.forms.leave.support import grant

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
REQUEST = {
    "leave_type": "annual",
    "start_date": "2026-12-01",
    "start_session": "afternoon",
    "end_date": "2026-12-03",
    "end_session": "afternoon",
    "reason": "Về quê",
}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def page(org):
    return leave_form()


def test_the_leave_form_describes_its_core_fields(api_as, org, page):
    form = api_as(org["chuyenvien"]).get("/api/v1/forms/nghi-phep/").json()
    assert form["kind"] == "leave"
    fields = {f["name"]: f for f in form["fields"]}
    assert list(fields)[:7] == [
        "leave_type",
        "start_date",
        "start_session",
        "end_date",
        "end_session",
        "reason",
        "handover_to",
    ]
    assert fields["start_session"]["choices"] == ["morning", "afternoon"]
    assert "annual" in fields["leave_type"]["choices"]
    assert fields["start_date"]["type"] == "date" and fields["start_date"]["required"]
    assert not fields["handover_to"]["required"]


def test_a_leave_submitted_over_the_api_returns_its_working_days(api_as, org, page):
    response = api_as(org["chuyenvien"]).submit("nghi-phep", REQUEST)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "leave" and body["status"] == "pending"
    assert body["data"]["days"] == 2.5
    assert [s["approver"] for s in body["steps"]] == ["truongphong", "pgd1", "giamdoc"]


def test_sessions_left_out_mean_whole_days(api_as, org, page):
    body = {k: v for k, v in REQUEST.items() if not k.endswith("session")}
    response = api_as(org["chuyenvien"]).submit("nghi-phep", body)
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert (data["start_session"], data["end_session"], data["days"]) == ("morning", "afternoon", 3)


def test_field_errors_come_back_in_vietnamese(api_as, org, page):
    body = {**REQUEST, "end_date": "2026-11-30"}
    response = api_as(org["chuyenvien"]).submit("nghi-phep", body)
    assert response.status_code == 400
    assert response.json()["errors"]["end_date"] == [
        "Thời điểm kết thúc nghỉ không được trước thời điểm bắt đầu."
    ]


def test_an_overlap_is_refused_with_a_message(api_as, org, page):
    client = api_as(org["chuyenvien"])
    assert client.submit("nghi-phep", REQUEST).status_code == 201
    response = client.submit("nghi-phep", {**REQUEST, "leave_type": "unpaid"})
    assert response.status_code == 400
    assert "trùng với thời gian" in response.json()["errors"]["__all__"][0]


def test_a_cancelled_leave_reads_as_withdrawn_in_the_contract(api_as, org, page):
    client = api_as(org["chuyenvien"])
    submission_id = client.submit("nghi-phep", REQUEST).json()["id"]
    from forms.models import Submission

    submission = grant(Submission.objects.get(pk=submission_id))
    leave_cancel(submission=submission, user=org["chuyenvien"])
    assert client.detail(submission_id).json()["status"] == "withdrawn"
    listed = client.get("/api/v1/submissions/?status=withdrawn").json()
    assert [s["id"] for s in listed] == [submission_id]


def test_a_cancellation_request_is_leave_work_for_its_approver(api_as, org, page, time_machine):
    from forms.models import Submission

    client = api_as(org["chuyenvien"])
    submission = Submission.objects.get(pk=client.submit("nghi-phep", REQUEST).json()["id"])
    grant(submission)
    time_machine.move_to(MONDAY + datetime.timedelta(days=9), tick=False)  # Wed 2/12
    request = leave_cancellation_request(
        submission=submission,
        user=org["chuyenvien"],
        return_date=datetime.date(2026, 12, 3),
        reason="Về sớm",
    )
    task = api_as(org["giamdoc"]).task_for(request.pk)
    assert task["kind"] == "leave" and task["step_kind"] == "decision"
    assert client.detail(request.pk).json()["data"]["return_date"] == "2026-12-03"
