"""Rows of generated submissions, written in bulk with the values the services write.

``rows_write`` replays, for each planned submission, what ``submission_create``,
``chain_start``/``chain_advance``, ``task_decide``, ``_stop_round`` and ``submission_withdraw``
would have stored: the steps and their states, the timeline events, the Viewflow process of
the round and its task trail (start → advance → gate → act → advance → gate … → end, each
task linked to the one before) and the unread "có đơn cần …" notice of each open step.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import ForeignObjectRel, ManyToManyRel, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from forms.models import ApprovalStep, Submission, SubmissionEvent
from portal.accounts.models import User
from portal.notifications.models import Notification
from portal.org.models import Membership

from .loadgen_copy import FLOW_TASKS, TASK_TYPES, Tables, sequences_reset
from .loadgen_org import PREFIX

State = ApprovalStep.State
KIND_LABELS = dict(ApprovalStep.Kind.choices)


@dataclass
class Plan:
    page: object
    snapshot: list
    membership: Membership
    data: dict
    title: str
    chain: object
    created_at: datetime.datetime
    status: str  # pending, approved, rejected, returned, withdrawn, recorded
    open_index: int = 0


def _pk(user) -> int | None:
    return user.pk if user is not None else None


class _Round:
    """The rows of one submission's first round, built step by step along a clock."""

    def __init__(self, plan: Plan, tables: Tables, rng: random.Random, due, deciders):
        self.plan, self.tables, self.rng, self.due = plan, tables, rng, due
        self.deciders = deciders
        self.t = plan.created_at
        self.submission_id = tables.submissions.reserve()
        self.process_id: int | None = None
        self.last_task: int | None = None
        self.requester = plan.membership.user_id

    def tick(self, low: float, high: float) -> datetime.datetime:
        self.t += datetime.timedelta(seconds=self.rng.uniform(low, high))
        return self.t

    def task(self, name: str, *, status=STATUS.DONE, started=True, task_id=None, **extra) -> int:
        done = status in (STATUS.DONE, STATUS.CANCELED)
        pk = self.tables.tasks.add(
            id=task_id or self.tables.tasks.reserve(),
            process_id=self.process_id,
            flow_task=FLOW_TASKS[name],
            flow_task_type=TASK_TYPES[name],
            status=status,
            created=extra.pop("created", self.t),
            started=self.t if started and status == STATUS.DONE else None,
            finished=self.t if done else None,
            **extra,
        )
        if self.last_task is not None:
            self.tables.previous.add(from_task_id=pk, to_task_id=self.last_task)
        self.last_task = pk
        return pk

    def event(self, action: str, step_id=None, actor=None, comment="", on_behalf_of=None):
        self.tables.events.add(
            submission_id=self.submission_id,
            step_id=step_id,
            action=action,
            actor_id=actor,
            on_behalf_of_id=on_behalf_of,
            comment=comment,
            at=self.t,
        )

    def build(self) -> None:
        plan = self.plan
        self.event("submitted", actor=self.requester)
        if plan.status != "recorded":
            self.process_id = self.tables.processes.reserve()
            self.process_created = self.tick(0.05, 0.2)
            self.task("start")
            self.task("advance")
        stop_at = None if plan.status in ("approved", "recorded") else plan.open_index
        action_no, stopped = 0, False
        for order, resolved in enumerate(plan.chain.steps, start=1):
            step = {
                "id": self.tables.steps.reserve(),
                "submission_id": self.submission_id,
                "order": order,
                "kind": resolved.kind,
                "resolver": resolved.resolver,
                "approver_id": _pk(resolved.approver),
                "group_id": self.deciders.group_id(resolved.group_code),
                "acting_id": _pk(resolved.acting),
                "note": resolved.note[:255],
                "signer_title": resolved.signer_title,
                "deadline_days": resolved.deadline_days,
            }
            if stopped:
                step["state"] = State.WAITING if plan.status == "pending" else State.CANCELLED
            elif resolved.kind == ApprovalStep.Kind.NOTICE:
                step["state"], step["decided_at"] = State.DONE, self.tick(0.01, 0.1)
                self.event("notified", step_id=step["id"])
            else:
                stopped = self._act(step, stop=action_no == stop_at)
                action_no += 1
            self.tables.steps.add(**step)
        self._finish()

    def _act(self, step: dict, *, stop: bool) -> bool:
        """Open the step and, unless the round stops here open or withdrawn, decide it."""
        plan = self.plan
        self.task("gate", started=False)
        step["activated_at"] = activated = self.tick(0.01, 0.1)
        step["due_date"] = self.due(timezone.localtime(self.t).date(), step["deadline_days"])
        owner = step["acting_id"] or step["approver_id"]
        if stop and plan.status == "pending":
            step["state"] = State.ACTIVE
            step["task_id"] = self.task("act", status=STATUS.ASSIGNED if owner else STATUS.NEW,
                                        owner_id=owner)  # fmt: skip
            for user in self.deciders.recipients(step, self.requester):
                self.tables.notices.add(
                    user_id=user,
                    title=_("Có đơn cần %(action)s: %(title)s")
                    % {"action": KIND_LABELS[step["kind"]].lower(), "title": plan.title},
                    body=_("Hạn xử lý: %(due)s.") % {"due": step["due_date"].strftime("%d/%m/%Y")},
                    url=f"/viec-can-xu-ly/viec/{step['id']}/",
                    created_at=activated,
                )
            return True
        if stop and plan.status == "withdrawn":
            self.tick(3600, 3 * 86400)
            step["state"] = State.CANCELLED
            step["task_id"] = self.task("act", status=STATUS.CANCELED, owner_id=owner,
                                        created=activated)  # fmt: skip
            self.event("withdrawn", actor=self.requester)
            return True
        decider = owner or self.deciders.member(step["group_id"], self.requester)
        decided = self.tick(1800, 2 * 86400)
        choice = plan.status if stop else "approved"
        step["task_id"] = self.task("act", owner_id=decider, created=activated,
                                    assigned=None if step["approver_id"] else decided)  # fmt: skip
        approver = step["approver_id"] = step["approver_id"] or decider
        comment = "" if choice == "approved" else "Đề nghị bổ sung hồ sơ theo quy định."
        step.update(state=State.DONE, decision=choice, decided_by_id=decider, decided_at=decided)
        step["comment"] = comment
        self.event(choice, step_id=step["id"], actor=decider, comment=comment,
                   on_behalf_of=approver if approver != decider else None)  # fmt: skip
        self.tick(0.05, 0.3)
        self.task("advance")
        return stop

    def _finish(self) -> None:
        plan = self.plan
        decided_at = None
        if plan.status in ("approved", "recorded"):
            self.event("recorded" if plan.status == "recorded" else "completed")
        if plan.status in ("approved", "recorded", "rejected"):
            decided_at = self.t
        if self.process_id is not None:
            finished = None
            if plan.status != "pending":
                if plan.status != "withdrawn":
                    self.task("gate", started=False)
                    self.task("end", started=False)
                finished = self.t
            status = {"pending": STATUS.NEW, "withdrawn": STATUS.CANCELED}.get(
                plan.status, STATUS.DONE
            )
            self.tables.processes.add(
                id=self.process_id,
                status=status,
                created=self.process_created,
                finished=finished,
                artifact_object_id=self.submission_id,
            )
        m = plan.membership
        self.tables.submissions.add(
            id=self.submission_id,
            form_page_id=plan.page.pk,
            form_revision_id=plan.page.live_revision_id,
            form_snapshot=plan.snapshot,
            kind=plan.page.kind,
            title=plan.title,
            requester_id=m.user_id,
            requester_unit_id=m.unit_id,
            requester_position_id=m.position_id,
            data=plan.data,
            status=plan.status,
            round=1,
            rule_name=plan.chain.rule_name,
            created_at=plan.created_at,
            updated_at=self.t,
            decided_at=decided_at,
        )


class _Deciders:
    """Group ids by role code, and who of a group took a group task."""

    def __init__(self):
        from flows.services import _role_group

        self._role_group = _role_group
        self._groups: dict[str, int] = {}
        self._members: dict[int, list[int]] = {}

    def group_id(self, code: str | None) -> int | None:
        if not code:
            return None
        if code not in self._groups:
            self._groups[code] = self._role_group(code).pk
        return self._groups[code]

    def _group(self, group_id: int) -> list[int]:
        if group_id not in self._members:
            members = User.objects.filter(groups=group_id, is_active=True)
            self._members[group_id] = list(members.values_list("pk", flat=True))
        return self._members[group_id]

    def member(self, group_id: int, requester: int) -> int:
        return next(u for u in self._group(group_id) if u != requester)

    def recipients(self, step: dict, requester: int) -> list[int]:
        # As flows.selectors.step_recipients: the delegate, the approver or the group.
        if step["acting_id"] or step["approver_id"]:
            return [step["acting_id"] or step["approver_id"]]
        return [u for u in self._group(step["group_id"]) if u != requester]


def rows_write(plans: list[Plan], *, rng: random.Random, due: Callable) -> None:
    tables, deciders = Tables(), _Deciders()
    with override("vi"):
        for plan in plans:
            _Round(plan, tables, rng, due, deciders).build()
    tables.flush()
    sequences_reset(
        [Submission, Process, Task, Task.previous.through, ApprovalStep, SubmissionEvent]
        + [Notification]
    )


def open_task_count() -> int:
    return ApprovalStep.objects.filter(
        state=State.ACTIVE, submission__requester__username__startswith=f"{PREFIX}-"
    ).count()


def generated_rows_delete(submissions) -> None:
    """Remove generated submissions and everything hanging from them, without the ORM's
    per-row collector (which would load millions of rows)."""
    ids = submissions.values("pk")
    ct = ContentType.objects.get_for_model(Submission)
    processes = Process.objects.filter(artifact_content_type=ct, artifact_object_id__in=ids)
    tasks = Task.objects.filter(process__in=processes.values("pk"))
    urls = Q(url__startswith="/viec-can-xu-ly/viec/") & Q(user__username__startswith=f"{PREFIX}-")
    Notification.objects.filter(urls)._raw_delete(Notification.objects.db)
    # First, or clearing the steps' references would rewrite millions of events to delete them.
    SubmissionEvent.objects.filter(submission__in=ids)._raw_delete(SubmissionEvent.objects.db)
    _dependents_delete(Submission, ids)
    Task.previous.through.objects.filter(from_task__in=tasks.values("pk"))._raw_delete(
        Task.objects.db
    )
    tasks._raw_delete(Task.objects.db)
    processes._raw_delete(Process.objects.db)
    submissions._raw_delete(Submission.objects.db)


def _dependents_delete(model: type[models.Model], ids) -> None:
    """Every row whose foreign key points at ``ids`` of ``model``, deepest first; a SET_NULL
    reference is cleared instead. Read off the models, so the steps, documents, leave and
    ledger rows, trips… that the real services wrote for a generated person's request (the
    bench's documents, a tester's clicks) go too, and so will a model added later."""
    for relation in model._meta.get_fields(include_hidden=True):
        # A many-to-many's rows are its through model's, which has a foreign key of its own.
        if not isinstance(relation, ForeignObjectRel) or isinstance(relation, ManyToManyRel):
            continue
        related = relation.related_model
        rows = related._base_manager.filter(**{f"{relation.field.name}__in": ids})
        if relation.on_delete is models.SET_NULL:
            rows.update(**{relation.field.name: None})
            continue
        _dependents_delete(related, rows.values("pk"))
        rows._raw_delete(rows.db)
