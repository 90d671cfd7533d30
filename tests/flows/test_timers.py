"""``manage.py run_timers``: overdue steps remind their actor once a day.

A chuyên viên's half day of leave (An Giang policy) submitted on Wednesday 2 December 2026
is his Trưởng phòng's decision, due two working days later, on Friday 4 December.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from flows.services import task_decide
from forms.models import ApprovalStep
from forms.services import submission_withdraw
from portal.notifications.models import Notification
from portal.org.services import delegation_create
from tests.flows.support import HCM, MONDAY, WEDNESDAY, active, submit

pytestmark = pytest.mark.django_db

FRIDAY_EVENING = datetime.datetime(2026, 12, 4, 17, 30, tzinfo=HCM)
MONDAY_AFTERNOON = MONDAY.replace(hour=16)
TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """run_timers as cron runs it: its e-mails go out once its transaction commits."""

    def run_timers():
        out = StringIO()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_timers", stdout=out)
        return out.getvalue()

    return run_timers


@pytest.fixture
def overdue_by_monday(org, leave_form, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    return submit(leave_form, org["chuyenvien"], 0.5)


def reminder_mails():
    # Not the weekly digest that heads also get on a Monday (portal.dashboard.digest).
    return [m for m in mail.outbox if "Quá hạn xử lý" in m.subject]


def reminders(user=None):
    qs = Notification.objects.filter(verb=Notification.Verb.OVERDUE)
    return qs.filter(user=user) if user else qs


def test_a_step_due_today_is_not_yet_overdue(org, overdue_by_monday, time_machine, run):
    assert active(overdue_by_monday).due_date == datetime.date(2026, 12, 4)
    time_machine.move_to(FRIDAY_EVENING, tick=False)

    output = run()

    assert "nhắc việc quá hạn đã gửi: 0" in output
    assert not reminders().exists()
    assert mail.outbox == []


def test_overdue_actor_is_reminded_once_a_day(org, overdue_by_monday, time_machine, run):
    time_machine.move_to(MONDAY, tick=False)

    output = run()

    # The first line is the reminders'; Monday's weekly digest may follow (portal.dashboard).
    assert output.splitlines()[0] == "Hẹn giờ đã kích hoạt: 0; nhắc việc quá hạn đã gửi: 1."
    (reminder,) = reminders()
    assert reminder.user == org["truongphong"]
    assert reminder.title.startswith("Quá hạn xử lý (04/12/2026): Đơn xin nghỉ phép")
    (message,) = reminder_mails()
    assert message.to == [org["truongphong"].email]
    assert "Quá hạn xử lý (04/12/2026)" in message.subject
    assert active(overdue_by_monday).reminded_on == datetime.date(2026, 12, 7)

    # Cron runs again a few minutes, then hours, later the same day: nothing more is sent.
    time_machine.move_to(MONDAY + datetime.timedelta(minutes=5), tick=False)
    assert "nhắc việc quá hạn đã gửi: 0" in run()
    time_machine.move_to(MONDAY_AFTERNOON, tick=False)
    assert "nhắc việc quá hạn đã gửi: 0" in run()
    assert reminders().count() == 1
    assert mail.outbox == []

    # The next day it reminds again.
    time_machine.move_to(TUESDAY, tick=False)
    assert "nhắc việc quá hạn đã gửi: 1" in run()
    assert reminders(org["truongphong"]).count() == 2
    assert len(mail.outbox) == 1
    assert active(overdue_by_monday).reminded_on == datetime.date(2026, 12, 8)


def test_only_overdue_steps_are_reminded(org, leave_form, overdue_by_monday, time_machine, run):
    time_machine.move_to(MONDAY, tick=False)
    not_due = submit(leave_form, org["chuyenvien_kh"], 0.5)  # giamdoc's, due Wednesday
    time_machine.move_to(TUESDAY, tick=False)

    assert "nhắc việc quá hạn đã gửi: 1" in run()

    assert [r.user for r in reminders()] == [org["truongphong"]]
    assert active(not_due).reminded_on is None
    assert [m.to for m in mail.outbox] == [[org["truongphong"].email]]


def test_decided_or_withdrawn_steps_are_not_reminded(
    org, leave_form, overdue_by_monday, time_machine, run
):
    withdrawn = submit(leave_form, org["phophong"], 0.5)
    time_machine.move_to(MONDAY, tick=False)
    task_decide(step=active(overdue_by_monday), user=org["truongphong"], decision="approve")
    submission_withdraw(submission=withdrawn, user=org["phophong"])

    assert "nhắc việc quá hạn đã gửi: 0" in run()
    assert not reminders().exists()
    assert not ApprovalStep.objects.filter(reminded_on__isnull=False).exists()


def test_the_delegate_acting_on_an_overdue_step_is_the_one_reminded(
    org, leave_form, time_machine, run
):
    time_machine.move_to(WEDNESDAY, tick=False)
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 11),
        reason="Đi học",
    )
    submit(leave_form, org["chuyenvien"], 0.5)
    time_machine.move_to(MONDAY, tick=False)

    run()

    assert [r.user for r in reminders()] == [org["phophong"]]
    assert [m.to for m in reminder_mails()] == [[org["phophong"].email]]


def test_run_timers_also_fires_viewflows_due_timers(monkeypatch, db):
    fired = []
    monkeypatch.setattr(
        "flows.management.commands.run_timers.fire_due_timers", lambda: fired.append(1) or 3
    )
    out = StringIO()

    call_command("run_timers", stdout=out)

    assert fired == [1]
    assert out.getvalue().strip() == "Hẹn giờ đã kích hoạt: 3; nhắc việc quá hạn đã gửi: 0."


def test_no_reminders_go_out_on_a_day_off(org, overdue_by_monday, time_machine, run):
    saturday = MONDAY + datetime.timedelta(days=5)
    time_machine.move_to(saturday, tick=False)
    run()
    assert not Notification.objects.filter(verb="overdue").exists()
    time_machine.move_to(saturday + datetime.timedelta(days=2), tick=False)
    run()
    assert Notification.objects.filter(verb="overdue").count() == 1
