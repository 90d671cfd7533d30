"""The bundled Liberation Serif, embedded, and no other font, whatever the machine has."""

import io

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from portal.documents.rendering import document_render

from .conftest import document_for
from .pdftools import pdf_fonts, pdf_text


def embedded_families(pdf: bytes) -> set[str]:
    """The family names written inside the embedded font programs themselves."""
    families = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                program = descriptor["/FontFile2"].get_object().get_data()
                families.add(TTFont(io.BytesIO(program))["name"].getDebugName(1))
    return families


def test_only_the_bundled_serif_is_used_and_it_is_embedded(leave_submission):
    pdf = document_render(document=document_for(leave_submission)).pdf
    fonts = pdf_fonts(pdf)
    assert {f["name"].split("+", 1)[1] for f in fonts} >= {
        "LiberationSerif-Portal",
        "LiberationSerif-Portal-Bold",
        "LiberationSerif-Portal-Italic",
    }
    assert all(f["name"].split("+", 1)[1].startswith("LiberationSerif-Portal") for f in fonts)
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert embedded_families(pdf) == {"Liberation Serif"}


def test_vietnamese_diacritics_survive_as_text(leave_submission):
    text = pdf_text(document_render(document=document_for(leave_submission)).pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "QUÁ TRÌNH XỬ LÝ" in text
