"""Actual hours: the participant or the head confirms them; then they count."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from flows.services import task_decide
from forms.models import ApprovalStep, Submission
from forms.overtime.actual import ActualError, actual_confirm
from forms.overtime.desk import ARRIVAL, DEPARTURE, desk_record
from forms.overtime.models import OvertimeEntry
from forms.overtime.services import overtime_check
from forms.services import SubmissionError
from tests.factories import login_with_mfa
from tests.forms.overtime.support import overtime_data, register

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.date(2026, 11, 23)
TUESDAY = datetime.date(2026, 11, 24)  # public holiday
WEDNESDAY = datetime.date(2026, 11, 25)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HCM)


@pytest.fixture
def login(client):
    """Log in with TOTP set up, so the MFA middleware lets heads in."""

    def _login(user):
        return login_with_mfa(client, user)

    return _login


def approve(submission: Submission) -> Submission:
    while True:
        step = submission.steps.filter(
            round=submission.round, state=ApprovalStep.State.ACTIVE
        ).first()
        if step is None:
            submission.refresh_from_db()
            return submission
        submission = task_decide(step=step, user=step.actor, decision="approve")


@pytest.fixture
def evening(org, overtime_page):
    """Chuyên viên (requester) and Phó trưởng phòng tonight 17:00–20:00, approved."""
    submission = approve(
        register(
            overtime_page, org["chuyenvien"], MONDAY, "17:00", "20:00", ["chuyenvien", "phophong"]
        )
    )
    assert submission.status == Submission.Status.APPROVED
    return submission


def entry(submission, user) -> OvertimeEntry:
    return OvertimeEntry.objects.get(submission=submission, user=user)


def confirm_url(row: OvertimeEntry) -> str:
    return reverse("overtime:confirm", args=[row.pk])


def times(row: OvertimeEntry, arrived: str, left: str) -> dict:
    return {f"gio-{row.pk}-arrived": arrived, f"gio-{row.pk}-left": left}


def guard_records(org, time_machine, row, arrival, departure):
    for moment, what in ((arrival, ARRIVAL), (departure, DEPARTURE)):
        time_machine.move_to(moment, tick=False)
        desk_record(entry_id=row.pk, user=org["baove"], what=what)


def test_participant_confirms_prefilled_desk_times_and_they_become_effective(
    org, evening, time_machine, login
):
    mine = entry(evening, org["chuyenvien"])
    guard_records(org, time_machine, mine, at(MONDAY, 17, 5), at(MONDAY, 20, 10))
    time_machine.move_to(at(MONDAY, 20, 30), tick=False)
    client = login(org["chuyenvien"])

    page = client.get(reverse("forms:submission_detail", args=[evening.pk]))
    html = page.content.decode()
    assert "Giờ làm thêm" in html and "Xác nhận giờ thực tế" in html
    assert f'name="gio-{mine.pk}-arrived" value="17:05"' in html
    assert f'name="gio-{mine.pk}-left" value="20:10"' in html

    detail = reverse("forms:submission_detail", args=[evening.pk])
    response = client.post(confirm_url(mine), {**times(mine, "17:05", "20:10"), "next": detail})

    assert response.status_code == 302 and response["Location"] == detail
    mine.refresh_from_db()
    assert mine.actual and mine.confirmed_by == org["chuyenvien"]
    assert mine.confirmed_at == at(MONDAY, 20, 30)
    assert mine.effective_span == (at(MONDAY, 17, 5), at(MONDAY, 20, 10))


def test_head_confirms_a_participants_times(org, evening, time_machine, login):
    deputy = entry(evening, org["phophong"])
    time_machine.move_to(at(MONDAY, 21), tick=False)

    response = login(org["truongphong"]).post(confirm_url(deputy), times(deputy, "17:15", "19:45"))

    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.confirmed_by == org["truongphong"]
    assert deputy.effective_span == (at(MONDAY, 17, 15), at(MONDAY, 19, 45))


def test_the_approver_of_the_decision_step_confirms_a_heads_own_overtime(
    org, overtime_page, time_machine
):
    # The Trưởng phòng's own registration is decided by the Phó Giám đốc in charge.
    own = approve(register(overtime_page, org["truongphong"], MONDAY, "18:00", "20:00"))
    row = entry(own, org["truongphong"])
    time_machine.move_to(at(MONDAY, 20, 5), tick=False)
    actual_confirm(
        entry_id=row.pk, user=org["pgd1"], arrived=datetime.time(18), left=datetime.time(19, 30)
    )
    row.refresh_from_db()
    assert row.confirmed_by == org["pgd1"] and row.actual


def test_others_are_refused_with_404(org, evening, time_machine, login):
    deputy = entry(evening, org["phophong"])
    time_machine.move_to(at(MONDAY, 21), tick=False)
    # A colleague participant, another unit, the guard who recorded, a Văn phòng member.
    for user in (org["chuyenvien"], org["chuyenvien_kh"], org["baove"], org["chanhvp"]):
        client = login(user)
        assert client.post(confirm_url(deputy), times(deputy, "17:00", "20:00")).status_code == 404
        assert client.get(confirm_url(deputy)).status_code == 404
    deputy.refresh_from_db()
    assert deputy.confirmed_at is None


def test_others_see_the_block_without_a_form(org, evening, time_machine, login):
    time_machine.move_to(at(MONDAY, 21), tick=False)
    html = login(org["baove"]).get(reverse("forms:submission_detail", args=[evening.pk]))
    html = html.content.decode()
    assert "Giờ đăng ký" in html
    assert "Xác nhận giờ thực tế" not in html


def test_confirmation_is_refused_before_the_planned_start(org, evening, login):
    mine = entry(evening, org["chuyenvien"])  # now: Monday 09:00, start 17:00
    client = login(org["chuyenvien"])
    page = client.get(reverse("forms:submission_detail", args=[evening.pk])).content.decode()
    assert "Xác nhận được giờ thực tế từ 17:00 23/11/2026" in page

    response = client.post(confirm_url(mine), times(mine, "09:00", "09:00"))

    assert response.status_code == 400
    assert "Chưa đến giờ bắt đầu" in response.content.decode()
    mine.refresh_from_db()
    assert mine.confirmed_at is None and mine.arrived_at is None


def test_a_departure_still_to_come_is_refused(org, evening, time_machine):
    time_machine.move_to(at(MONDAY, 18), tick=False)
    with pytest.raises(ActualError, match="chưa đến"):
        actual_confirm(
            entry_id=entry(evening, org["chuyenvien"]).pk,
            user=org["chuyenvien"],
            arrived=datetime.time(17),
            left=datetime.time(20),
        )


def test_a_pending_registration_cannot_be_confirmed(org, overtime_page, time_machine):
    pending = register(overtime_page, org["truongphong"], MONDAY, "18:00", "20:00")
    time_machine.move_to(at(MONDAY, 21), tick=False)
    with pytest.raises(ActualError, match="đã được duyệt"):
        actual_confirm(
            entry_id=entry(pending, org["truongphong"]).pk,
            user=org["truongphong"],
            arrived=datetime.time(18),
            left=datetime.time(20),
        )


def test_times_crossing_midnight_end_the_next_day(org, overtime_page, time_machine, login):
    night = approve(register(overtime_page, org["chuyenvien"], MONDAY, "21:00", "01:00"))
    row = entry(night, org["chuyenvien"])
    time_machine.move_to(at(TUESDAY, 1, 30), tick=False)

    login(org["chuyenvien"]).post(confirm_url(row), times(row, "21:10", "00:40"))

    row.refresh_from_db()
    assert row.effective_span == (at(MONDAY, 21, 10), at(TUESDAY, 0, 40))


def test_a_late_arrival_after_midnight_stays_on_the_right_night(org, overtime_page, time_machine):
    night = approve(register(overtime_page, org["chuyenvien"], MONDAY, "23:00", "02:00"))
    row = entry(night, org["chuyenvien"])
    time_machine.move_to(at(TUESDAY, 3), tick=False)
    actual_confirm(
        entry_id=row.pk, user=org["chuyenvien"], arrived=datetime.time(0, 15), left=datetime.time(2)
    )
    row.refresh_from_db()
    assert row.effective_span == (at(TUESDAY, 0, 15), at(TUESDAY, 2))


def test_badly_typed_times_show_the_form_again(org, evening, time_machine, login):
    mine = entry(evening, org["chuyenvien"])
    time_machine.move_to(at(MONDAY, 21), tick=False)
    response = login(org["chuyenvien"]).post(confirm_url(mine), times(mine, "5 giờ", ""))
    assert response.status_code == 400
    assert "Chưa gửi được" in response.content.decode()


def test_participant_cannot_overwrite_the_heads_confirmation(org, evening, time_machine, login):
    mine = entry(evening, org["chuyenvien"])
    time_machine.move_to(at(MONDAY, 21), tick=False)
    actual_confirm(
        entry_id=mine.pk, user=org["truongphong"], arrived=datetime.time(17), left=datetime.time(19)
    )
    with pytest.raises(ActualError, match="Trưởng đơn vị đã xác nhận"):
        actual_confirm(
            entry_id=mine.pk,
            user=org["chuyenvien"],
            arrived=datetime.time(17),
            left=datetime.time(20),
        )
    page = login(org["chuyenvien"]).get(reverse("forms:submission_detail", args=[evening.pk]))
    assert "Trưởng đơn vị đã xác nhận" in page.content.decode()
    assert f'name="gio-{mine.pk}-arrived"' not in page.content.decode()
    # The head may correct his own confirmation.
    actual_confirm(
        entry_id=mine.pk, user=org["truongphong"], arrived=datetime.time(17), left=datetime.time(20)
    )
    mine.refresh_from_db()
    assert mine.effective_span == (at(MONDAY, 17), at(MONDAY, 20))


def test_participant_who_did_not_file_confirms_and_returns_to_the_registration(
    org, evening, time_machine, login
):
    deputy = entry(evening, org["phophong"])
    time_machine.move_to(at(MONDAY, 20, 30), tick=False)
    client = login(org["phophong"])
    page = client.get(confirm_url(deputy))
    assert page.status_code == 200
    assert "Xác nhận giờ làm thêm thực tế" in page.content.decode()

    response = client.post(confirm_url(deputy), times(deputy, "17:00", "20:00"))

    # He may read the registration he takes part in: he is taken back to it.
    detail = reverse("forms:submission_detail", args=[deputy.submission_id])
    assert response.status_code == 302 and response["Location"].startswith(detail)
    deputy.refresh_from_db()
    assert deputy.confirmed_by == org["phophong"]


def test_confirmed_hours_count_against_the_caps(org, overtime_page, evening, time_machine):
    # Wednesday is a working day: 12 h minus 8 h of office hours leaves 4 h of overtime.
    wednesday = approve(register(overtime_page, org["chuyenvien"], WEDNESDAY, "17:00", "19:00"))
    row = entry(wednesday, org["chuyenvien"])
    time_machine.move_to(at(WEDNESDAY, 21), tick=False)
    actual_confirm(
        entry_id=row.pk,
        user=org["chuyenvien"],
        arrived=datetime.time(16, 30),
        left=datetime.time(20),
    )
    data = overtime_data(WEDNESDAY, "20:00", "21:00", ["chuyenvien"])
    data.update(participants=["chuyenvien"], start_time="20:00", end_time="21:00")
    with pytest.raises(SubmissionError, match="3,5"):
        overtime_check(data=data, requester=org["chuyenvien"])


def test_a_participant_who_did_not_file_sees_the_registration(org, overtime_page, client):
    from forms.selectors import submission_visible_to

    submission = register(
        overtime_page,
        org["chuyenvien"],
        datetime.date(2026, 11, 25),
        "17:00",
        "19:00",
        ["chuyenvien", "phophong"],
    )
    assert submission_visible_to(user=org["phophong"], submission=submission)
    assert not submission_visible_to(user=org["chuyenvien_kh"], submission=submission)
