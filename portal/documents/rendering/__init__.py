"""Issued documents as PDF in the format of Nghị định 30/2020 (see docs/notes/rendering.md).

``document_render`` lays out a Document of a submission's round and says where each signature
and each field the registry fills later (number, date) was reserved.
"""

from .pdf import RenderedDocument, pdf_render


def document_render(*, document) -> RenderedDocument:
    from .content import document_content

    return pdf_render(document_content(document=document))


def issuing_unit_for(*, submission, template):
    """The Unit that issues the document (see content.issuing_unit_for)."""
    from .content import issuing_unit_for as find

    return find(submission=submission, template=template)


def template_preview_pdf(*, template, form_page=None) -> bytes:
    from .preview import template_preview

    return template_preview(template=template, form_page=form_page).pdf


__all__ = ["RenderedDocument", "document_render", "issuing_unit_for", "template_preview_pdf"]
