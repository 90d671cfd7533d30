"""A leave request approved by three people becomes a signed, numbered, sealed PDF."""

import datetime
import io
import re
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from forms.models import Submission
from portal.documents.models import Document, DocumentSignature
from portal.documents.pdffields import fields_read
from portal.documents.signing.services import document_validate

from .conftest import pdfsig

NEXT_WEEK = datetime.date(2026, 11, 30)


@pytest.fixture
def issued(org, leave_page, apply_and_grant):
    submission = apply_and_grant(leave_page, org["chuyenvien"], NEXT_WEEK)
    assert submission.status == Submission.Status.APPROVED
    return Document.objects.get(submission=submission)


def pdf_of(document) -> bytes:
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


def test_three_approvers_sign_in_chain_order_then_the_seal(org, issued):
    assert issued.status == Document.Status.ISSUED
    signatures = list(issued.signatures.order_by("signed_at", "pk"))
    assert [s.field_name for s in signatures] == [
        "sig_step_1",
        "sig_step_2",
        "sig_step_3",
        "sig_seal",
    ]
    assert [s.role for s in signatures] == ["approver"] * 3 + ["seal"]
    names = [s.signer_name for s in signatures[:3]]
    expected = [org[k].get_full_name() for k in ("truongphong", "pgd1", "giamdoc")]
    assert names == expected


def test_the_issued_file_is_valid_by_pyhanko(issued):
    report = document_validate(pdf=pdf_of(issued))
    assert report.ok, report
    assert len(report.signatures) == 4
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)


def test_the_issued_file_is_valid_by_poppler(issued, nss, tmp_path):
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf_of(issued))
    out = pdfsig(path, nss)
    assert out.count("Signature Validation: Signature is Valid.") == 4, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 4, out


def test_the_number_and_date_are_given_after_the_signatures_and_appear_on_the_page(issued):
    assert issued.number == 1
    # The requester sits in a phòng of the Sở: the Sở issues it, under the template's symbol.
    assert issued.number_text == f"01/{issued.template.symbol}-SCT"
    assert issued.issued_on == datetime.date(2026, 11, 23)
    assert fields_read(pdf=pdf_of(issued)) == {
        "number": "01",
        "day": "23",
        "month": "11",
        "year": "2026",
    }
    assert issued.sha256 and len(issued.sha256) == 64


def test_the_number_and_date_are_filled_in_the_seals_own_revision(issued):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf_of(issued)))
    *approvers, seal = reader.embedded_signatures
    # No unsigned revision between the last approver and the seal: the seal covers the fill.
    assert seal.signed_revision == reader.xrefs.total_revisions - 1
    assert approvers[-1].signed_revision == seal.signed_revision - 1
    before_seal = pdf_of(issued)[: approvers[-1].byte_range[-2] + approvers[-1].byte_range[-1]]
    assert set(fields_read(pdf=before_seal).values()) == {""}


def test_the_number_and_date_read_in_the_text_of_the_page(issued, tmp_path):
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf_of(issued))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(rf"01\s*/{issued.template.symbol}-SCT", text), text[:300]
    assert re.search(r"ngày\s*23\s*tháng\s*11\s*năm\s*2026", text), text[:300]


def test_flipping_one_byte_breaks_the_signatures_for_both_validators(issued, nss, tmp_path):
    data = bytearray(pdf_of(issued))
    # A byte inside the page content, which every signature covers.
    position = data.index(b"stream") + 40
    data[position] ^= 0x01
    altered = bytes(data)
    assert not document_validate(pdf=altered).ok
    path = tmp_path / "altered.pdf"
    path.write_bytes(altered)
    out = pdfsig(path, nss)
    assert "Signature is Valid." not in out, out


def test_re_saving_the_file_breaks_the_signatures_for_both_validators(issued, nss, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(issued))))
    buffer = io.BytesIO()
    writer.write(buffer)
    resaved = buffer.getvalue()
    assert not document_validate(pdf=resaved).ok
    path = tmp_path / "resaved.pdf"
    path.write_bytes(resaved)
    assert pdfsig(path, nss).count("Signature Validation: Signature is Valid.") < 4


def test_every_page_renders(issued, tmp_path):
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf_of(issued))
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page-*.png"))


def test_running_the_job_again_changes_nothing(issued, commit):
    from portal.documents.services import document_sync

    before = pdf_of(issued)
    commit(document_sync, document_id=issued.pk)
    assert pdf_of(issued) == before
    assert DocumentSignature.objects.filter(document=issued).count() == 4
    assert Document.objects.filter(submission=issued.submission).count() == 1


def test_the_document_is_vietnamese_whatever_language_the_approver_reads(
    org, leave_page, apply_and_grant, tmp_path
):
    from django.utils import translation

    with translation.override("en"):
        submission = apply_and_grant(leave_page, org["chuyenvien_kh"], NEXT_WEEK)
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf_of(Document.objects.get(submission=submission)))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ký bởi" in text and "Signed by" not in text
    assert "QUÁ TRÌNH XỬ LÝ" in text
