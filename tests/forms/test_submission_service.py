"""submission_create: what it stores, and one submission per idempotency key."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from viewflow.workflow.models import Process

from forms.models import ApprovalStep, Submission, SubmissionEvent
from forms.services import SubmissionError, submission_create
from tests.factories import UserFactory, approval_form, two_step_policy


@pytest.fixture
def page(org):
    return approval_form(
        title="Đề nghị mua sắm",
        slug="mua-sam",
        policy=two_step_policy(),
        fields=[("Số ngày", "number", True)],
    )


def create(page, user, key=None, days=1):
    return submission_create(
        page=page, requester=user, cleaned_data={"so_ngay": days}, idempotency_key=key
    )


@pytest.mark.django_db
def test_submission_keeps_data_form_and_requesters_unit(org, page):
    submission = create(page, org["chuyenvien"], days=2)

    assert submission.data == {"so_ngay": 2}
    assert submission.form_revision == page.live_revision
    assert [f["name"] for f in submission.form_snapshot] == ["so_ngay"]
    assert submission.requester_unit == org["cn"]
    assert submission.requester_position.code == "chuyen-vien"
    assert submission.rule_name == "Mọi trường hợp"
    assert submission.round == 1
    event = submission.events.get()
    assert (event.action, event.actor) == ("submitted", org["chuyenvien"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2", 2),
        ("0.5", 0.5),
        ("1e30", 10**30),
        # Too long for a JSON number: the digits are kept as text rather than failing.
        ("1e5000", "1E+5000"),
    ],
)
def test_numbers_of_any_size_are_stored(org, page, typed, stored):
    submission = submission_create(
        page=page, requester=org["chuyenvien"], cleaned_data={"so_ngay": Decimal(typed)}
    )

    submission.refresh_from_db()
    assert submission.data == {"so_ngay": stored}


@pytest.mark.django_db
def test_same_idempotency_key_twice_makes_one_submission(org, page):
    first = create(page, org["chuyenvien"], key="k-1")
    second = create(page, org["chuyenvien"], key="k-1", days=5)

    assert second.pk == first.pk
    assert second.data == {"so_ngay": 1}
    assert Submission.objects.count() == 1
    assert ApprovalStep.objects.count() == 2
    assert SubmissionEvent.objects.count() == 1
    assert Process.objects.count() == 1


@pytest.mark.django_db
def test_the_key_belongs_to_one_requester(org, page):
    mine = create(page, org["chuyenvien"], key="k-1")
    theirs = create(page, org["phophong"], key="k-1")

    assert mine.pk != theirs.pk
    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_without_a_key_each_call_is_a_new_submission(org, page):
    create(page, org["chuyenvien"])
    create(page, org["chuyenvien"])

    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_someone_with_no_unit_cannot_submit(page):
    with pytest.raises(SubmissionError):
        create(page, UserFactory(username="khach"))

    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_a_form_closed_to_the_requester_refuses_him(org, page):
    page.open_to_all = False
    page.allowed_units = [org["kh"]]
    page.save()

    with pytest.raises(SubmissionError):
        create(page, org["chuyenvien"])
    assert create(page, org["chuyenvien_kh"]).pk


@pytest.mark.django_db
def test_a_policy_that_finds_no_decider_refuses_and_stores_nothing(org):
    page = approval_form(
        title="Đề nghị",
        slug="de-nghi",
        policy=two_step_policy("unit_head", "centre_head"),
    )

    # A chuyên viên of a phòng of the Sở has no Giám đốc Trung tâm to decide.
    with pytest.raises(SubmissionError):
        submission_create(page=page, requester=org["chuyenvien"], cleaned_data={})

    assert not Submission.objects.exists()
    assert not ApprovalStep.objects.exists()
    assert not Process.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.parametrize("clicks", [2, 4])
def test_concurrent_submits_with_one_key_make_one_submission(org, page, clicks):
    barrier = threading.Barrier(clicks)
    outcomes = [None] * clicks

    def click(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = create(page, org["chuyenvien"], key="double-click")
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(o, Submission) for o in outcomes), outcomes
    (only,) = Submission.objects.all()
    assert {o.pk for o in outcomes} == {only.pk}
    assert only.steps.count() == 2
    assert only.events.count() == 1
    assert Process.objects.count() == 1
