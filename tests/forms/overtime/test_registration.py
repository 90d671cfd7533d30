"""Overtime is registered outside office hours, in advance, within the caps of the law."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from forms.overtime.models import OvertimeEntry, OvertimeSettings
from forms.services import SubmissionError
from tests.forms.overtime.support import form_for, overtime_data, register

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
WEDNESDAY = datetime.date(2026, 11, 25)  # winter: 07:30–12:00, 13:00–16:30
FRIDAY = datetime.date(2026, 11, 27)
SATURDAY = datetime.date(2026, 11, 28)


def errors(page, user, *args, **kwargs):
    form = form_for(page, user, overtime_data(*args, **kwargs))
    assert not form.is_valid()
    return form.errors


def settings(**values):
    s = OvertimeSettings.load()
    for name, value in values.items():
        setattr(s, name, value)
    s.save()


def test_office_hours_in_winter_are_refused_naming_them(org, overtime_page):
    found = errors(overtime_page, org["chuyenvien"], WEDNESDAY, "16:00", "18:00")
    assert found["start_time"] == [
        "Ngày 25/11/2026 là ngày làm việc, giờ hành chính 07:30–12:00 và 13:00–16:30 "
        "(Mùa đông): chỉ đăng ký làm ngoài giờ ngoài các khoảng này."
    ]


def test_right_after_winter_office_hours_is_accepted(org, overtime_page):
    submission = register(overtime_page, org["chuyenvien"], WEDNESDAY, "16:30", "18:00")
    assert submission.data["hours"] == {"chuyenvien": 1.5}
    assert (submission.data["start_time"], submission.data["end_time"]) == ("16:30", "18:00")


def test_office_hours_in_summer_are_those_of_summer(org, overtime_page, time_machine):
    time_machine.move_to(datetime.datetime(2027, 5, 3, 9, 0, tzinfo=HCM), tick=False)
    day = datetime.date(2027, 5, 5)  # a Wednesday: 07:00–11:30, 13:30–17:00
    found = errors(overtime_page, org["chuyenvien"], day, "16:30", "18:00")
    assert "07:00–11:30 và 13:30–17:00 (Mùa hè)" in found["start_time"][0]
    assert register(overtime_page, org["chuyenvien"], day, "17:00", "19:00").status == "pending"
    # The winter evening hour 16:30–17:00 is office time in summer; the early morning is not.
    assert register(overtime_page, org["chuyenvien"], day, "06:00", "07:00").status == "pending"


def test_any_time_of_a_day_off_or_a_holiday(org, overtime_page):
    assert register(overtime_page, org["chuyenvien"], SATURDAY, "08:00", "11:00").status
    holiday = datetime.date(2026, 11, 24)  # Ngày Văn hóa Việt Nam
    assert register(overtime_page, org["phophong"], holiday, "09:00", "11:00").status


def test_a_registration_crossing_midnight_ends_the_next_day(org, overtime_page):
    submission = register(overtime_page, org["chuyenvien"], FRIDAY, "22:00", "01:00")
    entry = OvertimeEntry.objects.get(submission=submission)
    assert entry.start == datetime.datetime(2026, 11, 27, 22, 0, tzinfo=HCM)
    assert entry.end == datetime.datetime(2026, 11, 28, 1, 0, tzinfo=HCM)
    assert submission.data["hours"] == {"chuyenvien": 3}


def test_crossing_midnight_into_a_working_morning_stops_at_office_hours(org, overtime_page):
    sunday = datetime.date(2026, 11, 29)
    found = errors(overtime_page, org["chuyenvien"], sunday, "22:00", "08:00")
    assert found["start_time"][0].startswith("Ngày 30/11/2026 là ngày làm việc")
    assert register(overtime_page, org["chuyenvien"], sunday, "22:00", "03:00").status


def test_the_same_start_and_end_is_refused(org, overtime_page):
    assert "end_time" in errors(overtime_page, org["chuyenvien"], SATURDAY, "08:00", "08:00")


def test_several_participants_each_get_their_hours(org, overtime_page):
    submission = register(
        overtime_page, org["chuyenvien"], WEDNESDAY, "17:00", "19:30", ["chuyenvien", "phophong"]
    )
    assert submission.data["hours"] == {"chuyenvien": 2.5, "phophong": 2.5}
    rows = OvertimeEntry.objects.filter(submission=submission).order_by("user__username")
    assert [r.user.username for r in rows] == ["chuyenvien", "phophong"]
    assert {r.location for r in rows} == {"Phòng 302"}


def test_without_participants_the_requester_works(org, overtime_page):
    submission = register(overtime_page, org["chuyenvien"], WEDNESDAY, "17:00", "18:00")
    assert submission.data["participants"] == ["chuyenvien"]


def test_participants_come_from_the_requesters_unit(org, overtime_page):
    found = errors(overtime_page, org["chuyenvien"], WEDNESDAY, "17:00", "18:00", ["chuyenvien_kh"])
    assert "participants" in found


def test_a_past_time_is_refused_unless_late_registration_is_allowed(org, overtime_page):
    sunday = datetime.date(2026, 11, 22)
    found = errors(overtime_page, org["chuyenvien"], sunday, "08:00", "10:00")
    assert found["start_time"] == ["Phải đăng ký trước khi làm; thời gian này đã qua."]
    settings(allow_late=True)
    found = errors(overtime_page, org["chuyenvien"], sunday, "08:00", "10:00")
    assert "late_reason" in found
    submission = register(
        overtime_page, org["chuyenvien"], sunday, "08:00", "10:00", late_reason="Sự cố mạng"
    )
    assert submission.data["late_reason"] == "Sự cố mạng"


# --- the caps, at the boundary and one minute over -----------------------------------------


def test_a_working_day_allows_four_hours_beside_eight_office_hours(org, overtime_page):
    user = org["chuyenvien"]
    # Winter office hours make 8 h (07:30–12:00 is 4.5 h, 13:00–16:30 is 3.5 h).
    with pytest.raises(SubmissionError) as refused:
        register(overtime_page, user, WEDNESDAY, "16:30", "20:31")
    assert str(refused.value).endswith(
        "ngày 25/11/2026 chỉ được làm thêm tối đa 4 giờ; đã đăng ký 0 giờ, đơn này thêm 4,02 giờ."
    )
    register(overtime_page, user, WEDNESDAY, "16:30", "20:30")


def test_the_day_cap_counts_the_other_registrations_of_the_day(org, overtime_page):
    user = org["chuyenvien"]
    register(overtime_page, user, WEDNESDAY, "05:00", "07:30")  # 2.5 h in the morning
    with pytest.raises(SubmissionError, match="đã đăng ký 2,5 giờ, đơn này thêm 1,52 giờ"):
        register(overtime_page, user, WEDNESDAY, "16:30", "18:01")
    register(overtime_page, user, WEDNESDAY, "16:30", "18:00")


def test_a_day_off_allows_twelve_hours(org, overtime_page):
    user = org["chuyenvien"]
    with pytest.raises(SubmissionError, match="tối đa 12 giờ"):
        register(overtime_page, user, SATURDAY, "07:00", "19:01")
    register(overtime_page, user, SATURDAY, "07:00", "19:00")


def test_the_month_cap_is_forty_hours(org, overtime_page):
    user = org["chuyenvien"]
    for day in (5, 12, 19, 26):  # the Saturdays of December 2026, 10 h each
        register(overtime_page, user, datetime.date(2026, 12, day), "07:00", "17:00")
    with pytest.raises(SubmissionError) as refused:
        register(overtime_page, user, datetime.date(2026, 12, 27), "07:00", "07:01")
    name = user.get_full_name()
    assert str(refused.value) == (
        f"{name}: tháng 12/2026 chỉ được làm thêm tối đa 40 giờ; đã đăng ký 40 giờ, "
        "đơn này thêm 0,02 giờ."
    )


def test_the_month_cap_names_the_participant_who_would_pass_it(org, overtime_page):
    for day in (5, 12, 19, 26):
        register(overtime_page, org["phophong"], datetime.date(2026, 12, day), "07:00", "17:00")
    with pytest.raises(SubmissionError) as refused:
        register(
            overtime_page,
            org["chuyenvien"],
            datetime.date(2026, 12, 27),
            "07:00",
            "08:00",
            ["chuyenvien", "phophong"],
        )
    assert str(refused.value).startswith(org["phophong"].get_full_name() + ": tháng 12/2026")


def test_the_year_cap_counts_the_whole_year(org, overtime_page):
    settings(max_year=Decimal(20))
    user = org["chuyenvien"]
    register(overtime_page, user, SATURDAY, "07:00", "17:00")  # November
    register(overtime_page, user, datetime.date(2026, 12, 5), "07:00", "17:00")  # December
    with pytest.raises(SubmissionError, match="năm 2026 chỉ được làm thêm tối đa 20 giờ"):
        register(overtime_page, user, datetime.date(2026, 12, 6), "07:00", "07:01")
    # The next year starts again from nothing.
    assert register(overtime_page, user, datetime.date(2027, 1, 2), "07:00", "17:00").status


def test_rejected_and_withdrawn_registrations_do_not_count(org, overtime_page):
    from forms.services import submission_withdraw

    user = org["chuyenvien"]
    first = register(overtime_page, user, SATURDAY, "07:00", "19:00")
    submission_withdraw(submission=first, user=user)
    assert register(overtime_page, user, SATURDAY, "07:00", "19:00").status == "pending"


def test_caps_are_settings(org, overtime_page):
    settings(max_working_day_total=Decimal(13))
    register(overtime_page, org["chuyenvien"], WEDNESDAY, "16:30", "21:30")  # 5 h


def test_the_page_is_served_and_a_registration_posted_from_it(org, overtime_page, client):
    client.force_login(org["chuyenvien"])
    page = client.get("/lam-ngoai-gio/")
    assert page.status_code == 200
    assert 'name="participants"' in page.content.decode()
    response = client.post(
        "/lam-ngoai-gio/",
        {**overtime_data(WEDNESDAY, "17:00", "18:30"), "submission_token": "t-1"},
    )
    assert response.status_code == 302
    assert OvertimeEntry.objects.get(user=org["chuyenvien"]).submission.data["hours"] == {
        "chuyenvien": 1.5
    }


def test_the_submission_page_names_the_participants(org, overtime_page):
    from forms.selectors import submission_fields

    submission = register(
        overtime_page, org["chuyenvien"], WEDNESDAY, "17:00", "18:00", ["chuyenvien", "phophong"]
    )
    row = next(r for r in submission_fields(submission=submission) if r["name"] == "participants")
    assert row["value"] == ", ".join(
        [org["chuyenvien"].get_full_name(), org["phophong"].get_full_name()]
    )
