"""Two standing leaves of one person never share a half day."""

import datetime

import pytest

from forms.services import SubmissionError, submission_withdraw
from tests.forms.leave.support import apply, decide, grant

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
WEDNESDAY = datetime.date(2026, 12, 2)
THURSDAY = datetime.date(2026, 12, 3)


def test_a_leave_overlapping_a_pending_one_is_refused_with_its_dates(org, leave_page):
    user = org["chuyenvien"]
    apply(leave_page, user, TUESDAY, THURSDAY)
    with pytest.raises(SubmissionError) as refused:
        apply(leave_page, user, WEDNESDAY, leave_type="unpaid")
    assert str(refused.value) == (
        "Bạn đã có đơn nghỉ từ 01/12/2026 đến 03/12/2026 (đang xử lý) trùng với thời gian "
        "này. Hãy chọn thời gian khác hoặc rút đơn kia trước."
    )


def test_a_leave_overlapping_a_granted_one_is_refused(org, leave_page):
    user = org["chuyenvien"]
    grant(apply(leave_page, user, TUESDAY))
    with pytest.raises(SubmissionError, match="đã phê duyệt"):
        apply(leave_page, user, TUESDAY, end_session="morning")


def test_the_morning_and_the_afternoon_of_one_day_are_two_leaves(org, leave_page):
    user = org["chuyenvien"]
    apply(leave_page, user, TUESDAY, end_session="morning")
    second = apply(leave_page, user, TUESDAY, start_session="afternoon")
    assert second.data["days"] == 0.5


def test_rejected_and_withdrawn_leaves_free_their_dates(org, leave_page):
    user = org["chuyenvien"]
    decide(apply(leave_page, user, TUESDAY), "reject")
    withdrawn = apply(leave_page, user, TUESDAY)
    submission_withdraw(submission=withdrawn, user=user)
    assert apply(leave_page, user, TUESDAY).status == "pending"


def test_someone_else_on_leave_the_same_days_is_no_obstacle(org, leave_page):
    apply(leave_page, org["chuyenvien"], TUESDAY)
    assert apply(leave_page, org["phophong"], TUESDAY).status == "pending"
