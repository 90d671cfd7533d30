"""Authentication (session + CSRF, Bearer token), the OpenAPI document and Wagtail's API v2."""

import json
import typing

import pytest
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from forms.models import ApprovalStep, Submission
from forms.models.submissions import FORM_KINDS
from portal.api import schemas
from portal.api.serializers import api_kind, api_status
from tests.factories import home_page

from .conftest import VALID

pytestmark = pytest.mark.django_db

# Every operation of the contract, as (method, path in the OpenAPI document).
CONTRACT = [
    ("get", "/api/v1/forms/"),
    ("get", "/api/v1/forms/{slug}/"),
    ("post", "/api/v1/forms/{slug}/submissions/"),
    ("get", "/api/v1/submissions/"),
    ("get", "/api/v1/submissions/{pk}/"),
    ("put", "/api/v1/submissions/{pk}/"),
    ("post", "/api/v1/submissions/{pk}/withdraw/"),
    ("get", "/api/v1/tasks/"),
    ("post", "/api/v1/tasks/{pk}/decision/"),
    ("get", "/api/v1/me/"),
]
# A 32-character CSRF secret, as Django's cookie holds it.
CSRF = "Vt9m2QkX7aLp4RcZ8eWn3HsJ6uYb1DfG"


def concrete(path: str) -> str:
    return path.replace("{slug}", "de-nghi").replace("{pk}", "1")


@pytest.fixture
def session(org):
    """chuyenvien logged in with a session, in a client that enforces CSRF like a browser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(org["chuyenvien"])
    return client


# Who is calling


@pytest.mark.parametrize(("method", "path"), CONTRACT)
def test_without_credentials_every_operation_is_401(client, request_form, method, path):
    if method == "get":
        response = client.get(concrete(path))
    else:
        response = getattr(client, method)(concrete(path), "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Bạn cần đăng nhập."}


def test_an_unknown_bearer_token_is_401_in_vietnamese(client, request_form):
    response = client.get("/api/v1/forms/", HTTP_AUTHORIZATION="Bearer wagtail_khongphaima")
    assert response.status_code == 401
    assert "Mã truy cập không hợp lệ" in response.json()["detail"]


def test_session_get_works_without_a_csrf_token(session, request_form):
    response = session.get("/api/v1/forms/")
    assert response.status_code == 200
    assert [f["slug"] for f in response.json()] == ["de-nghi"]


def test_session_post_without_csrf_token_is_403_with_a_json_body(session, request_form):
    response = session.post(
        "/api/v1/forms/de-nghi/submissions/", json.dumps(VALID), content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    # Regression: django-ninja's "CSRF check Failed" came through in English.
    assert response.json() == {
        "detail": "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang rồi thử lại."
    }
    assert Submission.objects.count() == 0


def test_session_post_with_a_wrong_csrf_token_is_403(session, request_form):
    session.cookies["csrftoken"] = CSRF
    response = session.post(
        "/api/v1/forms/de-nghi/submissions/",
        data=json.dumps(VALID),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=CSRF[::-1],
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_session_post_with_the_csrf_token_works(session, request_form):
    session.cookies["csrftoken"] = CSRF
    response = session.post(
        "/api/v1/forms/de-nghi/submissions/",
        data=json.dumps(VALID),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=CSRF,
    )
    assert response.status_code == 201
    assert response.json()["requester"] == "chuyenvien"


def test_session_csrf_applies_to_put_and_decisions_too(org, session, api_as, request_form):
    pk = api_as(org["chuyenvien"]).submit().json()["id"]
    assert session.post(f"/api/v1/submissions/{pk}/withdraw/").status_code == 403
    assert session.put(f"/api/v1/submissions/{pk}/", data="{}").status_code == 403
    session.cookies["csrftoken"] = CSRF
    response = session.post(f"/api/v1/submissions/{pk}/withdraw/", HTTP_X_CSRFTOKEN=CSRF)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_bearer_token_needs_no_csrf_token(api_as, org, request_form):
    client = api_as(org["chuyenvien"])  # a CSRF-enforcing client, no csrftoken cookie
    assert client.submit().status_code == 201


def test_anonymous_post_is_401_not_a_csrf_failure(request_form):
    # Regression: without a session the CSRF check ran first and answered 403.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/forms/de-nghi/submissions/", json.dumps(VALID), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Bạn cần đăng nhập."}


def test_a_bearer_token_wins_over_someone_elses_session(org, session, api_as, request_form):
    pk = api_as(org["chuyenvien"]).submit().json()["id"]
    other = api_as(org["vienchuc"])
    other.client = session  # chuyenvien's session cookie, vienchuc's token
    assert other.detail(pk).status_code == 404
    assert other.get("/api/v1/me/").json()["username"] == "vienchuc"


def test_an_approver_session_without_mfa_is_refused_in_json(client, org, request_form):
    client.force_login(org["truongphong"])
    response = client.get("/api/v1/tasks/")
    assert response.status_code == 403
    assert "xác thực hai lớp" in response.json()["detail"]


# OpenAPI


def test_openapi_document_lists_every_operation_of_the_contract(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    for method, path in CONTRACT:
        assert method in document["paths"].get(path, {}), f"{method.upper()} {path}"
    schemes = document["components"]["securitySchemes"]
    assert {name: s["type"] for name, s in schemes.items()} == {
        "BearerAuth": "http",
        "SessionAuth": "apiKey",
    }
    submit = document["paths"]["/api/v1/forms/{slug}/submissions/"]["post"]
    assert {"201", "400", "404"} <= set(submit["responses"])
    assert "Idempotency-Key" in [p["name"] for p in submit["parameters"]]
    assert "application/json" in submit["requestBody"]["content"]
    resubmit = document["paths"]["/api/v1/submissions/{pk}/"]["put"]
    assert "application/json" in resubmit["requestBody"]["content"]
    decide = document["paths"]["/api/v1/tasks/{pk}/decision/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(decide["responses"])


def test_openapi_document_names_the_statuses_and_kinds(client, db):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    assert set(components["SubmissionOut"]["properties"]["status"]["enum"]) == {
        "pending",
        "returned",
        "approved",
        "rejected",
        "withdrawn",
        "recorded",
    }
    assert set(components["DecisionIn"]["properties"]["decision"]["enum"]) == {
        "approve",
        "reject",
        "return",
    }


def test_the_documented_values_are_those_of_the_models():
    # Internal values outside the contract are reported as contract values.
    kinds = {api_kind(value) for value, _label in FORM_KINDS}
    assert set(typing.get_args(schemas.FormKind)) == kinds
    statuses = {api_status(value) for value in Submission.Status.values}
    assert set(typing.get_args(schemas.SubmissionStatus)) == statuses
    assert set(typing.get_args(schemas.StepKind)) == set(ApprovalStep.Kind.values)
    assert set(typing.get_args(schemas.StepDecision)) == set(ApprovalStep.Decision.values)


def test_interactive_docs_are_served(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


# Wagtail API v2: public pages only


def test_pages_api_lists_only_live_public_pages(client, request_form):
    home = home_page()
    home.add_child(instance=Page(title="Tin đã đăng", slug="tin-da-dang"))
    home.add_child(instance=Page(title="Bản nháp", slug="ban-nhap", live=False))
    withdrawn = home.add_child(instance=Page(title="Tin đã gỡ", slug="tin-da-go"))
    withdrawn.unpublish()
    internal = home.add_child(instance=Page(title="Nội bộ", slug="noi-bo"))
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    internal.add_child(instance=Page(title="Quy chế nội bộ", slug="quy-che"))
    secret = home.add_child(instance=Page(title="Có mật khẩu", slug="co-mat-khau"))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )

    response = client.get("/api/v2/pages/?limit=20")
    assert response.status_code == 200, response.content
    titles = {item["title"] for item in response.json()["items"]}
    assert {"Tin đã đăng", "Giấy đề nghị", home.title} <= titles
    hidden = {"Bản nháp", "Tin đã gỡ", "Nội bộ", "Quy chế nội bộ", "Có mật khẩu"}
    assert not titles & hidden
    assert response.json()["meta"]["total_count"] == len(titles)
    for page in Page.objects.filter(title__in=hidden):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_pages_api_stays_public_for_signed_in_callers(org, api_as, client):
    internal = home_page().add_child(instance=Page(title="Nội bộ", slug="noi-bo"))
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(org["chuyenvien"])
    for caller in (client, api_as(org["chuyenvien"])):
        titles = {item["title"] for item in caller.get("/api/v2/pages/").json()["items"]}
        assert "Nội bộ" not in titles
