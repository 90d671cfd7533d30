"""Fields the server owns, sent along with a form or an API call, are ignored.

A requester can add ``status``, ``approver``, ``requester``, ``days``, ``hours``… to what his
browser or client posts. None of it may be stored, and the chain is the one the real values
call for: a forged ``days=1`` on a 10-working-day leave still takes the 10-day chain.
"""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from flows.services import task_decide
from forms.models import ApprovalStep, Submission
from portal.org import roles
from tests.factories import add_to_role, leave_form, overtime_form
from tests.flows.support import chain
from tests.security.conftest import active_step, bearer, login

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def forged(people) -> dict:
    """What a tampering requester adds to any form or body."""
    other = people["outsider"]
    return {
        "status": "approved",
        "approver": other.username,
        "assignee": other.pk,
        "owner": other.pk,
        "user": other.pk,
        "requester": other.pk,
        "requester_id": other.pk,
        "created": "2020-01-01T00:00:00",
        "created_at": "2020-01-01T00:00:00",
        "version": "99",
        "round": "7",
        "decision": "approve",
        "days": "1",
        "hours": "0.5",
    }


SERVER_KEYS = {"status", "approver", "assignee", "owner", "user", "requester", "requester_id"}
SERVER_KEYS |= {"created", "created_at", "version", "round", "decision"}


def assert_untouched(submission: Submission, owner) -> None:
    submission.refresh_from_db()
    assert submission.requester == owner
    assert submission.status == Submission.Status.PENDING
    assert submission.round == 1
    assert submission.created_at.year == 2026
    assert not SERVER_KEYS & set(submission.data), submission.data
    assert not submission.steps.filter(state=ApprovalStep.State.DONE).exists()


@pytest.fixture
def today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


# Ten working days: Tue 1 – Fri 4, Mon 7 – Fri 11 and Mon 14 December 2026.
TEN_DAYS = {
    "leave_type": "annual",
    "start_date": "2026-12-01",
    "start_session": "morning",
    "end_date": "2026-12-14",
    "end_session": "afternoon",
    "reason": "Về quê",
}
ONE_DAY = dict(TEN_DAYS, end_date="2026-12-01")


def test_a_forged_days_on_the_leave_page_is_ignored_and_the_long_chain_taken(people, today):
    page = leave_form()
    client = login(people["owner"])

    response = client.post(page.url, {**TEN_DAYS, **forged(people)})

    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get(requester=people["owner"])
    assert submission.data["days"] == 10
    assert_untouched(submission, people["owner"])
    # The same request without the forgery, and a genuine one-day request, for comparison.
    honest = login(people["colleague"])
    honest.post(page.url, TEN_DAYS)
    honest_ten = Submission.objects.get(requester=people["colleague"])
    honest.post(page.url, dict(ONE_DAY, start_date="2026-12-16", end_date="2026-12-16"))
    honest_one = Submission.objects.filter(requester=people["colleague"]).latest("pk")
    shape = [(kind, state) for kind, _who, _acting, state in chain(submission)]
    assert shape == [(k, s) for k, _w, _a, s in chain(honest_ten)]
    assert shape != [(k, s) for k, _w, _a, s in chain(honest_one)]


def test_a_forged_days_over_the_api_is_ignored(people, today):
    leave_form()
    auth = bearer(people["owner"])

    response = Client().post(
        "/api/v1/forms/nghi-phep/submissions/",
        json.dumps({**TEN_DAYS, **forged(people), "days": 1}),
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["data"]["days"] == 10 and body["status"] == "pending"
    assert_untouched(Submission.objects.get(pk=body["id"]), people["owner"])


def test_forged_overtime_hours_are_recomputed_from_the_times(people, org, today):
    add_to_role(org["chanhvp"], roles.OFFICE)
    overtime_form()
    body = {
        "date": "2026-11-25",
        "start_time": "17:00",
        "end_time": "19:30",
        "participants": [people["owner"].username],
        "location": "Phòng 302",
        "tasks": "Hoàn thiện báo cáo",
        **forged(people),
        "hours": {people["owner"].username: 0.5},
    }

    response = Client().post(
        "/api/v1/forms/lam-ngoai-gio/submissions/",
        json.dumps(body),
        content_type="application/json",
        **bearer(people["owner"]),
    )

    assert response.status_code == 201, response.content
    submission = Submission.objects.get(pk=response.json()["id"])
    assert submission.data["hours"] == {people["owner"].username: 2.5}
    assert_untouched(submission, people["owner"])


def test_extra_fields_on_a_generic_form_are_not_stored(people, form):
    field = {f.label: f.clean_name for f in form.get_form_fields()}["Nội dung đề nghị"]

    response = login(people["owner"]).post(form.url, {field: "Xin giấy", **forged(people)})

    assert response.status_code == 302
    submission = Submission.objects.get(requester=people["owner"])
    assert set(submission.data) <= {f.clean_name for f in form.get_form_fields()}
    assert_untouched(submission, people["owner"])
    assert active_step(submission).approver == people["approver"]


def test_a_resubmission_ignores_forged_fields_and_restarts_at_the_first_step(people, filed, form):
    mine = filed["mine"]
    task_decide(
        step=active_step(mine), user=people["approver"], decision="return", comment="Bổ sung"
    )
    field = {f.label: f.clean_name for f in form.get_form_fields()}["Nội dung đề nghị"]

    response = Client().put(
        f"/api/v1/submissions/{mine.pk}/",
        json.dumps({field: "Đã bổ sung", **forged(people)}),
        content_type="application/json",
        **bearer(people["owner"]),
    )

    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert mine.round == 2 and mine.status == Submission.Status.PENDING
    assert mine.requester == people["owner"]
    assert not SERVER_KEYS & set(mine.data)
    assert active_step(mine).approver == people["approver"] and active_step(mine).order == 1


def test_a_decision_records_the_real_approver_whatever_is_posted(people, filed):
    mine = filed["mine"]
    step = active_step(mine)
    other = people["other_approver"]

    login(people["approver"]).post(
        reverse("flows:task", args=[step.pk]),
        {
            "decision": "approve",
            "comment": "Đồng ý",
            "decided_by": other.pk,
            "acting": other.pk,
            "approver": other.pk,
            "user": other.pk,
            "step": active_step(filed["theirs"]).pk,
        },
    )

    step.refresh_from_db()
    assert step.state == ApprovalStep.State.DONE
    assert step.decided_by == people["approver"] and step.approver == people["approver"]
    assert step.acting is None
    # The other step named in the forged field is untouched.
    assert active_step(filed["theirs"]).approver == other


def test_the_api_decision_ignores_extra_fields_naming_someone_else(people, filed):
    step = active_step(filed["mine"])
    other = people["other_approver"]

    response = Client().post(
        f"/api/v1/tasks/{step.pk}/decision/",
        {"decision": "approve", "comment": "", "user": other.pk, "decided_by": other.pk},
        content_type="application/json",
        **bearer(people["approver"]),
    )

    assert response.status_code == 200, response.content
    step.refresh_from_db()
    assert step.decided_by == people["approver"]


def test_bulk_approval_only_ever_agrees(people, filed):
    step = active_step(filed["mine"])

    login(people["approver"]).post(
        reverse("flows:bulk_approve"), {"steps": [step.pk], "decision": "reject"}
    )

    step.refresh_from_db()
    assert step.decision == ApprovalStep.Decision.APPROVED
    filed["mine"].refresh_from_db()
    assert filed["mine"].status == Submission.Status.PENDING
