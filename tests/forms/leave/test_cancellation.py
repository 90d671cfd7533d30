"""A granted leave: cancelled at once before it starts, through a decision once it has;
a unit head's leave hands his work to the person he named for exactly its dates."""

import datetime
from decimal import Decimal

import pytest

from flows.services import NotYourTask
from forms.leave.cancellation import leave_cancel, leave_cancellation_request
from forms.leave.ledger import leave_balance
from forms.leave.models import Leave, LedgerEntry
from forms.models import Submission
from forms.services import SubmissionError
from portal.notifications.models import Notification
from portal.org.models import Delegation
from portal.org.selectors import active_delegate
from tests.forms.leave.conftest import MONDAY
from tests.forms.leave.support import apply, decide, grant

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
WEDNESDAY = datetime.date(2026, 12, 2)
THURSDAY = datetime.date(2026, 12, 3)
FRIDAY = datetime.date(2026, 12, 4)


def on(time_machine, day):
    time_machine.move_to(MONDAY.replace(year=day.year, month=day.month, day=day.day), tick=False)


def held(submission):
    return sum(LedgerEntry.objects.filter(submission=submission).values_list("days", flat=True))


@pytest.fixture
def granted(org, leave_page):
    """Chuyên viên's annual leave, Tuesday 1 to Friday 4 December, approved."""
    return grant(apply(leave_page, org["chuyenvien"], TUESDAY, FRIDAY))


def test_before_it_starts_the_requester_cancels_and_the_days_come_back(org, granted):
    user = org["chuyenvien"]
    before = leave_balance(user=user, year=2026).available
    leave_cancel(submission=granted, user=user)
    granted.refresh_from_db()
    assert granted.status == Submission.Status.CANCELLED
    assert held(granted) == 0
    assert leave_balance(user=user, year=2026).available == before + 4
    assert granted.events.last().action == "cancelled"
    # Those who decided hear of it.
    assert Notification.objects.filter(user=org["giamdoc"], title__startswith="Đã hủy").exists()


def test_only_the_requester_cancels(org, granted):
    with pytest.raises(NotYourTask):
        leave_cancel(submission=granted, user=org["truongphong"])


def test_a_pending_request_is_withdrawn_not_cancelled(org, leave_page):
    pending = apply(leave_page, org["chuyenvien"], TUESDAY)
    with pytest.raises(SubmissionError, match="đã được duyệt"):
        leave_cancel(submission=pending, user=org["chuyenvien"])


def test_once_started_it_cannot_be_cancelled_at_once(org, granted, time_machine):
    on(time_machine, WEDNESDAY)
    with pytest.raises(SubmissionError, match="đã bắt đầu"):
        leave_cancel(submission=granted, user=org["chuyenvien"])


def test_a_cancellation_under_way_goes_to_the_first_decision_step(org, granted, time_machine):
    on(time_machine, WEDNESDAY)
    request = leave_cancellation_request(
        submission=granted, user=org["chuyenvien"], return_date=THURSDAY, reason="Có việc gấp"
    )
    assert request.kind == "leave_cancel" and request.status == "pending"
    steps = list(request.steps.values_list("kind", "approver__username", "state"))
    # The 4-day chain was: opinion head, opinion overseer, decision director.
    assert steps == [("decision", "giamdoc", "active")]
    grant(request)
    granted.refresh_from_db()
    leave = Leave.objects.get(submission=granted)
    assert (leave.end_date, leave.end_session, leave.days) == (WEDNESDAY, "afternoon", 2)
    assert granted.data["end_date"] == "2026-12-02" and granted.data["days"] == 2
    assert granted.status == Submission.Status.APPROVED
    assert held(granted) == -2
    assert granted.events.last().action == "shortened"


def test_returning_on_the_first_day_cancels_the_whole_leave(org, granted, time_machine):
    on(time_machine, TUESDAY)
    request = leave_cancellation_request(
        submission=granted, user=org["chuyenvien"], return_date=TUESDAY, reason="Hết việc riêng"
    )
    grant(request)
    granted.refresh_from_db()
    assert granted.status == Submission.Status.CANCELLED
    assert held(granted) == 0


def test_a_refused_cancellation_changes_nothing(org, granted, time_machine):
    on(time_machine, WEDNESDAY)
    request = leave_cancellation_request(
        submission=granted, user=org["chuyenvien"], return_date=THURSDAY, reason="Có việc gấp"
    )
    decide(request, "reject", "Đã bố trí người thay")
    granted.refresh_from_db()
    assert granted.data["end_date"] == "2026-12-04" and held(granted) == -4


@pytest.mark.parametrize(
    ("return_date", "message"),
    [(datetime.date(2026, 11, 30), "trong thời gian nghỉ"), (datetime.date(2026, 12, 7), "trong")],
)
def test_the_return_date_must_fall_within_the_leave(
    org, granted, time_machine, return_date, message
):
    on(time_machine, WEDNESDAY)
    with pytest.raises(SubmissionError, match=message):
        leave_cancellation_request(
            submission=granted, user=org["chuyenvien"], return_date=return_date, reason="x"
        )


def test_one_cancellation_request_at_a_time(org, granted, time_machine):
    on(time_machine, WEDNESDAY)
    args = {"submission": granted, "user": org["chuyenvien"], "return_date": THURSDAY}
    leave_cancellation_request(reason="Có việc gấp", **args)
    with pytest.raises(SubmissionError, match="đang chờ xử lý"):
        leave_cancellation_request(reason="Lần nữa", **args)


def test_a_recorded_leave_is_cut_short_without_anyone_deciding(org, leave_page, time_machine):
    # The Giám đốc Sở's leave is recorded (notices only): so is its cancellation.
    director = org["giamdoc"]
    leave = apply(leave_page, director, TUESDAY, FRIDAY, handover_to="pgd1")
    assert leave.status == "recorded"
    on(time_machine, WEDNESDAY)
    request = leave_cancellation_request(
        submission=leave, user=director, return_date=THURSDAY, reason="Về sớm"
    )
    assert request.status == "recorded"
    assert Leave.objects.get(submission=leave).days == 2


def test_a_heads_granted_leave_hands_his_work_to_the_named_colleague(org, leave_page, time_machine):
    head = org["truongphong"]
    submission = grant(apply(leave_page, head, TUESDAY, WEDNESDAY, handover_to="phophong"))
    delegation = Delegation.objects.get(delegator=head)
    assert (delegation.delegate, delegation.start_date, delegation.end_date) == (
        org["phophong"],
        TUESDAY,
        WEDNESDAY,
    )
    assert Leave.objects.get(submission=submission).delegation == delegation
    on(time_machine, TUESDAY)
    assert active_delegate(user=head, on=TUESDAY) == org["phophong"]
    # Work reaching the head while he is away goes to his deputy, the record keeps both.
    staff_leave = apply(leave_page, org["chuyenvien"], THURSDAY)
    step = staff_leave.steps.get(order=1)
    assert (step.approver, step.acting) == (head, org["phophong"])
    assert active_delegate(user=head, on=THURSDAY) is None


def test_no_delegation_before_approval_nor_for_staff(org, leave_page):
    apply(leave_page, org["truongphong"], TUESDAY, WEDNESDAY, handover_to="phophong")
    grant(apply(leave_page, org["chuyenvien"], TUESDAY, handover_to="phophong"))
    assert not Delegation.objects.exists()


def test_cancelling_a_heads_leave_ends_the_delegation(org, leave_page):
    head = org["truongphong"]
    submission = grant(apply(leave_page, head, TUESDAY, WEDNESDAY, handover_to="phophong"))
    leave_cancel(submission=submission, user=head)
    assert Delegation.objects.get(delegator=head).revoked_at is not None
    assert active_delegate(user=head, on=TUESDAY) is None


def test_cutting_a_heads_leave_short_shortens_the_delegation(org, leave_page, time_machine):
    head = org["truongphong"]
    submission = grant(apply(leave_page, head, TUESDAY, FRIDAY, handover_to="phophong"))
    on(time_machine, WEDNESDAY)
    grant(
        leave_cancellation_request(
            submission=submission, user=head, return_date=THURSDAY, reason="Về sớm"
        )
    )
    assert Delegation.objects.get(delegator=head).end_date == WEDNESDAY


def test_a_clashing_delegation_does_not_block_the_leave(org, leave_page):
    head = org["truongphong"]
    Delegation.objects.create(
        delegator=head,
        delegate=org["chuyenvien"],
        start_date=TUESDAY,
        end_date=TUESDAY,
        reason="Đi công tác",
    )
    submission = grant(apply(leave_page, head, TUESDAY, WEDNESDAY, handover_to="phophong"))
    assert submission.status == "approved"
    assert Delegation.objects.filter(delegator=head).count() == 1
    assert Notification.objects.filter(user=head, title__startswith="Chưa tạo được").exists()
    assert Decimal(str(submission.data["days"])) == 2
