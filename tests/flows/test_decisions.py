"""Deciding tasks: approve, reject, return and resubmit, withdraw, and who may do what.

leave_form runs the An Giang policy; a chuyên viên's 3-day leave goes truongphong (opinion)
→ pgd1 (opinion) → giamdoc (decision).
"""

import pytest
from viewflow.workflow.models import Process
from viewflow.workflow.status import PROCESS, STATUS

from flows.selectors import open_steps_for
from flows.services import AlreadyHandled, DecisionError, NotYourTask, task_decide
from forms.models import ApprovalStep, Submission
from forms.services import SubmissionError, submission_resubmit, submission_withdraw
from portal.notifications.models import Notification
from tests.factories import approval_form, two_step_policy
from tests.flows.support import WEDNESDAY, actions, active, approve, chain, step_no, submit

pytestmark = pytest.mark.django_db

State = ApprovalStep.State
Status = Submission.Status


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture
def pending(org, leave_form):
    """A chuyên viên's 3-day leave, waiting for his Trưởng phòng's opinion."""
    return submit(leave_form, org["chuyenvien"], 3)


def processes(submission):
    return Process.objects.filter(artifact_object_id=submission.pk).order_by("pk")


def requester_verbs(submission):
    return list(
        Notification.objects.filter(user=submission.requester)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def snapshot(submission):
    """Everything a refused action must leave as it was."""
    submission = Submission.objects.get(pk=submission.pk)
    return (
        submission.status,
        submission.round,
        chain(submission),
        actions(submission),
        list(
            submission.steps.filter(task__isnull=False).values_list("task__status", "task__owner")
        ),
        Notification.objects.count(),
    )


def test_approvals_through_the_chain_end_approved(org, pending):
    approve(pending, org["truongphong"])
    approve(pending, org["pgd1"])
    submission = approve(pending, org["giamdoc"], comment="Đồng ý cho nghỉ.")

    assert submission.status == Status.APPROVED
    assert submission.decided_at is not None
    assert [s[3] for s in chain(submission)] == [State.DONE] * 3
    assert list(submission.steps.values_list("decision", flat=True)) == ["approved"] * 3
    assert actions(submission) == ["submitted", "approved", "approved", "approved", "completed"]
    assert submission.events.get(step=step_no(submission, 3)).comment == "Đồng ý cho nghỉ."
    assert requester_verbs(submission) == ["decided", "decided", "decided", "approved"]
    (process,) = processes(submission)
    assert process.status == PROCESS.DONE and process.finished is not None
    assert not process.task_set.exclude(status=STATUS.DONE).exists()
    assert not open_steps_for(user=org["giamdoc"]).exists()


def test_each_approval_opens_the_next_step_for_its_actor(org, pending):
    approve(pending, org["truongphong"])

    second = active(pending)
    assert second.order == 2 and second.approver == org["pgd1"]
    assert second.task.owner == org["pgd1"] and second.task.status == STATUS.ASSIGNED
    assert list(open_steps_for(user=org["pgd1"])) == [second]
    assert not open_steps_for(user=org["truongphong"]).exists()
    assert Notification.objects.filter(user=org["pgd1"], verb="assigned").count() == 1


def test_rejection_with_a_reason_ends_the_round(org, pending):
    approve(pending, org["truongphong"])

    submission = task_decide(
        step=active(pending), user=org["pgd1"], decision="reject", comment="Đang cao điểm."
    )

    assert submission.status == Status.REJECTED
    assert submission.decided_at is not None
    assert [s[3] for s in chain(submission)] == [State.DONE, State.DONE, State.CANCELLED]
    assert step_no(submission, 2).decision == "rejected"
    assert step_no(submission, 3).task is None
    assert actions(submission) == ["submitted", "approved", "rejected"]
    assert submission.events.get(action="rejected").comment == "Đang cao điểm."
    (process,) = processes(submission)
    assert process.status == PROCESS.DONE and process.finished is not None
    assert requester_verbs(submission) == ["decided", "rejected"]
    assert Notification.objects.get(verb="rejected").body == "Đang cao điểm."
    assert not open_steps_for(user=org["giamdoc"]).exists()


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_reject_or_return_without_a_reason_is_refused_and_changes_nothing(org, pending, decision):
    before = snapshot(pending)

    for comment in ["", "   \n "]:
        with pytest.raises(DecisionError):
            task_decide(
                step=active(pending), user=org["truongphong"], decision=decision, comment=comment
            )

    assert snapshot(pending) == before


def test_an_unknown_decision_is_refused(org, pending):
    before = snapshot(pending)

    with pytest.raises(DecisionError):
        task_decide(step=active(pending), user=org["truongphong"], decision="maybe")

    assert snapshot(pending) == before


def test_return_then_resubmit_starts_round_two_from_the_first_step(org, pending):
    approve(pending, org["truongphong"])
    returned = task_decide(
        step=active(pending), user=org["pgd1"], decision="return", comment="Bổ sung lý do."
    )

    assert returned.status == Status.RETURNED
    assert returned.decided_at is None
    assert [s[3] for s in chain(returned)] == [State.DONE, State.DONE, State.CANCELLED]
    assert processes(returned).get().finished is not None
    assert requester_verbs(returned) == ["decided", "returned"]

    resubmitted = submission_resubmit(
        submission=returned, user=org["chuyenvien"], cleaned_data={"days": 3}
    )

    assert resubmitted.round == 2
    assert resubmitted.status == Status.PENDING
    assert chain(resubmitted) == [
        ("opinion", "truongphong", None, State.ACTIVE),
        ("opinion", "pgd1", None, State.WAITING),
        ("decision", "giamdoc", None, State.WAITING),
    ]
    assert active(resubmitted).task.owner == org["truongphong"]
    # Round 1 is history: its steps and events are all still there.
    assert [s[3] for s in chain(resubmitted, round=1)] == [
        State.DONE,
        State.DONE,
        State.CANCELLED,
    ]
    assert step_no(resubmitted, 2, round=1).comment == "Bổ sung lý do."
    assert list(resubmitted.events.values_list("round", "action")) == [
        (1, "submitted"),
        (1, "approved"),
        (1, "returned"),
        (2, "resubmitted"),
    ]
    first, second = processes(resubmitted)
    assert first.finished is not None and second.finished is None

    approve(resubmitted, org["truongphong"])
    approve(resubmitted, org["pgd1"])
    final = approve(resubmitted, org["giamdoc"])

    assert final.status == Status.APPROVED
    assert list(final.events.filter(round=2).values_list("action", flat=True)) == [
        "resubmitted",
        "approved",
        "approved",
        "approved",
        "completed",
    ]
    assert final.steps.count() == 6
    assert all(p.finished is not None for p in processes(final))


def test_resubmitted_values_choose_the_rule_again(org, pending):
    task_decide(
        step=active(pending), user=org["truongphong"], decision="return", comment="Nghỉ ít hơn."
    )

    resubmitted = submission_resubmit(
        submission=pending, user=org["chuyenvien"], cleaned_data={"days": 0.5}
    )

    assert chain(resubmitted) == [("decision", "truongphong", None, State.ACTIVE)]
    assert resubmitted.data["days"] == 0.5


def test_only_a_returned_submission_can_be_resubmitted_and_only_by_its_requester(org, pending):
    with pytest.raises(SubmissionError):
        submission_resubmit(submission=pending, user=org["chuyenvien"], cleaned_data={"days": 1})
    task_decide(step=active(pending), user=org["truongphong"], decision="return", comment="Sửa.")
    with pytest.raises(NotYourTask):
        submission_resubmit(submission=pending, user=org["truongphong"], cleaned_data={})

    assert Submission.objects.get(pk=pending.pk).round == 1


def test_withdrawing_a_pending_submission_cancels_its_task_and_process(org, pending):
    task = active(pending).task

    submission = submission_withdraw(submission=pending, user=org["chuyenvien"])

    assert submission.status == Status.WITHDRAWN
    assert [s[3] for s in chain(submission)] == [State.CANCELLED] * 3
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED and task.finished is not None
    (process,) = processes(submission)
    assert process.status == PROCESS.CANCELED and process.finished is not None
    assert actions(submission) == ["submitted", "withdrawn"]
    assert submission.events.get(action="withdrawn").actor == org["chuyenvien"]
    assert not open_steps_for(user=org["truongphong"]).exists()
    with pytest.raises(AlreadyHandled):
        task_decide(step=step_no(submission, 1), user=org["truongphong"], decision="approve")


def test_withdrawing_a_returned_submission(org, pending):
    task_decide(step=active(pending), user=org["truongphong"], decision="return", comment="Sửa.")

    submission = submission_withdraw(submission=pending, user=org["chuyenvien"])

    assert submission.status == Status.WITHDRAWN
    assert [s[3] for s in chain(submission)] == [State.DONE, State.CANCELLED, State.CANCELLED]
    assert actions(submission) == ["submitted", "returned", "withdrawn"]
    with pytest.raises(SubmissionError):
        submission_resubmit(submission=submission, user=org["chuyenvien"], cleaned_data={})


def test_only_the_requester_may_withdraw(org, pending):
    before = snapshot(pending)

    with pytest.raises(NotYourTask):
        submission_withdraw(submission=pending, user=org["truongphong"])

    assert snapshot(pending) == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_finished_submission_cannot_be_withdrawn(org, leave_form, decision):
    submission = submit(leave_form, org["chuyenvien"], 0.5)
    task_decide(step=active(submission), user=org["truongphong"], decision=decision, comment="x")

    with pytest.raises(SubmissionError):
        submission_withdraw(submission=submission, user=org["chuyenvien"])
    with pytest.raises(SubmissionError):
        submission_withdraw(submission=submission, user=org["chuyenvien"])

    assert Submission.objects.get(pk=submission.pk).status != Status.WITHDRAWN


def test_a_waiting_step_cannot_be_decided(org, pending):
    before = snapshot(pending)

    with pytest.raises(AlreadyHandled):
        task_decide(step=step_no(pending, 2), user=org["pgd1"], decision="approve")

    assert snapshot(pending) == before


def test_a_decided_step_cannot_be_decided_again(org, pending):
    first = active(pending)
    task_decide(step=first, user=org["truongphong"], decision="approve")
    before = snapshot(pending)

    for decision, comment in [("approve", ""), ("reject", "Đổi ý.")]:
        with pytest.raises(AlreadyHandled):
            task_decide(step=first, user=org["truongphong"], decision=decision, comment=comment)

    assert snapshot(pending) == before


def test_a_step_loaded_before_its_turn_can_be_decided_once_active(org, pending):
    second = step_no(pending, 2)  # loaded while still waiting, with no task
    approve(pending, org["truongphong"])

    task_decide(step=second, user=org["pgd1"], decision="approve")

    assert active(pending).order == 3


@pytest.mark.parametrize("username", ["chuyenvien", "pgd1", "phophong"])
def test_a_stranger_cannot_decide(org, pending, username):
    before = snapshot(pending)

    with pytest.raises(NotYourTask):
        task_decide(step=active(pending), user=org[username], decision="approve")

    assert snapshot(pending) == before


def test_a_unit_head_never_approves_his_own_request(org):
    page = approval_form(title="Đề nghị", slug="de-nghi", policy=two_step_policy())

    submission = submit(page, org["truongphong"])

    # His own opinion moves up to the overseer, who also decides: one merged step.
    assert chain(submission) == [("decision", "pgd1", None, State.ACTIVE)]
    assert "Gộp" in active(submission).note
    with pytest.raises(NotYourTask):
        task_decide(step=active(submission), user=org["truongphong"], decision="approve")
    assert approve(submission, org["pgd1"]).status == Status.APPROVED


def test_a_deputy_goes_to_his_head_then_the_overseer(org):
    page = approval_form(title="Đề nghị", slug="de-nghi", policy=two_step_policy())

    submission = submit(page, org["phophong"])

    assert chain(submission) == [
        ("opinion", "truongphong", None, State.ACTIVE),
        ("decision", "pgd1", None, State.WAITING),
    ]
