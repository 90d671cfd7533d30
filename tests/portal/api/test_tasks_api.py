"""GET /api/v1/tasks/ and POST /api/v1/tasks/{id}/decision/."""

import pytest

from forms.models import ApprovalStep

from .conftest import SUBMISSION_EXTRAS, SUBMISSION_KEYS, TASK_EXTRAS, TASK_KEYS

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(org, api_as):
    return api_as(org["truongphong"])


@pytest.fixture
def submission_id(org, api_as, request_form):
    return api_as(org["chuyenvien"]).submit().json()["id"]


@pytest.fixture
def task(head, submission_id):
    return head.task_for(submission_id)


def test_my_open_tasks_with_the_contract_fields(head, submission_id):
    response = head.get("/api/v1/tasks/")
    assert response.status_code == 200
    (task,) = response.json()
    assert set(task) == TASK_KEYS | TASK_EXTRAS
    step = ApprovalStep.objects.get(submission=submission_id, order=1)
    assert task == {
        "id": step.pk,
        "submission": submission_id,
        "form": "de-nghi",
        "kind": "generic",
        "step_kind": "opinion",
        "requester": "chuyenvien",
        "due": step.due_date.isoformat(),
        "acting_for": None,
    }


def test_the_next_approver_has_no_task_until_his_turn(org, api_as, head, task, submission_id):
    overseer = api_as(org["pgd1"])
    assert overseer.tasks() == []
    head.decide(task["id"], "approve")
    assert head.tasks() == []
    (next_task,) = overseer.tasks()
    assert (next_task["submission"], next_task["step_kind"]) == (submission_id, "decision")


def test_deciding_answers_200_with_the_submission(head, task, submission_id):
    response = head.decide(task["id"], "approve", "Đồng ý đề nghị.")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SUBMISSION_KEYS | SUBMISSION_EXTRAS
    assert body["id"] == submission_id
    opinion = body["steps"][0]
    assert (opinion["decision"], opinion["comment"]) == ("approved", "Đồng ý đề nghị.")
    assert opinion["decided_at"] is not None


def test_a_second_decision_on_the_same_task_is_409(head, task):
    assert head.decide(task["id"], "approve").status_code == 200
    response = head.decide(task["id"], "reject", "Đổi ý.")
    assert response.status_code == 409
    assert response.json() == {"detail": "Việc này đã được xử lý, không cần xử lý lại."}


@pytest.mark.parametrize("who", ["pgd1", "vienchuc", "chuyenvien"])
def test_someone_elses_task_is_403(org, api_as, task, who):
    response = api_as(org[who]).decide(task["id"], "approve")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không phải người xử lý việc này."}
    assert ApprovalStep.objects.get(pk=task["id"]).state == ApprovalStep.State.ACTIVE


@pytest.mark.parametrize("decision", ["reject", "return"])
@pytest.mark.parametrize("comment", ["", "   "])
def test_reject_or_return_needs_a_reason(head, task, decision, comment):
    response = head.decide(task["id"], decision, comment)
    assert response.status_code == 400
    assert response.json() == {"detail": "Hãy ghi lý do khi không đồng ý hoặc trả lại đơn."}
    assert ApprovalStep.objects.get(pk=task["id"]).state == ApprovalStep.State.ACTIVE


def test_approve_needs_no_comment(head, task):
    response = head.post(f"/api/v1/tasks/{task['id']}/decision/", {"decision": "approve"})
    assert response.status_code == 200


def test_an_unknown_decision_is_400(head, task):
    response = head.decide(task["id"], "approved")
    assert response.status_code == 400
    assert response.json() == {"detail": "Quyết định không hợp lệ."}


def test_an_unknown_task_is_404(head, task):
    for pk in (task["id"] + 1000, 10**30):
        response = head.decide(pk, "approve")
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"decision": ["Trường này là bắt buộc."]}),
        ({"decision": 1}, {"decision": ["Giá trị phải là một chuỗi ký tự."]}),
        (
            {"decision": "reject", "comment": ["a"]},
            {"comment": ["Giá trị phải là một chuỗi ký tự."]},
        ),
        ([], {"decision": ["Trường này là bắt buộc."]}),
    ],
    ids=["missing", "number", "list-comment", "array"],
)
def test_a_malformed_body_is_a_vietnamese_422(head, task, body, errors):
    # Regression: the errors were pydantic's English messages.
    response = head.post(f"/api/v1/tasks/{task['id']}/decision/", body)
    assert response.status_code == 422
    assert response.json() == {"detail": "Dữ liệu gửi lên không hợp lệ.", "errors": errors}


def test_a_body_that_is_not_json_is_a_vietnamese_400(head, task):
    # Regression: django-ninja's "Cannot parse request body" came through in English.
    response = head.post(f"/api/v1/tasks/{task['id']}/decision/", "{quyết định")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung gửi lên không phải JSON hợp lệ."}


def test_a_comment_with_a_nul_character_is_400_not_a_database_error(head, task):
    # Regression: PostgreSQL cannot store NUL in a text column (DataError → 500).
    response = head.decide(task["id"], "reject", "Không\x00 đồng ý")
    assert response.status_code == 400
    assert response.json() == {"detail": "Ý kiến chứa ký tự không hợp lệ."}
    assert ApprovalStep.objects.get(pk=task["id"]).state == ApprovalStep.State.ACTIVE


def test_the_task_list_comes_in_slices_with_the_total_in_a_header(org, api_as, head, request_form):
    requester = api_as(org["chuyenvien"])
    ids = [requester.submit().json()["id"] for _ in range(3)]

    first = head.get("/api/v1/tasks/?limit=2")
    rest = head.get("/api/v1/tasks/?limit=2&offset=2")

    assert first["X-Total-Count"] == rest["X-Total-Count"] == "3"
    assert len(first.json()) == 2 and len(rest.json()) == 1
    assert sorted(t["submission"] for t in first.json() + rest.json()) == sorted(ids)
    assert head.get("/api/v1/tasks/?limit=0").status_code == 422
