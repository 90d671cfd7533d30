"""Approvers racing on one task, in real threads (and processes) on PostgreSQL.

SQLite serialises writers by locking the whole file, so only PostgreSQL's row locks
(``flows.locks.portal_lock``) are under test here. Whoever loses the race gets
``AlreadyHandled``, or ``FlowLockFailed`` when the lock stayed busy through every retry (the
views answer "busy, try again"): never a second success and never anything else.
"""

import multiprocessing

import pytest
from django.db import connection, connections
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from flows.approval import ApprovalFlow
from flows.services import AlreadyHandled, task_decide
from forms.models import ApprovalStep, Submission, SubmissionEvent
from forms.services import SubmissionError, submission_withdraw
from portal.accounts.models import User
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import UserFactory, add_to_role, approval_form
from tests.flows.support import race, rule, step, step_no, submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL only"
    ),
]

LOSSES = (AlreadyHandled, FlowLockFailed)
State = ApprovalStep.State


def office_members(count):
    members = [UserFactory(username=f"vanphong{i}") for i in range(count)]
    for user in members:
        add_to_role(user, roles.OFFICE)
    return members


def pool_request_of(org):
    """A chuyên viên's request whose first step is Văn phòng's, then the director's."""
    page = approval_form(
        title="Đề nghị cấp văn phòng phẩm",
        slug="van-phong-pham",
        policy=rule(step("opinion", "group", group=roles.OFFICE), step("decision", "director")),
    )
    return submit(page, org["chuyenvien"])


@pytest.fixture
def office(org):
    """Four members of Văn phòng (the functional group)."""
    members = [UserFactory(username=f"vanphong{i}") for i in range(4)]
    for user in members:
        add_to_role(user, roles.OFFICE)
    return members


def decide_call(step_pk, user, decision="approve", comment=""):
    def call():
        return task_decide(
            step=ApprovalStep.objects.get(pk=step_pk),
            user=user,
            decision=decision,
            comment=comment,
        )

    return call


def assert_one_winner(outcomes):
    wins = [o for o in outcomes if isinstance(o, Submission)]
    others = [o for o in outcomes if not isinstance(o, Submission)]
    assert len(wins) == 1, outcomes
    assert all(isinstance(o, LOSSES) for o in others), outcomes
    return wins[0]


def assert_step_handled_once(submission, order=1):
    first = step_no(submission, order)
    assert first.state == State.DONE
    assert SubmissionEvent.objects.filter(step=first).count() == 1
    assert first.task.status == STATUS.DONE
    return first


@pytest.mark.parametrize("racers", [2, 3, 4])
def test_group_members_racing_on_a_pool_task_give_one_decision(org, office, racers):
    submission = pool_request_of(org)
    members = office[:racers]
    pk = step_no(submission, 1).pk

    outcomes = race([decide_call(pk, user) for user in members])

    assert_one_winner(outcomes)
    first = assert_step_handled_once(submission)
    assert first.decided_by in members and first.approver == first.decided_by
    assert first.task.owner == first.decided_by
    # Exactly one next step opened, with exactly one task and one assignment notice.
    second = step_no(submission, 2)
    assert second.state == State.ACTIVE and second.task is not None
    act_tasks = Task.objects.filter(process=first.task.process, flow_task=ApprovalFlow.act)
    assert act_tasks.count() == 2
    assert Notification.objects.filter(verb="assigned", user=org["giamdoc"]).count() == 1
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


def test_approve_and_reject_racing_keep_only_the_winners_decision(org, office):
    submission = pool_request_of(org)
    approver, rejecter = office[:2]
    pk = step_no(submission, 1).pk

    outcomes = race(
        [decide_call(pk, approver), decide_call(pk, rejecter, "reject", "Không cần thiết.")]
    )

    winner = assert_one_winner(outcomes)
    first = assert_step_handled_once(submission)
    second = step_no(submission, 2)
    if first.decided_by == approver:
        assert winner.status == Submission.Status.PENDING
        assert first.decision == "approved" and second.state == State.ACTIVE
    else:
        assert winner.status == Submission.Status.REJECTED
        assert first.decision == "rejected" and second.state == State.CANCELLED
        assert second.task is None
    assert Submission.objects.get(pk=submission.pk).status == winner.status


def test_one_approver_deciding_twice_at_once_decides_once(org, leave_form):
    # One day of leave: truongphong's opinion, then pgd1's decision.
    submission = submit(leave_form, org["chuyenvien"], 1)
    pk = step_no(submission, 1).pk

    outcomes = race([decide_call(pk, org["truongphong"]) for _ in range(2)])

    assert_one_winner(outcomes)
    first = assert_step_handled_once(submission)
    assert first.decided_by == org["truongphong"]
    second = step_no(submission, 2)
    assert second.state == State.ACTIVE and second.task.owner == org["pgd1"]
    assert Task.objects.filter(process=first.task.process, flow_task=ApprovalFlow.act).count() == 2
    assert Notification.objects.filter(verb="assigned", user=org["pgd1"]).count() == 1
    assert Notification.objects.filter(verb="decided", user=org["chuyenvien"]).count() == 1


def test_the_last_decision_racing_finishes_the_process_once(org, leave_form):
    submission = submit(leave_form, org["chuyenvien"], 0.5)
    pk = step_no(submission, 1).pk

    outcomes = race([decide_call(pk, org["truongphong"]) for _ in range(3)])

    winner = assert_one_winner(outcomes)
    assert winner.status == Submission.Status.APPROVED
    assert_step_handled_once(submission)
    assert SubmissionEvent.objects.filter(submission=submission, action="completed").count() == 1
    assert Notification.objects.filter(verb="approved", user=org["chuyenvien"]).count() == 1
    process = step_no(submission, 1).task.process
    assert process.finished is not None
    assert process.task_set.filter(flow_task=ApprovalFlow.end).count() == 1


def _decide_in_process(barrier, results, step_pk, user_pk):
    """Runs in a forked child: its own interpreter state and its own database connection."""
    # Anything open at the fork (another thread's connection, e.g. the live server of the
    # browser tests) belongs to the parent: drop the handles without closing the sockets.
    for conn in connections.all():
        conn.connection = None
    try:
        step_ = ApprovalStep.objects.get(pk=step_pk)
        user = User.objects.get(pk=user_pk)
        barrier.wait(timeout=20)
        task_decide(step=step_, user=user, decision="approve")
        results.put("ok")
    except LOSSES as exc:
        results.put(type(exc).__name__)
    except BaseException as exc:
        results.put(f"unexpected {type(exc).__name__}: {exc}")
    finally:
        connections.close_all()


def test_two_approvers_in_separate_processes_give_one_decision(org, office):
    submission = pool_request_of(org)
    members = office[:2]
    pk = step_no(submission, 1).pk
    # Children must not share this process's connection: close it before forking.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(members)), context.Queue()
    children = [
        context.Process(target=_decide_in_process, args=(barrier, results, pk, user.pk))
        for user in members
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=30)

    assert outcomes.count("ok") == 1, outcomes
    assert all(o in ("ok", "AlreadyHandled", "FlowLockFailed") for o in outcomes), outcomes
    assert all(child.exitcode == 0 for child in children)
    assert_step_handled_once(submission)
    assert step_no(submission, 2).state == State.ACTIVE


def withdraw_call(submission_pk, user):
    def call():
        return submission_withdraw(submission=Submission.objects.get(pk=submission_pk), user=user)

    return call


@pytest.mark.parametrize("days", [0.5, 1])
def test_a_withdrawal_racing_a_decision_ends_in_one_consistent_state(org, leave_form, days):
    # Half a day: the decision ends the chain; one day: it opens the next step.
    submission = submit(leave_form, org["chuyenvien"], days)
    first = step_no(submission, 1)

    decided, withdrawn = race(
        [
            decide_call(first.pk, org["truongphong"]),
            withdraw_call(submission.pk, org["chuyenvien"]),
        ]
    )

    assert isinstance(decided, Submission | AlreadyHandled | FlowLockFailed), decided
    assert isinstance(withdrawn, Submission | SubmissionError | FlowLockFailed), withdrawn
    submission.refresh_from_db()
    first.refresh_from_db()
    if isinstance(withdrawn, Submission):
        assert submission.status == Submission.Status.WITHDRAWN
        assert not submission.steps.filter(state=State.ACTIVE).exists()
        assert not Task.objects.filter(
            process=first.task.process, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        ).exists()
    if isinstance(decided, Submission):
        assert first.state == State.DONE
        assert SubmissionEvent.objects.filter(step=first).count() == 1
    else:
        assert first.state == State.CANCELLED
    assert first.task.process.finished is not None or submission.status == "pending"
