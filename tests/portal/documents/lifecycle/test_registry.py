"""Numbers: in order, per year, document type and issuing unit; by the registry or automatic."""

import datetime

import pytest
from django.urls import reverse

from forms.models import Submission
from portal.documents.models import Document
from portal.documents.numbering import NumberingError, date_parts, document_number_assign
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import UserFactory, add_to_role, leave_form, login_with_mfa, with_totp
from tests.forms.leave.support import apply

from .conftest import THREE_STEPS

NEXT_WEEK = datetime.date(2026, 11, 30)


def test_numbers_follow_each_other_per_issuing_unit(org, leave_page, apply_and_grant):
    first = apply_and_grant(leave_page, org["chuyenvien"], NEXT_WEEK)
    second = apply_and_grant(leave_page, org["chuyenvien_kh"], NEXT_WEEK)
    centre = apply_and_grant(leave_page, org["vienchuc"], NEXT_WEEK)
    numbers = [Document.objects.get(submission=s).number_text for s in (first, second, centre)]
    symbol = leave_page.document_template.symbol
    # The Trung tâm issues its staff's documents under its own code and counter.
    assert numbers == [f"01/{symbol}-SCT", f"02/{symbol}-SCT", f"01/{symbol}-TTKC"]


def test_the_decree_writes_small_days_and_january_february_with_a_zero():
    assert date_parts(datetime.date(2026, 2, 5)) == {"day": "05", "month": "02", "year": "2026"}
    assert date_parts(datetime.date(2026, 11, 23)) == {"day": "23", "month": "11", "year": "2026"}
    assert date_parts(datetime.date(2026, 3, 9))["month"] == "3"


def test_no_number_before_the_last_approver_has_signed(org, leave_page, commit):
    submission = commit(apply, leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    assert document.status == Document.Status.SIGNING and document.file
    with pytest.raises(NumberingError):
        document_number_assign(document=document)
    assert Document.objects.get(pk=document.pk).number is None


@pytest.fixture
def registry_page(org, templates, ca):
    template = templates["trip"]
    template.numbering = template.Numbering.REGISTRY
    template.save()
    return leave_form(policy=THREE_STEPS, document_template=template, slug="nghi-phep-vt")


@pytest.fixture
def clerk(org):
    user = UserFactory(username="vanthu")
    add_to_role(user, roles.CLERK)
    # The registry clerk must have two-factor login set up before any page lets him in.
    return with_totp(user)


def test_with_a_registry_the_signed_document_waits_for_the_clerk(
    org, registry_page, clerk, apply_and_grant
):
    submission = apply_and_grant(registry_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    assert document.status == Document.Status.AWAITING_NUMBER
    assert document.number is None
    assert Notification.objects.filter(user=clerk, url=reverse("documents:registry")).exists()


def test_the_clerk_numbers_and_the_seal_follows(
    org, registry_page, clerk, client, apply_and_grant, commit
):
    submission = apply_and_grant(registry_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    login_with_mfa(client, clerk)
    page = client.get(reverse("documents:registry"))
    assert submission.title in page.content.decode()
    response = commit(client.post, reverse("documents:number", args=[document.uid]), follow=True)
    assert "Đã cấp số" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED
    assert document.numbered_by == clerk
    assert document.signatures.filter(role="seal").exists()
    # A second click gives no second number.
    commit(client.post, reverse("documents:number", args=[document.uid]))
    document.refresh_from_db()
    assert document.number == 1


def test_only_the_registry_sees_and_numbers(org, registry_page, client, apply_and_grant):
    submission = apply_and_grant(registry_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    client.force_login(org["chuyenvien"])
    assert client.get(reverse("documents:registry")).status_code == 403
    assert client.post(reverse("documents:number", args=[document.uid])).status_code == 403
    assert Document.objects.get(pk=document.pk).number is None


def test_a_rejected_or_returned_round_voids_its_document(org, leave_page, commit):
    from flows.services import task_decide

    submission = commit(apply, leave_page, org["chuyenvien"], NEXT_WEEK)
    step = submission.steps.get(order=1)
    task_decide(step=step, user=org["truongphong"], decision="return", comment="Bổ sung.")
    first = Document.objects.get(submission=submission, version=1)
    assert first.status == Document.Status.VOID
    rejected = commit(apply, leave_page, org["chuyenvien_kh"], NEXT_WEEK)
    step = rejected.steps.get(order=1)
    task_decide(
        step=step, user=rejected.steps.get(order=1).approver, decision="reject", comment="Không."
    )
    assert Document.objects.get(submission=rejected).status == Document.Status.VOID
    assert Submission.objects.get(pk=rejected.pk).status == Submission.Status.REJECTED
