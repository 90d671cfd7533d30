"""Annual leave: entitlement with seniority, and a ledger that follows every request."""

import datetime
from decimal import Decimal

import pytest

from forms.leave.ledger import entitlement, leave_balance
from forms.leave.models import LeaveSettings, LedgerEntry
from forms.models import Submission
from forms.services import SubmissionError, submission_resubmit, submission_withdraw
from portal.org.models import Membership
from tests.forms.leave.support import apply, decide, grant, leave_data, leave_form_for

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
FRIDAY = datetime.date(2026, 12, 4)


def started(user, day):
    Membership.objects.filter(user=user).update(start_date=day)


def figures(user, year=2026):
    b = leave_balance(user=user, year=year)
    return {k: float(getattr(b, k)) for k in ("entitlement", "used", "pending", "available")}


def held(submission):
    return sum(LedgerEntry.objects.filter(submission=submission).values_list("days", flat=True))


@pytest.mark.parametrize(
    ("start", "days"),
    [
        (datetime.date(2025, 3, 1), 12),  # less than a year
        (datetime.date(2021, 1, 2), 12),  # 4 years 364 days by 1/1/2026
        (datetime.date(2021, 1, 1), 13),  # 5 full years
        (datetime.date(2014, 6, 1), 14),  # 11 years
        (datetime.date(1995, 9, 1), 18),  # 30 years
    ],
)
def test_entitlement_adds_a_day_per_full_five_years_of_service(org, start, days):
    started(org["chuyenvien"], start)
    assert entitlement(user=org["chuyenvien"], year=2026) == days


def test_seniority_counts_from_the_first_membership(org):
    user = org["chuyenvien"]
    started(user, datetime.date(2024, 1, 1))
    Membership.objects.create(
        user=user,
        unit=org["kh"],
        position=Membership.objects.get(user=user).position,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2023, 12, 31),
        is_primary=False,
    )
    assert entitlement(user=user, year=2026) == 14


def test_the_base_and_the_step_are_settings(org):
    started(org["chuyenvien"], datetime.date(2016, 1, 1))
    settings = LeaveSettings.load()
    settings.annual_days, settings.seniority_years = Decimal(14), 3
    settings.save()
    assert entitlement(user=org["chuyenvien"], year=2026) == 17


def test_a_request_reserves_then_approval_deducts(org, leave_page):
    user = org["chuyenvien"]
    started(user, datetime.date(2025, 1, 1))
    submission = apply(leave_page, user, TUESDAY, datetime.date(2026, 12, 2))
    assert figures(user) == {"entitlement": 12, "used": 0, "pending": 2, "available": 10}
    grant(submission)
    assert figures(user) == {"entitlement": 12, "used": 2, "pending": 0, "available": 10}
    kinds = list(LedgerEntry.objects.filter(submission=submission).values_list("kind", "days"))
    assert kinds == [
        ("reservation", Decimal("-2")),
        ("release", Decimal("2")),
        ("deduction", Decimal("-2")),
    ]


@pytest.mark.parametrize("how", ["reject", "withdraw"])
def test_rejected_or_withdrawn_requests_give_the_days_back(org, leave_page, how):
    user = org["chuyenvien"]
    submission = apply(leave_page, user, TUESDAY)
    if how == "reject":
        decide(submission, "reject")
    else:
        submission_withdraw(submission=submission, user=user)
    assert held(submission) == 0
    assert figures(user)["pending"] == 0


def test_a_returned_request_keeps_its_days_and_a_shorter_resubmission_frees_some(org, leave_page):
    user = org["chuyenvien"]
    submission = apply(leave_page, user, TUESDAY, FRIDAY)
    decide(submission, "return", "Ghi rõ lý do")
    assert held(submission) == -4
    form = leave_form_for(leave_page, user, leave_data(TUESDAY, datetime.date(2026, 12, 2)))
    assert form.is_valid()
    submission_resubmit(submission=submission, user=user, cleaned_data=form.cleaned_data)
    assert held(submission) == -2
    assert figures(user)["pending"] == 2


def test_other_leave_types_do_not_touch_the_balance(org, leave_page):
    user = org["chuyenvien"]
    submission = apply(leave_page, user, TUESDAY, leave_type="unpaid")
    grant(submission)
    assert not LedgerEntry.objects.filter(submission=submission).exists()


def test_a_request_beyond_the_balance_is_refused_with_what_is_left(org, leave_page):
    user = org["chuyenvien"]
    started(user, datetime.date(2025, 1, 1))
    LedgerEntry.objects.create(user=user, year=2026, kind="adjustment", days=Decimal("-9.5"))
    with pytest.raises(SubmissionError) as refused:
        apply(leave_page, user, TUESDAY, FRIDAY)
    assert str(refused.value) == (
        "Không đủ ngày phép năm 2026: bạn còn 2,5 ngày, đơn này cần 4 ngày."
    )
    assert not Submission.objects.filter(requester=user).exists()


def test_an_allowed_negative_balance_lets_the_request_through(org, leave_page):
    user = org["chuyenvien"]
    started(user, datetime.date(2025, 1, 1))
    LedgerEntry.objects.create(user=user, year=2026, kind="adjustment", days=Decimal(-10))
    settings = LeaveSettings.load()
    settings.negative_allowance = Decimal(2)
    settings.save()
    apply(leave_page, user, TUESDAY, FRIDAY)  # 4 days of the 2 left: −2 is allowed
    assert figures(user)["available"] == -2
    with pytest.raises(SubmissionError, match="Được nghỉ trước tối đa 2 ngày"):
        apply(leave_page, user, datetime.date(2026, 12, 8))


def test_the_ledger_stays_consistent_through_every_outcome(org, leave_page):
    user = org["chuyenvien"]
    started(user, datetime.date(2020, 1, 1))
    granted = grant(apply(leave_page, user, TUESDAY))
    rejected = decide(apply(leave_page, user, datetime.date(2026, 12, 2)), "reject")
    withdrawn = apply(leave_page, user, datetime.date(2026, 12, 3))
    submission_withdraw(submission=withdrawn, user=user)
    waiting = apply(leave_page, user, FRIDAY, end_session="morning")
    assert [held(s) for s in (granted, rejected, withdrawn, waiting)] == [-1, 0, 0, -0.5]
    total = sum(LedgerEntry.objects.filter(user=user).values_list("days", flat=True))
    assert total == leave_balance(user=user, year=2026).available == Decimal("11.5")
