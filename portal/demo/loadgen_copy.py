"""Fast inserts of plain rows for the load generator: COPY on PostgreSQL, executemany elsewhere.

Model instances and ``bulk_create`` cost about 0.1 ms a row, which is minutes for the millions
of Viewflow task rows of 200,000 submissions; plain tuples with ids we hand out ourselves
(one writer: the command) cost a few microseconds. The sequences are moved past our ids after.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from viewflow.workflow.models import Process, Task

from flows.approval import ApprovalFlow
from forms.models import ApprovalStep, Submission, SubmissionEvent
from portal.notifications.models import Notification


class Table:
    """Rows for one model's table; ``add`` returns the id the row will have."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model = model
        self.columns = ["id", *columns]
        self.rows: list[tuple] = []
        self.next_id = (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        fields = {f.column: f for f in model._meta.concrete_fields}
        postgres = connection.vendor == "postgresql"
        self.convert = []
        for column in self.columns:
            field = fields[column]
            if isinstance(field, models.JSONField):
                self.convert.append(lambda v: json.dumps(v, ensure_ascii=False))
            elif isinstance(field, models.DateTimeField) and not postgres:
                self.convert.append(connection.ops.adapt_datetimefield_value)
            elif isinstance(field, models.DateField) and not postgres:
                self.convert.append(connection.ops.adapt_datefield_value)
            else:
                self.convert.append(None)
        self.defaults: dict = {}

    def reserve(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, **values) -> int:
        """Queue a row; ``id`` may be one ``reserve`` gave earlier."""
        if "id" not in values:
            values["id"] = self.reserve()
        self.rows.append(tuple(values.get(c, self.defaults.get(c)) for c in self.columns))
        return values["id"]

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        converters = [(i, f) for i, f in enumerate(self.convert) if f is not None]
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg 3: COPY … FROM STDIN
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if converters:
                            row = list(row)
                            for i, f in converters:
                                if row[i] is not None:
                                    row[i] = f(row[i])
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                prepared = []
                for row in rows:
                    row = list(row)
                    for i, f in converters:
                        if row[i] is not None:
                            row[i] = f(row[i])
                    prepared.append(row)
                # Table and column names come from the model, never from input.
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)
        return len(rows)


def sequences_reset(models_: list[type[models.Model]]) -> None:
    """Move the id sequences past the ids we gave out (PostgreSQL; a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


TASK_TYPES = {"start": "START", "advance": "FUNCTION", "gate": "EXCLUSIVE_GATEWAY"}
TASK_TYPES |= {"act": "HUMAN", "end": "END"}


class Tables:
    """The tables a chunk writes to, with the ids handed out so far."""

    def __init__(self):
        self.submissions = Table(Submission, SUBMISSION_COLUMNS)
        self.processes = Table(Process, PROCESS_COLUMNS)
        self.tasks = Table(Task, TASK_COLUMNS)
        self.previous = Table(Task.previous.through, ["from_task_id", "to_task_id"])
        self.steps = Table(ApprovalStep, STEP_COLUMNS)
        self.events = Table(SubmissionEvent, EVENT_COLUMNS)
        self.notices = Table(Notification, NOTICE_COLUMNS)
        self.tasks.defaults = {"token": "start", "data": {}}
        self.processes.defaults = {"data": {"round": 1}, "flow_class": FLOW_CLASS}
        self.processes.defaults["artifact_content_type_id"] = ContentType.objects.get_for_model(
            Submission
        ).pk
        self.steps.defaults = {"round": 1, "note": "", "signer_title": "", "comment": ""}
        self.events.defaults = {"round": 1, "comment": ""}
        self.notices.defaults = {"verb": Notification.Verb.ASSIGNED}

    def flush(self) -> None:
        for table in (
            self.submissions,
            self.processes,
            self.tasks,
            self.previous,
            self.steps,
            self.events,
            self.notices,
        ):
            table.flush()


SUBMISSION_COLUMNS = [
    "form_page_id", "form_revision_id", "form_snapshot", "kind", "title", "requester_id",
    "requester_unit_id", "requester_position_id", "data", "status", "round", "rule_name",
    "created_at", "updated_at", "decided_at",
]  # fmt: skip
PROCESS_COLUMNS = [
    "flow_class", "status", "created", "finished", "data", "artifact_content_type_id",
    "artifact_object_id",
]  # fmt: skip
TASK_COLUMNS = [
    "process_id", "flow_task", "flow_task_type", "status", "created", "assigned", "started",
    "finished", "token", "owner_id", "data",
]  # fmt: skip
STEP_COLUMNS = [
    "submission_id", "round", "order", "kind", "resolver", "approver_id", "group_id",
    "acting_id", "note", "signer_title", "state", "deadline_days", "due_date", "activated_at",
    "decision", "comment", "decided_by_id", "decided_at", "task_id",
]  # fmt: skip
EVENT_COLUMNS = [
    "submission_id", "round", "step_id", "action", "actor_id", "on_behalf_of_id", "comment", "at",
]  # fmt: skip
NOTICE_COLUMNS = ["user_id", "verb", "title", "body", "url", "created_at"]
FLOW_CLASS = Process._meta.get_field("flow_class").get_prep_value(ApprovalFlow)
FLOW_TASKS = {
    name: Task._meta.get_field("flow_task").get_prep_value(getattr(ApprovalFlow, name))
    for name in TASK_TYPES
}
