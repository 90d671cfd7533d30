"""Real submissions start the chain their policy gives: steps stored, tasks, notices, dates.

The policy engine has its own exhaustive tests (tests/forms/policy); these check that what
it resolves becomes stored steps, viewflow tasks and notifications. Organisation:
small_organisation() (tests/factories.py); leave_form runs the An Giang demo policy.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from flows.selectors import open_steps_for
from flows.services import NotYourTask, task_decide
from forms.models import ApprovalStep, Submission
from forms.services import SubmissionError
from portal.notifications.models import Notification
from portal.org import roles
from portal.org.models import Position
from portal.org.services import delegation_create
from tests.factories import add_to_role, approval_form, member
from tests.flows.support import (
    FRIDAY,
    WEDNESDAY,
    actions,
    active,
    approve,
    chain,
    rule,
    step,
    step_no,
    submit,
)

pytestmark = pytest.mark.django_db

State = ApprovalStep.State
OFFICE = roles.GROUP_NAMES[roles.OFFICE]


def opinion(who, acting=None, state=State.WAITING):
    return ("opinion", who, acting, state)


def decision(who, acting=None, state=State.WAITING):
    return ("decision", who, acting, state)


def notice(who):
    return ("notice", who, None, State.DONE)


def first_active(row):
    """The first step of an expected chain, made active."""
    return (*row[0][:3], State.ACTIVE), *row[1:]


@pytest.fixture
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.mark.parametrize(
    ("requester", "days", "expected"),
    [
        ("chuyenvien", 0.5, [decision("truongphong")]),
        ("chuyenvien", 1, [opinion("truongphong"), decision("pgd1")]),
        ("chuyenvien", 3, [opinion("truongphong"), opinion("pgd1"), decision("giamdoc")]),
        ("truongphong", 1, [decision("pgd1")]),
        ("truongphong", 2, [opinion("pgd1"), decision("giamdoc")]),
        ("pgd1", 2, [decision("giamdoc")]),
        # Phòng Kế hoạch has no head and no overseer: the director's opinion and decision
        # are one step.
        ("chuyenvien_kh", 1, [decision("giamdoc")]),
        # The Trung tâm's Phòng Tổng hợp has no head: the Giám đốc Trung tâm, then pgd2.
        ("vienchuc", 1, [opinion("giamdoc_tt"), decision("pgd2")]),
    ],
)
def test_an_giang_rows_store_the_chain_and_activate_its_first_step(
    org, leave_form, wednesday, requester, days, expected
):
    submission = submit(leave_form, org[requester], days)

    assert submission.status == Submission.Status.PENDING
    assert submission.rule_name
    assert chain(submission) == list(first_active(expected))
    first = step_no(submission, 1)
    assert first.resolver in {"unit_head", "overseer", "director"}
    assert first.task is not None
    assert first.task.status == STATUS.ASSIGNED
    assert first.task.owner == first.approver
    assert first.activated_at is not None
    assert actions(submission) == ["submitted"]
    # Only the active step has a task; the waiting ones get theirs when their turn comes.
    assert submission.steps.exclude(pk=first.pk).filter(task__isnull=False).count() == 0


def test_steps_keep_the_resolver_and_the_engine_notes(org, leave_form, wednesday):
    submission = submit(leave_form, org["chuyenvien_kh"], 1)

    (only,) = submission.steps.all()
    assert only.kind == ApprovalStep.Kind.DECISION
    assert only.resolver == "overseer"
    assert "Gộp" in only.note
    assert only.deadline_days == 2


@pytest.mark.parametrize(
    ("moment", "kind_days", "due"),
    [
        # Wednesday + 2 working days = Friday; Friday + 2 = Tuesday (the weekend skipped).
        (WEDNESDAY, 0.5, datetime.date(2026, 12, 4)),
        (FRIDAY, 0.5, datetime.date(2026, 12, 8)),
        # An opinion has one day: Friday's is due on Monday.
        (FRIDAY, 1, datetime.date(2026, 12, 7)),
    ],
)
def test_due_date_counts_working_days_from_today(
    org, leave_form, time_machine, moment, kind_days, due
):
    time_machine.move_to(moment, tick=False)

    submission = submit(leave_form, org["chuyenvien"], kind_days)

    assert active(submission).due_date == due


def test_next_step_due_date_counts_from_its_own_activation(org, leave_form, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    submission = submit(leave_form, org["chuyenvien"], 1)
    time_machine.move_to(FRIDAY, tick=False)

    approve(submission, org["truongphong"])

    second = step_no(submission, 2)
    assert second.state == State.ACTIVE
    assert second.due_date == datetime.date(2026, 12, 8)
    assert second.task.owner == org["pgd1"]


def test_assigned_actor_is_notified_and_mailed_in_vietnamese_with_the_link(
    org, leave_form, wednesday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(leave_form, org["chuyenvien"], 0.5)

    step_ = active(submission)
    notice_ = Notification.objects.get(user=org["truongphong"])
    assert notice_.verb == Notification.Verb.ASSIGNED
    assert notice_.url == reverse("flows:task", args=[step_.pk])
    assert notice_.emailed_at is not None
    (message,) = mail.outbox
    assert message.to == [org["truongphong"].email]
    assert message.subject.startswith("[Cổng biểu mẫu] Có đơn cần phê duyệt: Đơn xin nghỉ phép")
    assert "Kính gửi" in message.body
    assert "Hạn xử lý: 04/12/2026." in message.body
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("flows:task", args=[step_.pk])
    assert f"Xem chi tiết: {link}" in message.body


def test_nobody_is_mailed_before_the_submission_commits(org, leave_form, wednesday):
    # No on_commit callback runs inside the test's transaction: the e-mail waits for commit.
    submit(leave_form, org["chuyenvien"], 0.5)

    assert Notification.objects.filter(user=org["truongphong"]).count() == 1
    assert mail.outbox == []


def test_notice_steps_are_sent_and_the_request_recorded(org, leave_form, wednesday):
    # An Giang: a Trưởng phòng's half day only informs his overseer and his deputy.
    submission = submit(leave_form, org["truongphong"], 0.5)

    assert submission.status == Submission.Status.RECORDED
    assert submission.decided_at is not None
    assert chain(submission) == [notice("pgd1"), notice("phophong")]
    for username in ("pgd1", "phophong"):
        notice_ = Notification.objects.get(user=org[username])
        assert notice_.verb == Notification.Verb.NOTICE
        assert notice_.url == reverse("forms:submission_detail", args=[submission.pk])
    assert actions(submission) == ["submitted", "notified", "notified", "recorded"]
    notified = submission.events.filter(action="notified")
    assert {e.step.approver.username for e in notified} == {"pgd1", "phophong"}
    requester_notice = Notification.objects.get(user=org["truongphong"])
    assert requester_notice.verb == Notification.Verb.RECORDED
    assert not Process.objects.exists()
    assert not Task.objects.exists()


def test_directors_leave_from_one_day_is_recorded_after_telling_deputies_and_office(
    org, leave_form, wednesday
):
    submission = submit(leave_form, org["giamdoc"], 2)

    assert submission.status == Submission.Status.RECORDED
    assert chain(submission) == [notice("pgd1"), notice("pgd2"), notice("chanhvp")]
    assert not Process.objects.exists()


def test_a_chain_with_no_step_at_all_is_recorded_at_once(org, leave_form, wednesday):
    submission = submit(leave_form, org["giamdoc"], 0.5)

    assert submission.status == Submission.Status.RECORDED
    assert not submission.steps.exists()
    assert actions(submission) == ["submitted", "recorded"]
    assert not Process.objects.exists()


def test_a_notice_after_an_opinion_waits_for_the_opinion(org, wednesday):
    page = approval_form(
        title="Đề xuất",
        slug="de-xuat",
        policy=rule(
            step("opinion", "unit_head"),
            step("notice", "overseer"),
            step("decision", "director"),
        ),
    )
    submission = submit(page, org["chuyenvien"])
    assert chain(submission) == [
        opinion("truongphong", state=State.ACTIVE),
        ("notice", "pgd1", None, State.WAITING),
        decision("giamdoc"),
    ]
    assert not Notification.objects.filter(user=org["pgd1"]).exists()

    approve(submission, org["truongphong"])

    assert chain(submission) == [
        opinion("truongphong", state=State.DONE),
        notice("pgd1"),
        decision("giamdoc", state=State.ACTIVE),
    ]
    assert Notification.objects.get(user=org["pgd1"]).verb == Notification.Verb.NOTICE
    assert actions(submission) == ["submitted", "approved", "notified"]


@pytest.fixture
def office(org):
    """Văn phòng (the functional group) with two members: chanhvp and a văn thư."""
    org["vanthu"] = member(org["vp"], Position.objects.get(code="chuyen-vien"), "vanthu")
    add_to_role(org["chanhvp"], roles.OFFICE)
    add_to_role(org["vanthu"], roles.OFFICE)
    return org


@pytest.fixture
def office_form(office):
    return approval_form(
        title="Đề nghị cấp văn phòng phẩm",
        slug="van-phong-pham",
        policy=rule(step("decision", "group", group=roles.OFFICE), step("notice", "unit_head")),
    )


def test_group_step_is_a_pool_task_with_no_owner(office, office_form, wednesday):
    submission = submit(office_form, office["chuyenvien"])

    step_ = active(submission)
    assert step_.group.name == OFFICE
    assert step_.approver is None and step_.acting is None
    assert step_.resolver == "group"
    assert step_.task.owner is None
    assert step_.task.status == STATUS.NEW
    assert {n.user.username for n in Notification.objects.filter(verb="assigned")} == {
        "chanhvp",
        "vanthu",
    }
    for username in ("chanhvp", "vanthu"):
        assert list(open_steps_for(user=office[username])) == [step_]
    assert not open_steps_for(user=office["truongphong"]).exists()


@pytest.mark.parametrize("username", ["chanhvp", "vanthu"])
def test_any_member_of_the_group_can_decide(office, office_form, wednesday, username):
    submission = submit(office_form, office["chuyenvien"])
    step_ = active(submission)
    who = office[username]

    submission = task_decide(step=step_, user=who, decision="approve")

    step_.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert step_.approver == who and step_.decided_by == who
    assert step_.task.owner == who and step_.task.status == STATUS.DONE
    event = submission.events.get(step=step_)
    assert event.actor == who and event.on_behalf_of is None
    # The notice after the decision went to the requester's Trưởng phòng.
    assert chain(submission)[1] == notice("truongphong")


@pytest.mark.parametrize("username", ["truongphong", "giamdoc"])
def test_someone_outside_the_group_cannot_decide(office, office_form, wednesday, username):
    submission = submit(office_form, office["chuyenvien"])
    step_ = active(submission)

    with pytest.raises(NotYourTask):
        task_decide(step=step_, user=office[username], decision="approve")

    step_.refresh_from_db()
    assert step_.state == State.ACTIVE and step_.task.status == STATUS.NEW
    assert actions(submission) == ["submitted"]


def test_a_member_of_the_group_cannot_decide_his_own_request(office, office_form, wednesday):
    submission = submit(office_form, office["vanthu"])
    step_ = active(submission)

    assert not open_steps_for(user=office["vanthu"]).exists()
    assert list(open_steps_for(user=office["chanhvp"])) == [step_]
    assert not Notification.objects.filter(user=office["vanthu"], verb="assigned").exists()
    with pytest.raises(NotYourTask):
        task_decide(step=step_, user=office["vanthu"], decision="approve")

    task_decide(step=step_, user=office["chanhvp"], decision="approve")
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.APPROVED


@pytest.fixture
def away(org, wednesday):
    """truongphong is away this week; phophong acts for him."""
    return delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 5),
        reason="Đi công tác",
    )


def test_delegate_acts_for_an_absent_approver(org, leave_form, away):
    submission = submit(leave_form, org["chuyenvien"], 0.5)

    step_ = active(submission)
    assert chain(submission) == [decision("truongphong", "phophong", State.ACTIVE)]
    assert step_.task.owner == org["phophong"]
    assert list(open_steps_for(user=org["phophong"])) == [step_]
    assert not open_steps_for(user=org["truongphong"]).exists()
    assert Notification.objects.get(verb="assigned").user == org["phophong"]

    with pytest.raises(NotYourTask):
        task_decide(step=step_, user=org["truongphong"], decision="approve")
    submission = task_decide(step=step_, user=org["phophong"], decision="approve")

    assert submission.status == Submission.Status.APPROVED
    event = submission.events.get(action="approved")
    assert event.actor == org["phophong"]
    assert event.on_behalf_of == org["truongphong"]
    step_.refresh_from_db()
    assert step_.decided_by == org["phophong"] and step_.approver == org["truongphong"]


def test_a_delegation_starting_during_the_round_is_picked_up_on_activation(
    org, leave_form, time_machine
):
    time_machine.move_to(WEDNESDAY, tick=False)
    submission = submit(leave_form, org["chuyenvien"], 1)
    # pgd1 will be away from Thursday; the round began on Wednesday.
    delegation_create(
        delegator=org["pgd1"],
        delegate=org["pgd2"],
        start_date=datetime.date(2026, 12, 3),
        end_date=datetime.date(2026, 12, 10),
        reason="Nghỉ phép",
    )
    assert chain(submission)[1] == decision("pgd1")

    time_machine.move_to(WEDNESDAY + datetime.timedelta(days=1), tick=False)
    approve(submission, org["truongphong"])

    second = step_no(submission, 2)
    assert chain(submission)[1] == decision("pgd1", "pgd2", State.ACTIVE)
    assert second.task.owner == org["pgd2"]
    assert list(open_steps_for(user=org["pgd2"])) == [second]
    assert not open_steps_for(user=org["pgd1"]).exists()
    submission = task_decide(step=second, user=org["pgd2"], decision="approve")
    assert submission.events.get(step=second).on_behalf_of == org["pgd1"]


def test_a_delegation_over_before_the_step_opens_leaves_the_step_to_its_approver(
    org, leave_form, time_machine
):
    time_machine.move_to(WEDNESDAY, tick=False)
    delegation_create(
        delegator=org["pgd1"],
        delegate=org["pgd2"],
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 2),
        reason="Họp",
    )
    submission = submit(leave_form, org["chuyenvien"], 1)
    assert chain(submission)[1] == decision("pgd1", "pgd2")

    time_machine.move_to(WEDNESDAY + datetime.timedelta(days=1), tick=False)
    approve(submission, org["truongphong"])

    second = step_no(submission, 2)
    assert chain(submission)[1] == decision("pgd1", None, State.ACTIVE)
    assert second.task.owner == org["pgd1"]
    assert list(open_steps_for(user=org["pgd1"])) == [second]


def test_an_approver_without_email_gets_the_bell_notice_only(
    org, leave_form, wednesday, django_capture_on_commit_callbacks
):
    # A person with no e-mail address gets the bell notice only.
    org["truongphong"].email = ""
    org["truongphong"].save()

    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(leave_form, org["chuyenvien"], 0.5)

    assert active(submission).approver == org["truongphong"]
    assert Notification.objects.filter(user=org["truongphong"], verb="assigned").count() == 1
    assert mail.outbox == []


def test_a_step_for_a_group_that_no_longer_exists_refuses_the_request(office, office_form):
    Group.objects.filter(name=OFFICE).delete()

    with pytest.raises(SubmissionError, match="Văn phòng"):
        submit(office_form, office["chuyenvien"])

    assert not Submission.objects.exists()
    assert not ApprovalStep.objects.exists()
    assert not Process.objects.exists()
