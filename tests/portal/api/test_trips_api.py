"""Trips over API v1: the core fields, and ``report_due`` / ``report`` at the top level of a
trip submission (issue [6/12])."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.models import Submission
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import add_to_role, trip_form, trip_report_form
from tests.forms.leave.support import grant

from .conftest import SUBMISSION_EXTRAS, SUBMISSION_KEYS

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SATURDAY = MONDAY + datetime.timedelta(days=5)
# Thursday 26 – Friday 27/11/2026, out of the province, with a colleague and the office car.
TRIP = {
    "destination": "Hà Nội",
    "scope": "out_of_province",
    "start_date": "2026-11-26",
    "end_date": "2026-11-27",
    "purpose": "Dự hội nghị tổng kết ngành Công Thương",
    "participants": ["phophong"],
    "vehicle": True,
    "private": False,
}
# Friday 27/11 + 2 working days, over the weekend.
REPORT_DUE = "2026-12-01"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def pages(org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    return trip_form(), trip_report_form()


def approve_over_the_api(api_as, org, submission_id):
    """Every step of the chain approved by its approver, through POST /tasks/{id}/decision/."""
    for username in ("truongphong", "pgd1"):
        client = api_as(org[username])
        response = client.decide(client.task_for(submission_id)["id"], "approve")
        assert response.status_code == 200, response.content
    return response.json()


def test_the_trip_form_describes_its_core_fields(api_as, org, pages):
    form = api_as(org["chuyenvien"]).get("/api/v1/forms/di-cong-tac/").json()
    assert form["kind"] == "trip"
    fields = {f["name"]: f for f in form["fields"]}
    assert list(fields)[:9] == [
        "destination",
        "scope",
        "start_date",
        "end_date",
        "purpose",
        "participants",
        "vehicle",
        "private",
        "handover_to",
    ]
    assert fields["scope"]["choices"] == ["in_province", "out_of_province", "abroad"]
    assert fields["start_date"]["required"] and not fields["vehicle"]["required"]


def test_a_trip_submitted_over_the_api_has_no_report_deadline_yet(api_as, org, pages):
    response = api_as(org["chuyenvien"]).submit("di-cong-tac", TRIP)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == SUBMISSION_KEYS | SUBMISSION_EXTRAS
    assert (body["kind"], body["status"]) == ("trip", "pending")
    assert (body["report_due"], body["report"]) == (None, None)
    data = body["data"]
    assert (data["scope"], data["days"], data["participants"]) == (
        "out_of_province",
        2,
        ["phophong"],
    )
    assert (data["vehicle"], data["private"]) == (True, False)
    # Staff out of the province: the Trưởng phòng's opinion, the Lãnh đạo Sở phụ trách decides.
    assert [(s["kind"], s["approver"]) for s in body["steps"]] == [
        ("opinion", "truongphong"),
        ("decision", "pgd1"),
    ]


def test_approval_sets_report_due_as_an_iso_date(api_as, org, pages):
    client = api_as(org["chuyenvien"])
    submission_id = client.submit("di-cong-tac", TRIP).json()["id"]

    decided = approve_over_the_api(api_as, org, submission_id)

    assert decided["status"] == "approved"
    assert (decided["report_due"], decided["report"]) == (REPORT_DUE, None)
    body = client.detail(submission_id).json()
    assert (body["report_due"], body["report"]) == (REPORT_DUE, None)
    # The office car was asked for: Văn phòng hears of it once the trip is approved.
    assert Notification.objects.filter(
        user=org["chanhvp"], title__startswith="Cần bố trí xe"
    ).exists()


def test_a_report_shows_its_id_on_the_trip_until_withdrawn(api_as, org, pages, time_machine):
    client = api_as(org["chuyenvien"])
    trip_id = client.submit("di-cong-tac", {**TRIP, "vehicle": False}).json()["id"]
    grant(Submission.objects.get(pk=trip_id))
    time_machine.move_to(SATURDAY, tick=False)

    response = client.submit(
        "bao-cao-cong-tac", {"trip": trip_id, "results": "Đã dự hội nghị, tiếp thu chỉ đạo."}
    )

    assert response.status_code == 201, response.content
    report = response.json()
    assert report["kind"] == "trip_report" and report["data"]["trip"] == trip_id
    # A report is not a trip: both fields are null on it.
    assert (report["report_due"], report["report"]) == (None, None)
    assert client.detail(trip_id).json()["report"] == report["id"]
    assert client.detail(trip_id).json()["report_due"] == REPORT_DUE

    assert client.post(f"/api/v1/submissions/{report['id']}/withdraw/").status_code == 200
    assert client.detail(trip_id).json()["report"] is None


def test_a_second_report_for_the_same_trip_is_refused(api_as, org, pages, time_machine):
    client = api_as(org["chuyenvien"])
    trip_id = client.submit("di-cong-tac", TRIP).json()["id"]
    grant(Submission.objects.get(pk=trip_id))
    time_machine.move_to(SATURDAY, tick=False)
    first = client.submit("bao-cao-cong-tac", {"trip": trip_id, "results": "Lần một"})
    assert first.status_code == 201

    response = client.submit("bao-cao-cong-tac", {"trip": trip_id, "results": "Lần hai"})

    assert response.status_code == 400
    assert "trip" in response.json()["errors"]


def test_other_kinds_carry_both_fields_as_null(api_as, org, pages, request_form):
    body = api_as(org["chuyenvien"]).submit().json()
    assert body["kind"] == "generic"
    assert (body["report_due"], body["report"]) == (None, None)


def test_trip_errors_come_back_in_vietnamese(api_as, org, pages):
    client = api_as(org["chuyenvien"])

    response = client.submit("di-cong-tac", {**TRIP, "end_date": "2026-11-25"})

    assert response.status_code == 400
    assert response.json()["errors"]["end_date"] == ["Ngày về không được trước ngày đi."]
    private = client.submit("di-cong-tac", {**TRIP, "private": True})
    assert private.json()["errors"]["private"] == [
        "Chỉ chọn “việc riêng” cho chuyến đi nước ngoài."
    ]


def test_the_openapi_document_describes_both_fields(api_as, org, pages):
    schema = api_as(org["chuyenvien"]).get("/api/v1/openapi.json").json()
    out = schema["components"]["schemas"]["SubmissionOut"]
    assert {"report_due", "report"} <= set(out["required"])
    assert "YYYY-MM-DD" in out["properties"]["report_due"]["description"]
    assert out["properties"]["report"]["description"]
