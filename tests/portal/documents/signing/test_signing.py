"""Signing in order (three people, then the seal) and what validators say about the file."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from portal.documents.pdffields import fields_fill_into
from portal.documents.signing.services import document_validate, seal_signer, signer_for_user

from .conftest import box, need, pdfsig

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
PEOPLE = [
    ("chuyenvien", "An", "Chuyên viên"),
    ("truongphong", "Bình", "Trưởng phòng"),
    ("phogiamdoc", "Cường", "Phó Giám đốc Sở"),
]


@pytest.fixture
def signed_chain(ca, person, base_pdf):
    """Three personal signatures, then the seal with the number and date filled in its revision."""
    pdf = base_pdf
    for i, (username, first, title) in enumerate(PEOPLE):
        user = person(username, first, title=title)
        result = signer_for_user(user=user).sign(
            pdf=pdf,
            field_name=f"ky_{i + 1}",
            box=box(i),
            stamp_text=f"Ký bởi: Nguyễn Văn {first}\n{title}\nSở Công Thương\n22/11/2026 14:0{i}",
            reason="Phê duyệt",
            location="Cần Thơ",
        )
        assert result.signer_name == f"Nguyễn Văn {first}"
        pdf = result.pdf
    seal = seal_signer().sign(
        pdf=pdf,
        field_name="con_dau",
        box=box(3),
        stamp_text="Sở Công Thương\nĐã đóng dấu",
        prepare=lambda writer: fields_fill_into(
            writer=writer, values={"number": "12", "day": "22"}
        ),
    )
    return seal.pdf


def test_three_people_then_the_seal_are_all_valid(signed_chain):
    report = document_validate(pdf=signed_chain)

    assert report.ok, report.summary
    assert [s.field_name for s in report.signatures] == ["ky_1", "ky_2", "ky_3", "con_dau"]
    assert [s.signer_name for s in report.signatures] == [
        "Nguyễn Văn An",
        "Nguyễn Văn Bình",
        "Nguyễn Văn Cường",
        "Sở Công Thương",
    ]
    assert all(s.intact and s.valid and s.trusted and not s.revoked for s in report.signatures)
    assert [s.covers_whole_file for s in report.signatures] == [False, False, False, True]
    assert report.signatures[0].signed_at.tzname() == "+07"
    assert report.summary == "Văn bản có 4 chữ ký số, tất cả đều hợp lệ."


def test_stamps_are_visible_and_carry_the_vietnamese_text(signed_chain, tmp_path):
    reader = PdfReader(io.BytesIO(signed_chain))
    widgets = [a.get_object() for a in reader.pages[0]["/Annots"]]
    stamps = [w for w in widgets if w.get("/FT") == "/Sig"]
    assert len(stamps) == 4
    assert all("/AP" in w and float(w["/Rect"][2]) - float(w["/Rect"][0]) == 250 for w in stamps)
    if shutil.which("pdftotext"):
        (tmp_path / "s.pdf").write_bytes(signed_chain)
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "s.pdf"), "-"], capture_output=True, text=True
        ).stdout
        for line in ("Ký bởi: Nguyễn Văn Cường", "Phó Giám đốc Sở", "Đã đóng dấu"):
            assert line in text
    if shutil.which("pdftoppm"):  # for people to look at
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "signing-chain.pdf").write_bytes(signed_chain)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(ARTIFACTS / "signing-chain.pdf"),
                str(ARTIFACTS / "signing-chain"),
            ],
            check=True,
        )


@need("pdfsig")
@need("certutil")
def test_poppler_trusts_every_signature(signed_chain, tmp_path):
    out = pdfsig(signed_chain, tmp_path)

    assert out.count("Signature is Valid") == 4, out
    assert out.count("Certificate is Trusted") == 4, out
    assert "Total document signed" in out


def _flip_inside_first_range(pdf: bytes) -> bytes:
    # A byte of the binary comment after the header: inside every signed range, and the
    # file still parses, so only the digests can notice.
    data = bytearray(pdf)
    assert data[9:10] == b"%"
    data[11] ^= 0x01
    return bytes(data)


def test_one_flipped_byte_breaks_every_signature(signed_chain, tmp_path):
    tampered = _flip_inside_first_range(signed_chain)

    report = document_validate(pdf=tampered)

    assert not report.ok
    assert not any(s.intact for s in report.signatures)
    assert "nội dung đã bị thay đổi sau khi ký" in report.signatures[0].summary
    if shutil.which("pdfsig") and shutil.which("certutil"):
        out = pdfsig(tampered, tmp_path)
        assert "Signature is Valid" not in out
        assert out.count("Digest Mismatch") == 4, out


def test_a_full_rewrite_is_not_intact(signed_chain, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(signed_chain)))
    out = io.BytesIO()
    writer.write(out)

    report = document_validate(pdf=out.getvalue())

    assert not report.ok
    assert report.signatures and not any(s.intact and s.valid for s in report.signatures)
    if shutil.which("pdfsig") and shutil.which("certutil"):
        assert "Signature is Valid" not in pdfsig(out.getvalue(), tmp_path)


@pytest.mark.parametrize("garbage", [b"", b"hello", b"%PDF-1.7\n garbage", bytes(range(256))])
def test_garbage_gives_a_vietnamese_report_not_an_exception(db, garbage):
    report = document_validate(pdf=garbage)

    assert report.ok is False
    assert report.error == "Tệp không phải là PDF đọc được."


def test_a_pdf_without_signatures_is_not_ok(db, base_pdf):
    report = document_validate(pdf=base_pdf)

    assert not report.ok
    assert report.summary == "Văn bản không có chữ ký số nào."


def test_signing_into_an_existing_empty_field_uses_its_place(ca, person, base_pdf):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(base_pdf))
    append_signature_field(writer, SigFieldSpec("ky_1", box=(300, 500, 500, 560)))
    prepared = io.BytesIO()
    writer.write(prepared)

    signed = signer_for_user(user=person("a", "An")).sign(
        pdf=prepared.getvalue(), field_name="ky_1", box=box(0), stamp_text="Ký bởi: An"
    )

    reader = PdfReader(io.BytesIO(signed.pdf))
    rects = [
        a.get_object()["/Rect"]
        for a in reader.pages[0]["/Annots"]
        if a.get_object().get("/T") == "ky_1"
    ]
    assert [[float(v) for v in r] for r in rects] == [[300, 500, 500, 560]]
    assert document_validate(pdf=signed.pdf).ok
