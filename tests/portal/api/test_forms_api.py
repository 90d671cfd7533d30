"""GET /api/v1/forms/, GET /api/v1/forms/{slug}/, POST /api/v1/forms/{slug}/submissions/."""

import pytest

from forms.models import Submission
from tests.factories import UserFactory, approval_form, two_step_policy

from .conftest import (
    KINDS,
    STEP_EXTRAS,
    STEP_KEYS,
    SUBMISSION_EXTRAS,
    SUBMISSION_KEYS,
    VALID,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kh_only_form(org):
    """A form only the Phòng Kế hoạch - Tài chính may submit."""
    page = approval_form(
        title="Đề nghị thanh toán",
        slug="thanh-toan",
        policy=two_step_policy(),
        fields=[("Nội dung", "multiline", True)],
        open_to_all=False,
    )
    page.allowed_units.add(org["kh"])
    page.save_revision().publish()
    return page


# GET /forms/


def test_list_names_the_forms_i_may_submit(org, api_as, request_form, kh_only_form):
    response = api_as(org["chuyenvien"]).get("/api/v1/forms/")
    assert response.status_code == 200
    assert response.json() == [{"slug": "de-nghi", "title": "Giấy đề nghị", "kind": "generic"}]

    forms = api_as(org["chuyenvien_kh"]).get("/api/v1/forms/").json()
    assert [f["slug"] for f in forms] == ["de-nghi", "thanh-toan"]
    for form in forms:
        assert set(form) == {"slug", "title", "kind"}
        assert form["kind"] in KINDS


def test_list_leaves_out_unpublished_forms(org, api_as, request_form):
    request_form.unpublish()
    client = api_as(org["chuyenvien"])
    assert client.get("/api/v1/forms/").json() == []
    assert client.get("/api/v1/forms/de-nghi/").status_code == 404
    assert client.submit().status_code == 404


# GET /forms/{slug}/


def test_detail_describes_each_field(org, api_as, request_form):
    response = api_as(org["chuyenvien"]).get("/api/v1/forms/de-nghi/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"slug", "title", "kind", "fields", "intro"}
    assert (body["slug"], body["title"], body["kind"]) == ("de-nghi", "Giấy đề nghị", "generic")
    assert body["fields"] == [
        {
            "name": "noi_dung",
            "label": "Nội dung",
            "type": "multiline",
            "required": True,
            "choices": [],
        },
        {"name": "so_ngay", "label": "Số ngày", "type": "number", "required": True, "choices": []},
        {"name": "tu_ngay", "label": "Từ ngày", "type": "date", "required": True, "choices": []},
        {
            "name": "loai",
            "label": "Loại",
            "type": "dropdown",
            "required": False,
            "choices": ["Phép năm", "Việc riêng"],
        },
    ]


def test_a_form_i_may_not_submit_looks_like_a_missing_one(org, api_as, kh_only_form):
    client = api_as(org["chuyenvien"])
    for path in ("/api/v1/forms/thanh-toan/", "/api/v1/forms/khong-co/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}
    assert client.submit(slug="thanh-toan", body={"noi_dung": "x"}).status_code == 404
    assert Submission.objects.count() == 0


def test_a_slug_with_a_nul_character_is_404_not_a_database_error(org, api_as, request_form):
    # Regression: PostgreSQL refuses NUL in a query parameter (DataError → 500).
    client = api_as(org["chuyenvien"])
    assert client.get("/api/v1/forms/de%00nghi/").status_code == 404
    assert client.submit(slug="de%00nghi").status_code == 404


# POST /forms/{slug}/submissions/


def test_submit_answers_201_with_the_new_submission(org, api_as, request_form):
    response = api_as(org["chuyenvien"]).submit(body={**VALID, "loai": "Phép năm"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == SUBMISSION_KEYS | SUBMISSION_EXTRAS
    submission = Submission.objects.get()
    assert body["id"] == submission.pk
    assert body["form"] == "de-nghi"
    assert body["kind"] == "generic"
    assert body["status"] == "pending"
    assert body["requester"] == "chuyenvien"
    assert body["data"] == {
        "noi_dung": "Xin nghỉ để đi khám bệnh",
        "so_ngay": 2,
        "tu_ngay": "2026-12-01",
        "loai": "Phép năm",
    }
    assert body["document"] is None
    opinion, decision = body["steps"]
    for step in body["steps"]:
        assert set(step) == STEP_KEYS | STEP_EXTRAS
    assert opinion["kind"] == "opinion"
    assert opinion["approver"] == "truongphong"
    assert opinion["acting"] is None
    assert opinion["decision"] is None
    assert opinion["comment"] == ""
    assert opinion["decided_at"] is None
    assert opinion["due"]  # an ISO date, set when the step became active
    assert decision["kind"] == "decision"
    assert decision["approver"] == "pgd1"
    assert decision["due"] is None  # not its turn yet


def test_missing_required_fields_give_a_message_per_field(org, api_as, request_form):
    response = api_as(org["chuyenvien"]).submit(body={"loai": "Phép năm"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "noi_dung": ["Trường này là bắt buộc."],
            "so_ngay": ["Trường này là bắt buộc."],
            "tu_ngay": ["Trường này là bắt buộc."],
        }
    }
    assert Submission.objects.count() == 0


def test_bad_number_date_and_choice_are_field_errors(org, api_as, request_form):
    body = {**VALID, "so_ngay": "hai", "tu_ngay": "2026-02-30", "loai": "Nghỉ bù"}
    response = api_as(org["chuyenvien"]).submit(body=body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"so_ngay", "tu_ngay", "loai"}
    assert errors["so_ngay"] == ["Nhập một số."]
    assert errors["tu_ngay"] == ["Nhập một ngày hợp lệ."]
    assert "không phải là một trong các lựa chọn" in errors["loai"][0]


@pytest.mark.parametrize(
    "body", ["[]", "[1, 2]", '"nghỉ phép"', "42", "null", "true", "{không phải JSON"]
)
def test_a_body_that_is_not_a_json_object_is_refused(org, api_as, request_form, body):
    response = api_as(org["chuyenvien"]).submit(body=body)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"__all__": ["Nội dung gửi lên phải là một đối tượng JSON."]}
    }


def test_an_empty_body_reports_every_required_field(org, api_as, request_form):
    response = api_as(org["chuyenvien"]).submit(body=b"")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"noi_dung", "so_ngay", "tu_ngay"}


@pytest.mark.parametrize(
    "values",
    [
        {"tu_ngay": 5},  # regression: a date field given a number raised AttributeError (500)
        {"tu_ngay": {"ngay": 1}},
        {"so_ngay": {"gia_tri": 2}},
        {"so_ngay": True},
        {"so_ngay": float("inf")},  # sent as the JSON extension Infinity
        {"loai": 3},
    ],
    ids=["date-number", "date-object", "number-object", "number-bool", "number-inf", "choice-int"],
)
def test_values_of_the_wrong_json_type_are_field_errors_not_server_errors(
    org, api_as, request_form, values
):
    response = api_as(org["chuyenvien"]).submit(body={**VALID, **values})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(values)


def test_json_scalars_are_read_as_a_browser_would_send_them(org, api_as, request_form):
    body = {**VALID, "noi_dung": 12345, "so_ngay": "1.5", "loai": None}
    response = api_as(org["chuyenvien"]).submit(body=body)
    assert response.status_code == 201
    assert response.json()["data"] == {
        "noi_dung": "12345",
        "so_ngay": 1.5,
        "tu_ngay": "2026-12-01",
        "loai": "",
    }


@pytest.mark.parametrize("number", ["1e30", "1" * 40, "-1e4400", "1e100000"])
def test_a_very_large_number_is_not_a_server_error(org, api_as, request_form, number):
    # Regression: forms.services._jsonable took Decimal("1e30") % 1 (InvalidOperation → 500).
    response = api_as(org["chuyenvien"]).submit(body={**VALID, "so_ngay": number})
    assert response.status_code in (201, 400)


def test_someone_without_a_unit_gets_a_vietnamese_refusal(api_as, request_form):
    response = api_as(UserFactory(username="ngoai-bien-che")).submit()
    assert response.status_code == 400
    message = response.json()["errors"]["__all__"][0]
    assert "chưa được gán đơn vị" in message
    assert Submission.objects.count() == 0


# Idempotency-Key


def test_same_idempotency_key_returns_the_first_submission(org, api_as, request_form):
    client = api_as(org["chuyenvien"])
    first = client.submit(HTTP_IDEMPOTENCY_KEY="nop-don-7f3a")
    again = client.submit(HTTP_IDEMPOTENCY_KEY="nop-don-7f3a")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Submission.objects.count() == 1
    assert again.json() == client.detail(first.json()["id"]).json()


def test_different_idempotency_keys_make_two_submissions(org, api_as, request_form):
    client = api_as(org["chuyenvien"])
    first = client.submit(HTTP_IDEMPOTENCY_KEY="lan-1")
    second = client.submit(HTTP_IDEMPOTENCY_KEY="lan-2")
    assert first.json()["id"] != second.json()["id"]
    assert Submission.objects.count() == 2


def test_without_a_key_each_post_is_a_new_submission(org, api_as, request_form):
    client = api_as(org["chuyenvien"])
    client.submit()
    client.submit()
    assert Submission.objects.count() == 2


def test_the_key_belongs_to_the_caller(org, api_as, request_form):
    api_as(org["chuyenvien"]).submit(HTTP_IDEMPOTENCY_KEY="chung")
    other = api_as(org["chuyenvien_kh"]).submit(HTTP_IDEMPOTENCY_KEY="chung")
    assert other.status_code == 201
    assert other.json()["requester"] == "chuyenvien_kh"
    assert Submission.objects.count() == 2


def test_long_keys_sharing_a_prefix_are_still_different_keys(org, api_as, request_form):
    # Regression: keys were cut to 64 characters, so these two collided.
    client = api_as(org["chuyenvien"])
    prefix = "k" * 64
    first = client.submit(HTTP_IDEMPOTENCY_KEY=prefix + "-1")
    second = client.submit(HTTP_IDEMPOTENCY_KEY=prefix + "-2")
    third = client.submit(HTTP_IDEMPOTENCY_KEY=prefix + "-1")
    assert first.json()["id"] != second.json()["id"]
    assert third.json()["id"] == first.json()["id"]
    assert Submission.objects.count() == 2


def test_a_key_with_a_nul_character_is_not_a_database_error(org, api_as, request_form):
    # Regression: PostgreSQL refuses NUL in text (DataError → 500).
    client = api_as(org["chuyenvien"])
    first = client.submit(HTTP_IDEMPOTENCY_KEY="a\x00b")
    again = client.submit(HTTP_IDEMPOTENCY_KEY="a\x00b")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
