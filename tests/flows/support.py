"""Helpers for the approval-engine tests: submitting, reading chains back, pinned dates."""

import datetime
import threading
from zoneinfo import ZoneInfo

from django.db import connection

from flows.services import task_decide
from forms.models import ApprovalStep, Submission
from forms.services import submission_create

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# A working week with no holiday: Wednesday 2 to Friday 4 December 2026, then the weekend.
WEDNESDAY = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=HCM)
FRIDAY = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=HCM)
MONDAY = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=HCM)


def submit(page, user, days=None, **kwargs) -> Submission:
    data = {} if days is None else {"days": days}
    return submission_create(page=page, requester=user, cleaned_data=data, **kwargs)


def chain(submission: Submission, round: int | None = None) -> list[tuple]:
    """(kind, approver, acting, state) of each step of a round, usernames for people."""
    steps = submission.steps.filter(round=round or submission.round).order_by("order")
    return [
        (
            s.kind,
            s.approver.username if s.approver else (s.group.name if s.group else None),
            s.acting.username if s.acting else None,
            s.state,
        )
        for s in steps.select_related("approver", "acting", "group")
    ]


def active(submission: Submission) -> ApprovalStep:
    return submission.steps.get(round=submission.round, state=ApprovalStep.State.ACTIVE)


def step_no(submission: Submission, order: int, round: int | None = None) -> ApprovalStep:
    return submission.steps.get(round=round or submission.round, order=order)


def approve(submission: Submission, user, comment: str = "") -> Submission:
    return task_decide(step=active(submission), user=user, decision="approve", comment=comment)


def actions(submission: Submission) -> list[str]:
    return list(submission.events.order_by("at", "pk").values_list("action", flat=True))


def rule(*steps: dict, name: str = "Mọi trường hợp") -> list[dict]:
    """A policy of one catch-all rule."""
    value = {"name": name, "positions": [], "units": [], "conditions": [], "steps": list(steps)}
    return [{"type": "rule", "value": value}]


def step(kind: str, resolver: str, *, group: str = "", person: str = "", days: int = 2) -> dict:
    return {
        "kind": kind,
        "resolver": resolver,
        "group": group,
        "person": person,
        "deadline_days": days,
        "signer_title": "",
    }


def race(calls: list) -> list:
    """Run each callable in its own thread, released together; what each returned or raised.

    Every thread has its own database connection, closed when it finishes.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except BaseException as exc:  # the test inspects whatever happened
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing thread never finished"
    return outcomes
