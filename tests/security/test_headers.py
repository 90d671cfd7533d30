"""Security headers on every kind of response: portal pages, the admin, the API and its
docs, file downloads; and production's own (HSTS, HTTPS) with `check --deploy` clean.
Set-up (people, a filed request, login, bearer): tests/security/conftest.py."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests.factories import home_page
from tests.security.conftest import bearer, login

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
# The strict policy of the portal's pages, directive by directive (the nonce is checked apart).
STRICT = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(response) -> dict[str, str]:
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response[CSP].split(";") if part.strip()
    )


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def assert_strict(response, *, nonce: str | None = None):
    policy = directives(response)
    for name, value in STRICT.items():
        assert policy[name] == value, name
    for name in ("script-src", "style-src"):
        sources = policy[name].split()
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        assert sources[0] == "'self'"
        assert sources[1:] == ([f"'nonce-{nonce}'"] if nonce else [])


def inline_blocks(html: str) -> list[str]:
    """The opening tags of inline <script> and <style> blocks (JSON data blocks excepted)."""
    tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
    return [t for t in tags if "src=" not in t and "application/json" not in t]


def test_a_portal_page_has_the_strict_policy_and_every_header(client):
    home_page()
    response = client.get("/")

    assert response.status_code == 200
    assert_strict(response)
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"


def test_inline_scripts_run_only_with_the_nonce_of_their_own_response(client, db):
    from forms.feedback.models import FeedbackCategory

    FeedbackCategory.objects.get_or_create(code="gop-y", defaults={"name": "Góp ý"})
    first, second = client.get("/gop-y/"), client.get("/gop-y/")

    nonce = re.search(r"'nonce-([^']+)'", first[CSP]).group(1)
    assert_strict(first, nonce=nonce)
    blocks = inline_blocks(first.content.decode())
    assert blocks and all(f'nonce="{nonce}"' in tag for tag in blocks)
    assert nonce not in second[CSP] and nonce not in second.content.decode()


def test_inline_styles_of_the_dashboard_carry_the_nonce(people, org):
    client = login(org["giamdoc"])
    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response[CSP]).group(1)
    assert_strict(response, nonce=nonce)
    blocks = inline_blocks(response.content.decode())
    assert blocks and all(f'nonce="{nonce}"' in tag for tag in blocks)
    assert ' style="' not in response.content.decode()


def test_no_template_has_an_inline_event_handler_or_a_bare_inline_script():
    roots = [settings.BASE_DIR / name for name in ("templates", "forms", "flows", "portal")]
    offenders = []
    for root in roots:
        for path in root.rglob("*.html"):
            if "/pdf/" in str(path) or "/admin/" in str(path):
                continue  # PDFs are drawn by WeasyPrint; the admin has its own policy.
            text = path.read_text()
            if re.search(r"\son[a-z]+\s*=", text) or re.search(r"javascript:", text):
                offenders.append(str(path))
            offenders += [f"{path}: {tag}" for tag in inline_blocks(text) if "csp_nonce" not in tag]
    assert offenders == []


def test_api_responses_carry_the_headers(people):
    response = Client().get("/api/v1/me/", **bearer(people["owner"]))

    assert response.status_code == 200
    assert_strict(response)
    assert_common_headers(response)


def test_the_api_docs_serve_swagger_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn.jsdelivr.net" not in page and "ninja/swagger-ui-bundle.js" in page
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert_common_headers(response)


def test_the_wagtail_admin_gets_its_own_policy_without_a_nonce(org):
    from tests.factories import home_page

    home_page()  # the admin's dashboard needs a page tree (a transactional test may flush it)
    admin = org["giamdoc"]
    admin.is_superuser = True
    admin.save()
    response = login(admin).get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert "nonce-" not in response[CSP]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    assert_common_headers(response)


def test_a_pdf_download_is_an_attachment_that_is_never_sniffed(people, filed, org):
    from portal.documents.defaults import document_templates_ensure
    from portal.documents.models import Document, DocumentTemplate

    document_templates_ensure()
    document = Document(
        submission=filed["mine"],
        version=1,
        template=DocumentTemplate.objects.first(),
        status=Document.Status.AWAITING_NUMBER,
        issuing_unit=org["so"],
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = reverse("documents:download", args=[document.uid])

    response = login(people["owner"]).get(url + "?tai=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == "'none'" and policy["object-src"] == "'self'"


def test_production_adds_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    home_page()

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert_strict(response)


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x7Kq2" * 8,
        "ALLOWED_HOSTS": "portal.example.gov.vn",
    }
    # Set for Playwright by tests/browser/conftest.py, which pytest imports while collecting
    # even when the browser tests are deselected; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
