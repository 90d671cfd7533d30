"""The post-trip report deadline: its date, the timer's reminders, and Việc cần xử lý.

A chuyên viên of the Phòng Quản lý công nghiệp (head: truongphong) goes on trips out of the
province (demo policy: truongphong's opinion, pgd1 decides); chanhvp is in Văn phòng. The
report is due 2 working days after the trip ends. November/December 2026: Tuesday 24/11 is
Ngày Văn hóa Việt Nam (a day off from 2026). Tết Đinh Mùi: Thursday 04/02 to Wednesday
10/02/2027 are days off. The clock starts on Monday 23/11/2026 at 09:00 (conftest).
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from forms.services import submission_withdraw
from forms.trips.models import Trip, TripSettings
from forms.trips.reminders import trip_report_reminders_send
from portal.context_processors import _counts
from portal.notifications.models import Notification
from tests.forms.leave.support import grant
from tests.forms.pages_support import login, text

from .support import report, request_trip

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DUE_TITLE = "Hôm nay là hạn nộp báo cáo kết quả công tác"
OVERDUE_TITLE = "Quá hạn nộp báo cáo kết quả công tác"


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HCM)


def d(day: int, month: int = 11, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def granted_trip(page, user, start, end=None, **kwargs) -> Trip:
    submission = grant(request_trip(page, user, start, end, **kwargs))
    assert submission.status == "approved"
    return Trip.objects.get(submission=submission)


@pytest.fixture
def run(django_capture_on_commit_callbacks, time_machine):
    """run_timers as cron runs it, at a given moment; its e-mails go out after commit."""

    def run_timers(moment: datetime.datetime) -> str:
        time_machine.move_to(moment, tick=False)
        out = StringIO()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_timers", stdout=out)
        return out.getvalue()

    return run_timers


def due_reminders(user=None):
    qs = Notification.objects.filter(title__startswith=DUE_TITLE)
    return qs.filter(user=user) if user else qs


def overdue_notices():
    return Notification.objects.filter(title__startswith=OVERDUE_TITLE)


# --- the due date, on the working-day calendar ---------------------------------------------


def test_the_deadline_is_set_only_once_the_trip_is_approved(org, trip_page):
    submission = request_trip(trip_page, org["chuyenvien"], d(27))

    assert Trip.objects.get(submission=submission).report_due is None
    grant(submission)
    assert Trip.objects.get(submission=submission).report_due == d(1, 12)


def test_a_trip_ending_on_friday_is_due_on_tuesday_after_the_weekend(org, trip_page):
    trip = granted_trip(trip_page, org["chuyenvien"], d(26), d(27))

    assert trip.report_due == d(1, 12)  # Monday 30/11 and Tuesday 01/12


def test_the_culture_day_holiday_is_not_counted(org, trip_page):
    # Back on Monday 23/11; Tuesday 24/11 is Ngày Văn hóa Việt Nam.
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))

    assert trip.report_due == d(26)  # Wednesday 25/11 and Thursday 26/11


def test_a_trip_ending_before_tet_is_due_after_the_tet_holidays(org, trip_page, time_machine):
    # Trips are requested before they start: in January 2027, for 2–3 February.
    time_machine.move_to(at(d(25, 1, 2027)), tick=False)

    trip = granted_trip(trip_page, org["chuyenvien"], d(2, 2, 2027), d(3, 2, 2027))

    # Thursday 04/02 to Wednesday 10/02 are Tết; Thursday 11/02 and Friday 12/02 count.
    assert trip.report_due == d(12, 2, 2027)


def test_the_number_of_working_days_is_a_setting(org, trip_page):
    settings = TripSettings.load()
    settings.report_working_days = 5
    settings.save()

    trip = granted_trip(trip_page, org["chuyenvien"], d(27))

    assert trip.report_due == d(4, 12)  # Monday 30/11 … Friday 04/12


# --- reminders and overdue notices from run_timers ------------------------------------------


def test_the_requester_is_reminded_on_the_due_day_once(org, trip_page, run):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))  # due Thursday 26/11
    url = reverse("forms:submission_detail", args=[trip.submission_id])

    assert run(at(d(25), 16)).count("\n") == 1  # the day before: nothing, no trip line
    assert not due_reminders().exists()

    output = run(at(d(26), 7, 30))

    assert "Báo cáo kết quả công tác: nhắc hạn đã gửi: 1; báo quá hạn đã gửi: 0." in output
    (reminder,) = due_reminders()
    assert reminder.user == org["chuyenvien"]
    assert reminder.title == f"{DUE_TITLE}: {trip.submission.title}"
    assert reminder.url == url
    assert "Hạn nộp báo cáo: 26/11/2026" in reminder.body
    (message,) = mail.outbox
    assert message.to == [org["chuyenvien"].email]
    assert DUE_TITLE in message.subject

    # Cron runs again later that day: nothing more.
    run(at(d(26), 7, 35))
    run(at(d(26), 16))
    assert due_reminders().count() == 1
    assert mail.outbox == []
    assert not overdue_notices().exists()


def test_the_overdue_notice_goes_to_requester_unit_head_and_office_once(org, trip_page, run):
    trip = granted_trip(trip_page, org["chuyenvien"], d(26), d(27))  # due Tuesday 01/12
    run(at(d(1, 12)))
    assert not overdue_notices().exists()

    output = run(at(d(2, 12), 8))

    assert "báo quá hạn đã gửi: 1." in output
    notices = overdue_notices()
    assert {n.user for n in notices} == {org["chuyenvien"], org["truongphong"], org["chanhvp"]}
    assert {n.verb for n in notices} == {Notification.Verb.OVERDUE}
    notice = notices.get(user=org["truongphong"])
    assert notice.title == f"{OVERDUE_TITLE} (hạn 01/12/2026): {trip.submission.title}"
    assert "Phòng Quản lý công nghiệp" in notice.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (org["chuyenvien"], org["truongphong"], org["chanhvp"])
    )
    trip.refresh_from_db()
    assert trip.overdue_notified_on == d(2, 12)

    # Later runs, that day and the next, send nothing more.
    run(at(d(2, 12), 15))
    run(at(d(3, 12)))
    assert overdue_notices().count() == 3
    assert not due_reminders().filter(created_at__date__gt=d(1, 12)).exists()


def test_the_trip_page_is_linked_only_for_those_who_may_open_it(org, trip_page, run):
    trip = granted_trip(trip_page, org["chuyenvien"], d(26), d(27))
    url = reverse("forms:submission_detail", args=[trip.submission_id])

    run(at(d(2, 12)))

    links = {n.user.username: n.url for n in overdue_notices()}
    # The requester and his head (who gave his opinion) see the trip; Văn phòng did not
    # take part in it, so its notice carries the facts without a link that would 404.
    assert links == {"chuyenvien": url, "truongphong": url, "chanhvp": ""}


def test_an_overdue_notice_waits_for_the_first_working_day_after_the_deadline(org, trip_page, run):
    trip = granted_trip(trip_page, org["chuyenvien"], d(25))  # due Friday 27/11
    assert trip.report_due == d(27)

    run(at(d(27)))
    run(at(d(28)))  # Saturday
    run(at(d(29), 20))  # Sunday
    assert not overdue_notices().exists()

    assert "báo quá hạn đã gửi: 1." in run(at(d(30)))  # Monday
    assert overdue_notices().filter(user=org["chuyenvien"]).exists()


def test_a_head_late_with_his_own_report_is_not_told_twice(org, trip_page, run):
    granted_trip(trip_page, org["truongphong"], d(23))  # due Thursday 26/11

    run(at(d(27)))

    assert sorted(n.user.username for n in overdue_notices()) == ["chanhvp", "truongphong"]


def test_a_filed_report_even_pending_stops_reminders_and_notices(
    org, trip_page, report_page, run, time_machine
):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)
    filed = report(report_page, org["chuyenvien"], trip)
    assert filed.status == "pending"

    assert run(at(d(26))).count("\n") == 1
    run(at(d(27)))

    assert not due_reminders().exists()
    assert not overdue_notices().exists()


def test_a_withdrawn_report_makes_the_report_due_again(
    org, trip_page, report_page, run, time_machine
):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)
    filed = report(report_page, org["chuyenvien"], trip)
    submission_withdraw(submission=filed, user=org["chuyenvien"])

    run(at(d(26)))
    run(at(d(27)))

    assert due_reminders(org["chuyenvien"]).count() == 1
    assert overdue_notices().filter(user=org["chuyenvien"]).count() == 1


def test_trips_not_approved_have_no_reminders(org, trip_page):
    request_trip(trip_page, org["chuyenvien"], d(23))  # still pending

    counts = trip_report_reminders_send(today=d(26))

    assert counts == {"reminded": 0, "overdue": 0}


# --- Việc cần xử lý --------------------------------------------------------------------------


def inbox(user, **kwargs) -> str:
    return text(login(user, **kwargs).get(reverse("flows:inbox")))


def test_the_inbox_lists_the_report_to_file_with_its_deadline(
    org, trip_page, report_page, time_machine
):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)

    html = inbox(org["chuyenvien"])

    assert "Báo cáo kết quả công tác cần nộp" in html
    detail = reverse("forms:submission_detail", args=[trip.submission_id])
    assert f'<a href="{detail}">{trip.submission.title}</a>' in html
    assert '<time datetime="2026-11-26">26/11/2026</time>' in html
    assert f'href="{report_page.url}?trip={trip.pk}"' in html
    assert "Quá hạn" not in html
    assert "Bạn không có việc nào cần xử lý." not in html
    assert "(1 việc đang chờ)" in html


def test_the_inbox_marks_an_overdue_report(org, trip_page, report_page, time_machine):
    granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(27)), tick=False)

    html = inbox(org["chuyenvien"])

    assert '<span class="badge badge-overdue">Quá hạn</span>' in html
    assert "task-overdue" in html


def test_the_report_is_shown_only_to_its_requester_once_the_trip_has_ended(
    org, trip_page, report_page, time_machine
):
    trip = granted_trip(trip_page, org["chuyenvien"], d(24), d(25))
    assert "Báo cáo kết quả công tác cần nộp" not in inbox(org["chuyenvien"])  # not yet back

    time_machine.move_to(at(d(27)), tick=False)

    assert trip.submission.title in inbox(org["chuyenvien"])
    for other in ("truongphong", "pgd1", "chanhvp"):
        assert trip.submission.title not in inbox(org[other], mfa=True)


def test_a_filed_report_leaves_the_inbox_and_a_withdrawn_one_comes_back(
    org, trip_page, report_page, time_machine
):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)
    filed = report(report_page, org["chuyenvien"], trip)

    html = inbox(org["chuyenvien"])
    assert "Báo cáo kết quả công tác cần nộp" not in html
    assert "Bạn không có việc nào cần xử lý." in html

    submission_withdraw(submission=filed, user=org["chuyenvien"])
    assert trip.submission.title in inbox(org["chuyenvien"])


def test_the_report_link_preselects_the_trip(org, trip_page, report_page, time_machine):
    trip = granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)

    html = text(login(org["chuyenvien"]).get(f"{report_page.url}?trip={trip.pk}"))

    assert f'<option value="{trip.pk}" selected>' in html


def _request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_the_menu_count_includes_reports_to_file_in_one_query(
    org, trip_page, time_machine, django_assert_num_queries, rf
):
    granted_trip(trip_page, org["chuyenvien"], d(23))
    time_machine.move_to(at(d(25)), tick=False)

    with django_assert_num_queries(1):
        assert _counts(_request(rf, org["chuyenvien"]))["open_tasks"]() == 1
    with django_assert_num_queries(1):
        assert _counts(_request(rf, org["chuyenvien_kh"]))["open_tasks"]() == 0
