"""The stamps' font is embedded once per document; signatures reuse it and their size."""

import io
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from portal.documents.signing import reserve
from portal.documents.signing.services import document_validate, signer_for_user
from portal.documents.signing.stampfont import RESOURCE_NAME

from .conftest import box


def _stamp_fonts(pdf: bytes) -> list[int]:
    """The object number of the font each signature stamp draws its text with."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for annot in reader.pages[0].get("/Annots", []):
        widget = annot.get_object()
        if widget.get("/FT") != "/Sig":
            continue
        stack = [widget["/AP"]["/N"].get_object()]
        while stack:
            xobject = stack.pop()
            resources = xobject.get("/Resources", {})
            for ref in resources.get("/Font", {}).values():
                found.append(ref.idnum)
            stack += [x.get_object() for x in resources.get("/XObject", {}).values()]
    return found


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "stamp.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _sign(pdf: bytes, user, n: int, text: str) -> bytes:
    return (
        signer_for_user(user=user)
        .sign(pdf=pdf, field_name=f"ky_{n}", box=box(n), stamp_text=text)
        .pdf
    )


def test_every_stamp_of_a_document_uses_the_font_embedded_before_signing(ca, person, base_pdf):
    pdf = base_pdf
    for n, name in enumerate(("An", "Bình", "Cường")):
        pdf = _sign(pdf, person(f"u{n}", name), n, f"Ký bởi: Nguyễn Văn {name}\n22/11/2026")

    shared = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    assert set(_stamp_fonts(pdf)) == {shared.raw_get(RESOURCE_NAME).idnum}
    assert len(_stamp_fonts(pdf)) == 3
    assert document_validate(pdf=pdf).ok


def test_a_pdf_without_the_stamp_font_gets_a_subset_with_its_signature(ca, person, tmp_path):
    from weasyprint import HTML

    plain = HTML(string="<p>Tệp tải lên, không qua mẫu văn bản.</p>").write_pdf()
    pdf = _sign(plain, person("u9", "Dũng"), 0, "Ký bởi: Trần Văn Dũng\nPhó Giám đốc Sở")

    assert len(_stamp_fonts(pdf)) == 1
    assert document_validate(pdf=pdf).ok
    if shutil.which("pdftotext"):
        assert "Ký bởi: Trần Văn Dũng" in _text(pdf, tmp_path)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_letters_typed_with_combining_marks_come_out_whole(ca, person, base_pdf, tmp_path):
    typed = unicodedata.normalize("NFD", "Ký bởi: Nguyễn Thị Hồng Ngọc")
    pdf = _sign(base_pdf, person("u5", "Ngọc"), 0, typed)

    assert "Ký bởi: Nguyễn Thị Hồng Ngọc" in _text(pdf, tmp_path)


def test_a_signature_size_is_worked_out_once_per_certificate(ca, person, base_pdf, monkeypatch):
    runs = []
    dry_run = reserve._dry_run_size

    async def counted(signer, timestamper):
        runs.append(signer.signing_cert.subject.human_friendly)
        return await dry_run(signer, timestamper)

    monkeypatch.setattr(reserve, "_dry_run_size", counted)
    monkeypatch.setattr(reserve, "_sizes", {})
    first, second = person("u1", "An"), person("u2", "Bình")

    pdf = _sign(base_pdf, first, 0, "Ký bởi: An")
    pdf = _sign(pdf, first, 1, "Ký bởi: An")
    pdf = _sign(pdf, second, 2, "Ký bởi: Bình")

    assert len(runs) == 2
    report = document_validate(pdf=pdf)
    assert report.ok and len(report.signatures) == 3
