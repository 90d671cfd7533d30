"""Property-based checks of API v1 against its own OpenAPI document (schemathesis).

The schema is read from the running app (``/api/v1/openapi.json`` through Django's WSGI
handler); every operation is then called with generated valid and invalid inputs (the
schema's positive and negative strategies), as a staff member who has a submission and a
task, and must never answer 5xx.

Each operation is its own pytest item, parametrised here rather than by
``schema.parametrize()``/``from_fixture()``: with pytest 9.2, schemathesis 4.32 gives all its
items one node id (pytest-xdist in ``make test`` then runs only the first) and its lazy
loader fails on ``Function._nodeid``.

The budget is small and fixed (``MAX_EXAMPLES`` per operation, derandomised) so that the run
is reproducible and stays well under a minute in ``make test``. To search harder locally:
``SCHEMATHESIS_MAX_EXAMPLES=500 uv run pytest tests/portal/api/test_schemathesis.py``.
"""

import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from flows.services import task_decide
from forms.services import submission_create
from portal.accounts.services import api_token_issue

from .conftest import VALID

FIELDS = ("tu_ngay", "so_ngay", "noi_dung", "loai")  # request_form's fields
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [
    f"{operation.method.upper()} {operation.path}"
    for operation in (result.ok() for result in schema.get_all_operations())
]


@dataclass
class World:
    headers: dict
    submission_ids: list[int]
    task_ids: list[int]


@pytest.fixture
def wsgi_in_test_transaction():
    """Django's WSGI handler closes "old" connections around each request, which would end
    the test's transaction; its own test client switches this off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(org, request_form, wsgi_in_test_transaction):
    """truongphong has a task (chuyenvien's request), a pending request of his own and a
    returned one (so withdraw, resubmit and decide all meet real objects)."""
    cleaned = {"noi_dung": "Đề nghị", "so_ngay": 1, "tu_ngay": "2026-12-01"}
    theirs = submission_create(page=request_form, requester=org["chuyenvien"], cleaned_data=cleaned)
    mine = submission_create(page=request_form, requester=org["truongphong"], cleaned_data=cleaned)
    returned = submission_create(
        page=request_form, requester=org["truongphong"], cleaned_data=cleaned
    )
    first = returned.steps.get(state="active")
    task_decide(step=first, user=first.actor, decision="return", comment="Bổ sung")
    task = theirs.steps.get(state="active")
    _token, raw = api_token_issue(user=org["truongphong"])
    return World(
        headers={"Authorization": f"Bearer {raw}"},
        submission_ids=[theirs.pk, mine.pk, returned.pk],
        task_ids=[task.pk],
    )


def aim_at_real_objects(case, world: World) -> None:
    """Point a share of the generated ids and slugs at objects that exist, and put generated
    values into the form's real fields, so the checks reach the code behind the 404s."""
    params = case.path_parameters or {}
    pk = params.get("pk")
    if isinstance(pk, int) and not isinstance(pk, bool) and pk % 4:
        pool = world.task_ids if "/tasks/" in case.path else world.submission_ids
        params["pk"] = pool[pk % len(pool)]
    slug = params.get("slug")
    if isinstance(slug, str) and len(slug) % 2 == 0:
        params["slug"] = "de-nghi"
    submits_a_form = case.method in ("POST", "PUT") and "/tasks/" not in case.path
    if submits_a_form and isinstance(case.body, dict):
        # Generated values go into the form's fields (in turn), the rest stays valid.
        body = dict(VALID)
        for name, value in zip(FIELDS, case.body.values(), strict=False):
            body[name] = value
        body.update({k: v for k, v in case.body.items() if k not in body})
        case.body = body


def cases(operation):
    """Valid and invalid requests; an operation without inputs has no invalid ones."""
    has_inputs = (
        operation.path_parameters
        or operation.query
        or operation.headers
        or any(True for _body in operation.body)
    )
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE][: 2 if has_inputs else 1]
    return st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))


def test_every_operation_of_the_contract_is_checked():
    assert set(OPERATIONS) >= {
        "GET /api/v1/forms/",
        "GET /api/v1/forms/{slug}/",
        "POST /api/v1/forms/{slug}/submissions/",
        "GET /api/v1/submissions/",
        "GET /api/v1/submissions/{pk}/",
        "PUT /api/v1/submissions/{pk}/",
        "POST /api/v1/submissions/{pk}/withdraw/",
        "GET /api/v1/tasks/",
        "POST /api/v1/tasks/{pk}/decision/",
        "GET /api/v1/me/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("label", OPERATIONS)
def test_api_never_answers_with_a_server_error(label, world):
    method, path = label.split(" ", 1)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(schema[path][method]))
    def check(case):
        aim_at_real_objects(case, world)
        case.call_and_validate(headers=world.headers, checks=[not_a_server_error])

    check()
