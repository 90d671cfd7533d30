"""Lay a DocumentContent out with WeasyPrint and report where the reserved boxes landed."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import segno
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from .content import DocumentContent

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF points are 1/72 in.
FIELD_IDS = {"fld_number": "number", "fld_day": "day", "fld_month": "month", "fld_year": "year"}


@dataclass
class RenderedDocument:
    pdf: bytes
    # {"signatures": {field_name: [page, x1, y1, x2, y2]}, "fields": {"number": [...], ...}}
    # in PDF points, origin bottom-left, page index 0-based.
    layout: dict = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def _fonts_only_fetcher():
    """Only the bundled fonts may be loaded: the document never reaches the network or other
    files, whatever an administrator types."""
    from weasyprint import URLFetcher

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
            if path is None or path.parent != FONTS_DIR:
                raise ValueError(f"Refused resource: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=["file"])


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(border=0, omitsize=True, dark="#000")


def short_link_text(url: str) -> str:
    return url.split("://", 1)[-1]


def _boxes_by_id(page) -> dict[str, object]:
    found, stack = {}, [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        # A split box would appear twice; the reserved boxes never split, keep the first.
        if ident and ident not in found and getattr(box, "element_tag", None):
            found[ident] = box
        stack.extend(getattr(box, "children", ()) or ())
    return found


def _rect(index: int, page, box) -> list[float]:
    height_pt = page.height * PX_TO_PT
    x1 = box.border_box_x() * PX_TO_PT
    top = box.border_box_y() * PX_TO_PT
    x2 = x1 + box.border_width() * PX_TO_PT
    bottom = top + box.border_height() * PX_TO_PT
    return [
        index,
        round(x1, 2),
        round(height_pt - bottom, 2),
        round(x2, 2),
        round(height_pt - top, 2),
    ]


def pdf_render(content: "DocumentContent", *, show_boxes: bool = False) -> RenderedDocument:
    from weasyprint import HTML

    html = render_to_string(
        "documents/pdf/document.html",
        {
            "c": content,
            "fonts": {k: (FONTS_DIR / v).as_uri() for k, v in FONT_FILES.items()},
            "qr_svg": _qr_svg(content.verify_url),
            "short_link": short_link_text(content.verify_url),
            "show_boxes": show_boxes,
        },
    )
    document = HTML(
        string=html, url_fetcher=_fonts_only_fetcher(), base_url=FONTS_DIR.as_uri()
    ).render()
    signatures, fields = {}, {}
    for index, page in enumerate(document.pages):
        for ident, box in _boxes_by_id(page).items():
            if ident in FIELD_IDS:
                fields.setdefault(FIELD_IDS[ident], _rect(index, page, box))
            elif ident == "sig_final" and content.signer:
                signatures.setdefault(content.signer.field_name, _rect(index, page, box))
            elif ident == "sig_seal" or ident.startswith("sig_step_"):
                signatures.setdefault(ident, _rect(index, page, box))
    pdf = document.write_pdf()
    return RenderedDocument(
        pdf=pdf,
        layout={"signatures": signatures, "fields": fields},
        unknown=list(content.unknown),
    )
