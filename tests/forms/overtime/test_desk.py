"""The security desk: who opens it, what it lists, recording arrivals and departures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from flows.services import task_decide
from forms.models import ApprovalStep, Submission
from forms.overtime.desk import ARRIVAL, DEPARTURE, DeskError, desk_record
from forms.overtime.models import OvertimeEntry
from portal.org import roles
from tests.factories import UserFactory, add_to_role, login_with_mfa
from tests.forms.overtime.support import register

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DESK = reverse("overtime:desk")
SUNDAY = datetime.date(2026, 11, 22)
MONDAY = datetime.date(2026, 11, 23)
TUESDAY = datetime.date(2026, 11, 24)  # Ngày Văn hóa Việt Nam, a public holiday


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HCM)


@pytest.fixture
def login(client):
    """Log in with TOTP set up, so the MFA middleware lets heads and Văn phòng in."""

    def _login(user):
        return login_with_mfa(client, user)

    return _login


def decide(submission: Submission, decision: str = "approve") -> Submission:
    """Every active step of the round decided by whoever it falls to."""
    while True:
        step = submission.steps.filter(
            round=submission.round, state=ApprovalStep.State.ACTIVE
        ).first()
        if step is None:
            submission.refresh_from_db()
            return submission
        submission = task_decide(step=step, user=step.actor, decision=decision, comment="Không")


def entry_of(submission: Submission, user) -> OvertimeEntry:
    return OvertimeEntry.objects.get(submission=submission, user=user)


def listed(response) -> list[tuple[str, str]]:
    return [(row.entry.user.username, row.planned) for row in response.context["rows"]]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def evening(org, overtime_page):
    """Chuyên viên tonight 17:00–20:00, approved by the Trưởng phòng."""
    submission = decide(register(overtime_page, org["chuyenvien"], MONDAY, "17:00", "20:00"))
    assert submission.status == Submission.Status.APPROVED
    return entry_of(submission, org["chuyenvien"])


# --- Who opens the desk ----------------------------------------------------------------------


def test_only_bao_ve_van_phong_and_superusers_see_the_desk(org, overtime_page, login):
    for user in (org["baove"], org["chanhvp"], UserFactory(username="admin", is_superuser=True)):
        response = login(user).get(DESK)
        assert response.status_code == 200, user.username
        assert "Làm ngoài giờ hôm nay và đêm nay" in response.content.decode()


def test_chuyen_vien_gets_a_friendly_403(org, overtime_page, login):
    response = login(org["chuyenvien"]).get(DESK)
    assert response.status_code == 403
    assert "Trang này dành cho bảo vệ và Văn phòng" in response.content.decode()


def test_a_unit_head_outside_the_groups_gets_403(org, overtime_page, login):
    assert login(org["truongphong"]).get(DESK).status_code == 403


def test_anonymous_visitor_is_sent_to_login(overtime_page, client):
    response = client.get(DESK)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_chuyen_vien_cannot_record_a_time(org, evening, login):
    response = login(org["chuyenvien"]).post(reverse("overtime:desk_arrival", args=[evening.pk]))
    assert response.status_code == 403
    evening.refresh_from_db()
    assert evening.arrived_at is None


# --- What the desk lists ---------------------------------------------------------------------


def test_desk_lists_tonights_approved_entries_including_one_crossing_midnight(
    org, overtime_page, evening, login
):
    night = decide(
        register(overtime_page, org["chuyenvien"], MONDAY, "21:00", "01:00", ["phophong"])
    )
    assert night.status == Submission.Status.APPROVED

    response = login(org["baove"]).get(DESK)

    assert listed(response) == [("chuyenvien", "17:00–20:00"), ("phophong", "21:00–01:00 24/11")]
    html = response.content.decode()
    assert "Phòng 302" in html and "Phòng Quản lý công nghiệp" in html
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    # Buttons name the person for screen readers.
    assert 'Ghi giờ đến<span class="visually-hidden"> của ' in html


def test_desk_leaves_out_pending_rejected_and_tomorrows_daytime(org, overtime_page, login):
    # The Trưởng phòng's own registration waits for the Phó Giám đốc: pending.
    register(overtime_page, org["truongphong"], MONDAY, "18:00", "19:00")
    rejected = decide(
        register(overtime_page, org["chuyenvien"], MONDAY, "18:00", "19:00"), decision="reject"
    )
    assert rejected.status == Submission.Status.REJECTED
    decide(register(overtime_page, org["chuyenvien"], TUESDAY, "08:00", "11:00", ["phophong"]))
    early = decide(register(overtime_page, org["chuyenvien"], TUESDAY, "05:00", "07:00"))
    assert early.status == Submission.Status.APPROVED

    response = login(org["chanhvp"]).get(DESK)

    # Only the early start tomorrow touches the night (it ends at 06:00).
    assert listed(response) == [("chuyenvien", "05:00 24/11–07:00 24/11")]


def test_desk_keeps_yesterdays_work_whose_departure_is_missing(
    org, overtime_page, time_machine, login
):
    time_machine.move_to(at(SUNDAY, 8), tick=False)
    still_there = decide(register(overtime_page, org["chuyenvien"], SUNDAY, "18:00", "22:00"))
    gone = decide(
        register(overtime_page, org["chuyenvien"], SUNDAY, "13:00", "16:00", ["phophong"])
    )
    guard, left_early = org["baove"], entry_of(gone, org["phophong"]).pk
    for moment, entry_id, what in (
        (at(SUNDAY, 13, 2), left_early, ARRIVAL),
        (at(SUNDAY, 16, 1), left_early, DEPARTURE),
        (at(SUNDAY, 18, 5), entry_of(still_there, org["chuyenvien"]).pk, ARRIVAL),
    ):
        time_machine.move_to(moment, tick=False)
        desk_record(entry_id=entry_id, user=guard, what=what)
    time_machine.move_to(at(MONDAY, 9), tick=False)

    response = login(org["baove"]).get(DESK)

    assert listed(response) == [("chuyenvien", "18:00 22/11–22:00 22/11")]
    assert "(từ hôm qua)" in response.content.decode()


def test_desk_without_entries_says_so_and_refreshes_itself(org, overtime_page, login):
    html = login(org["baove"]).get(DESK).content.decode()
    assert "không có ai đăng ký làm ngoài giờ" in html
    assert 'data-refresh="60"' in html
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in html
    assert "In danh sách" in html


# --- Recording arrival and departure ---------------------------------------------------------


def test_guard_records_arrival_once_a_second_click_does_not_overwrite(
    org, evening, time_machine, login
):
    # Log in after moving the clock: sessions last 8 hours.
    time_machine.move_to(at(MONDAY, 17, 5), tick=False)
    client = login(org["baove"])
    url = reverse("overtime:desk_arrival", args=[evening.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{DESK}#gio-{evening.pk}"
    assert any(m.startswith("Đã ghi giờ đến của") and "17:05" in m for m in messages_of(response))

    time_machine.move_to(at(MONDAY, 17, 20), tick=False)
    response = client.post(url)

    evening.refresh_from_db()
    assert evening.arrived_at == at(MONDAY, 17, 5)
    assert evening.recorded_by == org["baove"]
    assert any("đã được ghi lúc 17:05" in m for m in messages_of(response))


def test_guard_records_departure_and_the_desk_shows_both_times(org, evening, time_machine, login):
    time_machine.move_to(at(MONDAY, 17, 5), tick=False)
    client = login(org["baove"])
    client.post(reverse("overtime:desk_arrival", args=[evening.pk]))
    time_machine.move_to(at(MONDAY, 20, 10), tick=False)
    client.post(reverse("overtime:desk_departure", args=[evening.pk]))
    response = client.post(reverse("overtime:desk_departure", args=[evening.pk]))
    assert any("Giờ về của" in m and "20:10" in m for m in messages_of(response))

    evening.refresh_from_db()
    assert (evening.arrived_at, evening.left_at) == (at(MONDAY, 17, 5), at(MONDAY, 20, 10))
    row = client.get(DESK).context["rows"][0]
    assert (row.arrived, row.left, row.state) == ("17:05", "20:10", "left")
    # Recording is not confirming: the planned time still counts.
    assert evening.effective_span == (at(MONDAY, 17), at(MONDAY, 20))


def test_guard_recording_late_types_the_time(org, evening, time_machine, login):
    time_machine.move_to(at(MONDAY, 17, 30), tick=False)
    client = login(org["baove"])
    client.post(reverse("overtime:desk_arrival", args=[evening.pk]), {"time": "17:02"})
    evening.refresh_from_db()
    assert evening.arrived_at == at(MONDAY, 17, 2)


def test_departure_before_arrival_is_refused(org, evening, time_machine, login):
    time_machine.move_to(at(MONDAY, 17, 30), tick=False)
    client = login(org["baove"])
    client.post(reverse("overtime:desk_arrival", args=[evening.pk]))
    response = client.post(reverse("overtime:desk_departure", args=[evening.pk]), {"time": "17:10"})
    evening.refresh_from_db()
    assert evening.left_at is None
    assert any("phải sau giờ đến (17:30)" in m for m in messages_of(response))
    assert response["Location"] == DESK  # the top of the page, where the message is


def test_departure_without_an_arrival_is_refused(org, evening, time_machine):
    time_machine.move_to(at(MONDAY, 20), tick=False)
    with pytest.raises(DeskError, match="hãy ghi giờ đến trước"):
        desk_record(entry_id=evening.pk, user=org["baove"], what=DEPARTURE)


def test_an_arrival_long_before_the_start_is_refused(org, evening, time_machine):
    # Monday 09:00 for 17:00: a tap on the wrong row, not an arrival.
    with pytest.raises(DeskError, match="Chưa đến giờ làm thêm"):
        desk_record(entry_id=evening.pk, user=org["baove"], what=ARRIVAL)
    time_machine.move_to(at(MONDAY, 15, 30), tick=False)
    desk_record(entry_id=evening.pk, user=org["baove"], what=ARRIVAL)
    evening.refresh_from_db()
    assert evening.arrived_at == at(MONDAY, 15, 30)


def test_a_pending_registration_cannot_be_recorded(org, overtime_page, login):
    pending = register(overtime_page, org["truongphong"], MONDAY, "18:00", "19:00")
    entry = entry_of(pending, org["truongphong"])
    response = login(org["baove"]).post(reverse("overtime:desk_arrival", args=[entry.pk]))
    assert response.status_code == 404


def test_recording_needs_a_post(org, evening, login):
    response = login(org["baove"]).get(reverse("overtime:desk_arrival", args=[evening.pk]))
    assert response.status_code == 405


def test_office_member_may_record_too(org, evening, time_machine, login):
    time_machine.move_to(at(MONDAY, 17), tick=False)
    login(org["chanhvp"]).post(reverse("overtime:desk_arrival", args=[evening.pk]))
    evening.refresh_from_db()
    assert evening.recorded_by == org["chanhvp"]


def test_recording_a_time_needs_a_role_even_for_the_participant(org, evening, login):
    assert (
        login(org["chuyenvien"])
        .post(reverse("overtime:desk_departure", args=[evening.pk]))
        .status_code
        == 403
    )


def test_superuser_role_check_uses_groups_not_staff(org, overtime_page, login):
    staff = UserFactory(username="staff", is_staff=True)
    assert login(staff).get(DESK).status_code == 403
    add_to_role(staff, roles.SECURITY)
    assert login(staff).get(DESK).status_code == 200
