"""GET /api/v1/submissions/, GET|PUT /api/v1/submissions/{id}/, POST …/{id}/withdraw/.

Whole chains are driven through the API only: submit as the requester, decide as the
approvers with their own tokens.
"""

import pytest
from django.contrib.auth.models import Group
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from forms.models import Submission
from portal.org.models import Delegation

from .conftest import (
    STEP_EXTRAS,
    STEP_KEYS,
    SUBMISSION_EXTRAS,
    SUBMISSION_KEYS,
    VALID,
    today_plus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def requester(org, api_as):
    return api_as(org["chuyenvien"])


@pytest.fixture
def head(org, api_as):
    return api_as(org["truongphong"])


@pytest.fixture
def overseer(org, api_as):
    return api_as(org["pgd1"])


@pytest.fixture
def stranger(org, api_as):
    """A staff member of another unit with no part in chuyenvien's requests."""
    return api_as(org["vienchuc"])


@pytest.fixture
def submitted(requester, request_form):
    response = requester.submit()
    assert response.status_code == 201
    return response.json()


def statuses(submission):
    return [(s["kind"], s["approver"], s["decision"]) for s in submission["steps"]]


# GET /submissions/ and /submissions/{id}/


def test_list_shows_only_my_submissions(requester, head, submitted, request_form):
    mine = requester.get("/api/v1/submissions/")
    assert mine.status_code == 200
    (row,) = mine.json()
    assert set(row) == {"id", "form", "kind", "title", "status", "created_at"}
    assert (row["id"], row["form"], row["kind"], row["status"]) == (
        submitted["id"],
        "de-nghi",
        "generic",
        "pending",
    )
    # The head has a task on it, but it is not one of *his* submissions.
    assert head.get("/api/v1/submissions/").json() == []


def test_list_filters_by_status(requester, head, submitted, request_form):
    second = requester.submit().json()
    requester.post(f"/api/v1/submissions/{second['id']}/withdraw/")
    pending = requester.get("/api/v1/submissions/?status=pending").json()
    withdrawn = requester.get("/api/v1/submissions/?status=withdrawn").json()
    assert [s["id"] for s in pending] == [submitted["id"]]
    assert [s["id"] for s in withdrawn] == [second["id"]]
    assert requester.get("/api/v1/submissions/?status=approved").json() == []


@pytest.mark.parametrize("status", ["dang-xu-ly", "PENDING", "%00"])
def test_an_unknown_status_filter_is_a_vietnamese_422(requester, submitted, status):
    # Regression for "%00": PostgreSQL refused the NUL in the query (DataError → 500).
    response = requester.get(f"/api/v1/submissions/?status={status}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"] == {"status": ["Giá trị không nằm trong các lựa chọn cho phép."]}


def test_detail_has_the_contract_fields(requester, submitted):
    response = requester.detail(submitted["id"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SUBMISSION_KEYS | SUBMISSION_EXTRAS
    assert body == submitted
    for step in body["steps"]:
        assert set(step) == STEP_KEYS | STEP_EXTRAS
    assert body["document"] is None


def test_unknown_or_absurd_ids_are_404(requester):
    for pk in ("999999", "99999999999999999999999999"):
        response = requester.detail(pk)
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}


# Statuses through whole chains


def test_approved_after_the_opinion_and_the_decision(requester, head, overseer, submitted):
    pk = submitted["id"]
    response = head.decide(head.task_for(pk)["id"], "approve")
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    assert statuses(response.json()) == [
        ("opinion", "truongphong", "approved"),
        ("decision", "pgd1", None),
    ]
    response = overseer.decide(overseer.task_for(pk)["id"], "approve", "Đồng ý.")
    assert response.json()["status"] == "approved"
    body = requester.detail(pk).json()
    assert body["status"] == "approved"
    assert body["decided_at"] is not None
    assert statuses(body) == [
        ("opinion", "truongphong", "approved"),
        ("decision", "pgd1", "approved"),
    ]
    assert body["steps"][1]["comment"] == "Đồng ý."
    assert all(step["decided_at"] for step in body["steps"])


def test_rejected_by_the_head(requester, head, overseer, submitted):
    pk = submitted["id"]
    response = head.decide(head.task_for(pk)["id"], "reject", "Không đủ căn cứ.")
    assert response.status_code == 200
    body = requester.detail(pk).json()
    assert body["status"] == "rejected"
    assert body["steps"][0]["decision"] == "rejected"
    assert body["steps"][0]["comment"] == "Không đủ căn cứ."
    assert body["steps"][1]["decision"] is None
    assert overseer.tasks() == []


def test_returned_then_resubmitted_starts_round_two(requester, head, submitted):
    pk = submitted["id"]
    head.decide(head.task_for(pk)["id"], "return", "Ghi rõ ngày bắt đầu.")
    assert requester.detail(pk).json()["status"] == "returned"
    assert head.tasks() == []

    response = requester.put(f"/api/v1/submissions/{pk}/", {**VALID, "tu_ngay": "2026-12-03"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == pk
    assert body["status"] == "pending"
    assert body["round"] == 2
    assert body["data"]["tu_ngay"] == "2026-12-03"
    round_one = [s for s in body["steps"] if s["round"] == 1]
    round_two = [s for s in body["steps"] if s["round"] == 2]
    assert round_one[0]["decision"] == "returned"
    assert [(s["kind"], s["approver"], s["decision"]) for s in round_two] == [
        ("opinion", "truongphong", None),
        ("decision", "pgd1", None),
    ]
    assert head.task_for(pk)["step_kind"] == "opinion"
    assert Submission.objects.count() == 1


def test_resubmit_checks_the_fields_again(requester, head, submitted):
    pk = submitted["id"]
    head.decide(head.task_for(pk)["id"], "return", "Bổ sung.")
    response = requester.put(f"/api/v1/submissions/{pk}/", {**VALID, "so_ngay": "nhiều"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"so_ngay": ["Nhập một số."]}}
    response = requester.put(f"/api/v1/submissions/{pk}/", "[]")
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == ["Nội dung gửi lên phải là một đối tượng JSON."]
    assert requester.detail(pk).json()["status"] == "returned"


def test_only_a_returned_submission_can_be_resubmitted(requester, submitted):
    response = requester.put(f"/api/v1/submissions/{submitted['id']}/", VALID)
    assert response.status_code == 409
    assert response.json()["detail"] == "Chỉ nộp lại được đơn đã bị trả lại để bổ sung."


def test_withdrawn_by_the_requester(requester, head, submitted):
    pk = submitted["id"]
    response = requester.post(f"/api/v1/submissions/{pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert requester.detail(pk).json()["status"] == "withdrawn"
    assert head.tasks() == []
    again = requester.post(f"/api/v1/submissions/{pk}/withdraw/")
    assert again.status_code == 409
    assert "không rút được nữa" in again.json()["detail"]


def test_a_returned_submission_can_be_withdrawn(requester, head, submitted):
    pk = submitted["id"]
    head.decide(head.task_for(pk)["id"], "return", "Bổ sung.")
    assert requester.post(f"/api/v1/submissions/{pk}/withdraw/").json()["status"] == "withdrawn"


def test_a_decided_submission_cannot_be_withdrawn(requester, head, submitted):
    pk = submitted["id"]
    head.decide(head.task_for(pk)["id"], "reject", "Không.")
    assert requester.post(f"/api/v1/submissions/{pk}/withdraw/").status_code == 409


def test_recorded_when_nobody_has_to_decide(requester, head, notice_form):
    response = requester.submit(slug="bao-cao", body={"noi_dung": "Báo cáo tuần"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "recorded"
    assert [(s["kind"], s["approver"], s["decision"]) for s in body["steps"]] == [
        ("notice", "truongphong", None)
    ]
    assert head.tasks() == []
    assert requester.detail(body["id"]).json()["status"] == "recorded"
    assert head.detail(body["id"]).status_code == 200  # the notified head may read it


def test_acting_names_the_delegate_who_decided(org, api_as, requester, request_form):
    Delegation.objects.create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=today_plus(0),
        end_date=today_plus(3),
        reason="Đi công tác",
    )
    pk = requester.submit().json()["id"]
    head, deputy = api_as(org["truongphong"]), api_as(org["phophong"])
    assert head.tasks() == []
    task = deputy.task_for(pk)
    assert task["acting_for"] == "truongphong"
    # The head himself no longer holds the task while his deputy acts for him.
    assert head.decide(task["id"], "approve").status_code == 403
    response = deputy.decide(task["id"], "approve", "Thừa ủy quyền.")
    assert response.status_code == 200
    step = response.json()["steps"][0]
    assert (step["approver"], step["acting"], step["decision"]) == (
        "truongphong",
        "phophong",
        "approved",
    )
    undelegated = response.json()["steps"][1]
    assert (undelegated["approver"], undelegated["acting"]) == ("pgd1", None)


# Who may see what


def test_a_stranger_learns_nothing_about_my_submission(requester, head, stranger, submitted):
    pk = submitted["id"]
    assert stranger.get("/api/v1/submissions/").json() == []
    assert stranger.tasks() == []
    for response in (
        stranger.detail(pk),
        stranger.post(f"/api/v1/submissions/{pk}/withdraw/"),
        stranger.put(f"/api/v1/submissions/{pk}/", VALID),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}
    response = stranger.decide(head.task_for(pk)["id"], "approve")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không phải người xử lý việc này."}
    assert requester.detail(pk).json()["status"] == "pending"


def test_approvers_on_the_chain_may_read_but_not_withdraw_or_resubmit(
    requester, head, overseer, submitted
):
    pk = submitted["id"]
    assert head.detail(pk).status_code == 200
    assert overseer.detail(pk).status_code == 200  # the next step is his
    response = head.post(f"/api/v1/submissions/{pk}/withdraw/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ người nộp đơn mới rút được đơn."
    head.decide(head.task_for(pk)["id"], "return", "Bổ sung.")
    assert head.put(f"/api/v1/submissions/{pk}/", VALID).status_code == 403
    assert requester.detail(pk).json()["status"] == "returned"


def test_viewer_groups_of_the_form_grant_read_access(org, api_as, submitted, request_form):
    pk = submitted["id"]
    watcher = api_as(org["chuyenvien_kh"])
    group = Group.objects.create(name="Theo dõi giấy đề nghị")
    org["chuyenvien_kh"].groups.add(group)
    assert watcher.detail(pk).status_code == 404  # in the group, but the form does not name it

    request_form.viewer_groups.add(group)
    request_form.save_revision().publish()
    response = watcher.detail(pk)
    assert response.status_code == 200
    assert response.json()["id"] == pk
    assert watcher.get("/api/v1/submissions/").json() == []  # "my submissions" stay mine
    assert watcher.post(f"/api/v1/submissions/{pk}/withdraw/").status_code == 403

    org["chuyenvien_kh"].groups.remove(group)
    assert watcher.detail(pk).status_code == 404


def test_multipart_works_for_submitting_and_for_resubmitting(requester, head, request_form):
    # Regression for PUT: Django parses multipart bodies of POST requests only, so a
    # multipart resubmission arrived empty ("required" for every field).
    form_data = {**VALID, "so_ngay": "3"}
    created = requester.client.post(
        "/api/v1/forms/de-nghi/submissions/", form_data, **requester.auth
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    head.decide(head.task_for(pk)["id"], "return", "Bổ sung.")
    response = requester.client.put(
        f"/api/v1/submissions/{pk}/",
        encode_multipart(BOUNDARY, {**form_data, "so_ngay": "4"}),
        content_type=MULTIPART_CONTENT,
        **requester.auth,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["so_ngay"] == 4
    assert response.json()["round"] == 2
