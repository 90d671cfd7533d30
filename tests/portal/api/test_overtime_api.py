"""Overtime registration over API v1: participants as a list, ``hours`` per participant."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.org import roles
from tests.factories import add_to_role, overtime_form

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BODY = {
    "date": "2026-11-25",
    "start_time": "17:00",
    "end_time": "19:30",
    "participants": ["chuyenvien", "phophong"],
    "location": "Phòng 302",
    "tasks": "Hoàn thiện báo cáo",
}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def page(org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    add_to_role(org["chuyenvien_kh"], roles.SECURITY)
    return overtime_form()


def test_a_registration_returns_the_hours_of_each_participant(api_as, org, page):
    response = api_as(org["chuyenvien"]).submit("lam-ngoai-gio", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "overtime"
    assert body["data"]["hours"] == {"chuyenvien": 2.5, "phophong": 2.5}
    assert (body["data"]["start_time"], body["data"]["end_time"]) == ("17:00", "19:30")
    assert [s["kind"] for s in body["steps"]] == ["decision", "notice", "notice"]


def test_office_hours_are_refused_in_vietnamese(api_as, org, page):
    response = api_as(org["chuyenvien"]).submit("lam-ngoai-gio", {**BODY, "start_time": "16:00"})
    assert response.status_code == 400
    assert response.json()["errors"]["start_time"][0].startswith(
        "Ngày 25/11/2026 là ngày làm việc, giờ hành chính 07:30–12:00"
    )


def test_a_cap_is_refused_with_the_participant_named(api_as, org, page):
    body = {**BODY, "end_time": "21:30", "participants": ["chuyenvien"]}  # 4.5 h > 4 h
    response = api_as(org["chuyenvien"]).submit("lam-ngoai-gio", body)
    assert response.status_code == 400
    message = response.json()["errors"]["__all__"][0]
    assert message.startswith(org["chuyenvien"].get_full_name() + ": ngày 25/11/2026")
