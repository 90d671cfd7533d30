"""A small fixed data set for the dashboard, with figures worked out by hand.

Today is Wednesday 18/03/2026 (Asia/Ho_Chi_Minh); the week is 16–22/03/2026. All requests
of the form "Giấy đề nghị" (the others are the supporting leave, trip and overtime rows):

- S1 chuyenvien (QLCN), submitted 10/03 08:00: opinion done in 4 h; decision of pgd1 active,
  due 16/03 → open, overdue.
- S2 chuyenvien_kh (KHTC), submitted 16/03: opinion of phophong active, due 20/03 → open.
- S3 chuyenvien (QLCN), submitted 02/03 08:00, approved 04/03 08:00 (48 h): opinion 10 h,
  decision 38 h.
- S4 vienchuc (TTKC-TH), submitted 05/03 08:00, approved 05/03 20:00 (12 h): one decision, 12 h.
- S5 chuyenvien (QLCN), 01/12/2025 → rejected 02/12/2025: before the period, left out.
- S6 vienchuc (TTKC-TH), submitted 12/03: Văn phòng group's decision, due 17/03 → overdue.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from forms.feedback.models import FeedbackCase, FeedbackCategory
from forms.leave.defaults import leave_types_ensure
from forms.leave.models import Leave, LeaveType, LedgerEntry
from forms.models import ApprovalStep, Submission
from forms.overtime.models import OvertimeEntry
from forms.trips.models import Trip
from portal.org import roles
from tests.factories import add_to_role, approval_form, login_with_mfa, two_step_policy

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM)
TODAY = NOW.date()
Status = Submission.Status
State = ApprovalStep.State
Kind = ApprovalStep.Kind


def at(month, day, hour=8, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HCM)


def full_name(user) -> str:
    return f"{user.last_name} {user.first_name}"


def make_submission(page, user, unit, *, status, created, decided=None, kind="generic"):
    submission = Submission.objects.create(
        form_page=page,
        kind=kind,
        title=page.title,
        requester=user,
        requester_unit=unit,
        status=status,
        decided_at=decided,
    )
    # created_at is auto_now_add: set the past time afterwards.
    Submission.objects.filter(pk=submission.pk).update(created_at=created)
    submission.refresh_from_db()
    return submission


def make_step(submission, order, kind, *, state, activated=None, decided=None, due=None, **who):
    return ApprovalStep.objects.create(
        submission=submission,
        order=order,
        kind=kind,
        state=state,
        activated_at=activated,
        decided_at=decided,
        due_date=due,
        decision="approved" if decided else None,
        **who,
    )


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def form_page(org, now):
    return approval_form(title="Giấy đề nghị", slug="de-nghi", policy=two_step_policy())


@pytest.fixture
def world(org, form_page, now):
    """The data set of the module docstring; returns the org dict with the submissions."""
    add_to_role(org["chanhvp"], roles.OFFICE)
    cv, kh, vc = org["chuyenvien"], org["chuyenvien_kh"], org["vienchuc"]
    page = form_page
    s1 = make_submission(page, cv, org["cn"], status=Status.PENDING, created=at(3, 10))
    make_step(
        s1,
        1,
        Kind.OPINION,
        state=State.DONE,
        activated=at(3, 10),
        decided=at(3, 10, 12),
        approver=org["truongphong"],
    )
    make_step(
        s1,
        2,
        Kind.DECISION,
        state=State.ACTIVE,
        activated=at(3, 10, 12),
        due=datetime.date(2026, 3, 16),
        approver=org["pgd1"],
    )
    s2 = make_submission(page, kh, org["kh"], status=Status.PENDING, created=at(3, 16))
    make_step(
        s2,
        1,
        Kind.OPINION,
        state=State.ACTIVE,
        activated=at(3, 16),
        due=datetime.date(2026, 3, 20),
        approver=org["phophong"],
    )
    s3 = make_submission(
        page, cv, org["cn"], status=Status.APPROVED, created=at(3, 2), decided=at(3, 4)
    )
    make_step(
        s3,
        1,
        Kind.OPINION,
        state=State.DONE,
        activated=at(3, 2),
        decided=at(3, 2, 18),
        approver=org["truongphong"],
    )
    make_step(
        s3,
        2,
        Kind.DECISION,
        state=State.DONE,
        activated=at(3, 2, 18),
        decided=at(3, 4),
        approver=org["pgd1"],
    )
    s4 = make_submission(
        page, vc, org["tt_th"], status=Status.APPROVED, created=at(3, 5), decided=at(3, 5, 20)
    )
    make_step(
        s4,
        1,
        Kind.DECISION,
        state=State.DONE,
        activated=at(3, 5),
        decided=at(3, 5, 20),
        approver=org["giamdoc_tt"],
    )
    s5 = make_submission(
        page,
        cv,
        org["cn"],
        status=Status.REJECTED,
        created=at(12, 1, year=2025),
        decided=at(12, 2, year=2025),
    )
    make_step(
        s5,
        1,
        Kind.DECISION,
        state=State.DONE,
        activated=at(12, 1, year=2025),
        decided=at(12, 2, year=2025),
        approver=org["truongphong"],
    )
    s6 = make_submission(page, vc, org["tt_th"], status=Status.PENDING, created=at(3, 12))
    office = Group.objects.get(name=roles.GROUP_NAMES[roles.OFFICE])
    make_step(
        s6,
        1,
        Kind.DECISION,
        state=State.ACTIVE,
        activated=at(3, 12),
        due=datetime.date(2026, 3, 17),
        group=office,
    )

    # Supporting rows, all submitted 15/02/2026 and with no decision time.
    def support(user, unit, kind, status=Status.APPROVED):
        return make_submission(page, user, unit, status=status, created=at(2, 15, 10), kind=kind)

    def trip(user, unit, start, end, due, report=None):
        Trip.objects.create(
            submission=support(user, unit, "trip"),
            user=user,
            unit=unit,
            destination="Hà Nội",
            scope="in_province",
            start_date=start,
            end_date=end,
            report_due=due,
            report=report,
        )

    d = datetime.date
    trip(cv, org["cn"], d(2026, 3, 2), d(2026, 3, 4), d(2026, 3, 11))  # T1: 7 days late
    trip(vc, org["tt_th"], d(2026, 3, 9), d(2026, 3, 11), TODAY)  # T2: due today, not late
    filed = support(vc, org["tt_th"], "trip_report", status=Status.PENDING)
    trip(vc, org["tt_th"], d(2026, 2, 20), d(2026, 2, 21), d(2026, 3, 1), report=filed)  # T3
    trip(org["truongphong"], org["cn"], d(2026, 3, 17), TODAY, d(2026, 3, 25))  # T4: away today

    leave_types_ensure()
    annual = LeaveType.objects.get(code="annual")

    def leave(user, unit, start, end, status=Status.APPROVED):
        Leave.objects.create(
            submission=support(user, unit, "leave", status=status),
            user=user,
            unit=unit,
            leave_type=annual,
            start_date=start,
            start_session="morning",
            end_date=end,
            end_session="afternoon",
            days=Decimal((end - start).days + 1),
        )

    leave(cv, org["cn"], TODAY, d(2026, 3, 19))  # L1: today and this week
    leave(kh, org["kh"], d(2026, 3, 20), d(2026, 3, 20))  # L2: this week only
    leave(vc, org["tt_th"], TODAY, TODAY, status=Status.PENDING)  # L3: not granted
    LedgerEntry.objects.create(user=cv, year=2026, kind=LedgerEntry.Kind.DEDUCTION, days=-2)

    def overtime(user, unit, day, start, end, status=Status.APPROVED, actual=None):
        entry = OvertimeEntry(
            submission=support(user, unit, "overtime", status=status),
            user=user,
            unit=unit,
            date=day,
            start=datetime.datetime.combine(day, start, tzinfo=HCM),
            end=datetime.datetime.combine(day, end, tzinfo=HCM),
        )
        if actual:
            entry.arrived_at = datetime.datetime.combine(day, actual[0], tzinfo=HCM)
            entry.left_at = datetime.datetime.combine(day, actual[1], tzinfo=HCM)
            entry.confirmed_at = NOW
        entry.save()

    t = datetime.time
    overtime(cv, org["cn"], d(2026, 3, 10), t(18), t(21))  # 3 h
    overtime(cv, org["cn"], d(2026, 3, 12), t(18), t(22), actual=(t(18), t(20, 30)))  # 2.5 h
    overtime(cv, org["cn"], d(2026, 2, 10), t(18), t(21))  # 3 h, last month
    overtime(cv, org["cn"], d(2026, 3, 11), t(17), t(22), status=Status.REJECTED)  # not counted

    category = FeedbackCategory.objects.get_or_create(code="khac", defaults={"name": "Khác"})[0]

    def feedback(recipient, due, status):
        FeedbackCase.objects.create(
            recipient=recipient,
            category=category,
            title="Bí mật",
            content="Nội dung riêng",
            received_on=d(2026, 3, 1),
            due_on=due,
            status=status,
        )

    feedback("director", d(2026, 3, 17), FeedbackCase.Status.NEW)  # late
    feedback("union", d(2026, 3, 10), FeedbackCase.Status.ACCEPTED)  # late
    feedback("director", d(2026, 3, 1), FeedbackCase.Status.ANSWERED)  # answered
    feedback("union", TODAY, FeedbackCase.Status.NEW)  # due today: not late yet
    return {**org, "s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5, "s6": s6}


def login(client, user):
    """Log in with TOTP set up, so the MFA middleware lets heads and Văn phòng in."""
    return login_with_mfa(client, user)
