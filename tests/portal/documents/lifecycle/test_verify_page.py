"""The public verification page, reached from the QR code or the short link."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.documents.models import Document
from tests.forms.leave.support import apply

NEXT_WEEK = datetime.date(2026, 11, 30)


@pytest.fixture
def issued(org, leave_page, apply_and_grant):
    submission = apply_and_grant(leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    with document.file.open("rb") as handle:
        document.pdf = handle.read()
    return document


def upload(client, document, data: bytes, name="van-ban.pdf"):
    url = reverse("documents:verify", args=[document.verify_code])
    return client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_anyone_sees_what_was_issued_without_its_content(client, issued):
    page = client.get(reverse("documents:verify", args=[issued.verify_code])).content.decode()
    assert issued.number_text in page
    assert issued.sha256 in page
    assert issued.issuing_unit.name in page
    for signature in issued.signatures.all():
        assert signature.signer_name in page
    # Not the request itself: whose leave, or why.
    assert "Việc gia đình" not in page


def test_the_short_link_leads_to_the_page(client, issued):
    response = client.get(reverse("documents:short", args=[issued.verify_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:verify", args=[issued.verify_code])


def test_the_issued_file_is_accepted(client, issued):
    page = upload(client, issued, issued.pdf).content.decode()
    assert "Hợp lệ: đây đúng là tệp đã ban hành" in page


def test_an_altered_file_is_rejected(client, issued):
    data = bytearray(issued.pdf)
    data[data.index(b"stream") + 40] ^= 0x01
    page = upload(client, issued, bytes(data)).content.decode()
    assert "Không hợp lệ." in page
    assert "mã SHA-256 không khớp" in page


def test_a_file_that_is_not_a_pdf_gets_a_clear_error(client, issued):
    page = upload(client, issued, b"hello", name="a.pdf").content.decode()
    assert "Tệp này không phải là tệp PDF." in page


def test_unknown_or_unissued_codes_are_not_found(client, org, leave_page, commit):
    assert client.get(reverse("documents:verify", args=["KHONGCO234"])).status_code == 404
    pending = commit(apply, leave_page, org["chuyenvien"], NEXT_WEEK)
    code = Document.objects.get(submission=pending).verify_code
    assert client.get(reverse("documents:verify", args=[code])).status_code == 404


def test_checks_are_rate_limited(client, issued, settings):
    settings.FEEDBACK_RATE_LIMITS = {"verify": (2, 3600)}
    assert upload(client, issued, issued.pdf).status_code == 200
    assert upload(client, issued, issued.pdf).status_code == 200
    response = upload(client, issued, issued.pdf)
    assert response.status_code == 429
    assert "quá nhiều" in response.content.decode()


def test_the_trust_roots_can_be_downloaded(client, issued):
    response = client.get(reverse("documents:trust_roots"))
    assert response.status_code == 200
    assert b"BEGIN CERTIFICATE" in response.content
