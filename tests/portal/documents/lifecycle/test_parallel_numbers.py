"""Twenty final approvals at once on PostgreSQL: numbers 1…20, no gap, no duplicate."""

import datetime

import pytest
from django.db import connection

from flows.services import task_decide
from forms.models import ApprovalStep
from portal.documents.models import Document, NumberCounter
from tests.factories import member
from tests.flows.support import race, rule, step
from tests.forms.leave.support import apply

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL only"
    ),
]

RACERS = 20


@pytest.fixture
def one_step_page(org, templates, ca):
    from tests.factories import leave_form

    return leave_form(
        policy=rule(step("decision", "unit_head")), document_template=templates["leave"]
    )


def test_twenty_parallel_final_approvals_number_without_gap_or_duplicate(org, one_step_page):
    staff = org["chuyenvien"].memberships.first().position
    requesters = [member(org["cn"], staff, f"nhanvien{i}") for i in range(RACERS)]
    submissions = [apply(one_step_page, user, datetime.date(2026, 11, 30)) for user in requesters]
    steps = [s.steps.get(order=1) for s in submissions]
    head = org["truongphong"]

    def decide(step_pk):
        return lambda: task_decide(
            step=ApprovalStep.objects.get(pk=step_pk), user=head, decision="approve"
        )

    outcomes = race([decide(s.pk) for s in steps])
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes

    documents = Document.objects.filter(submission__in=submissions)
    numbers = sorted(documents.values_list("number", flat=True))
    assert numbers == list(range(1, RACERS + 1))
    assert set(documents.values_list("status", flat=True)) == {Document.Status.ISSUED}
    counter = NumberCounter.objects.get(symbol=one_step_page.document_template.symbol)
    assert counter.last_number == RACERS
