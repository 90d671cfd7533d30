"""PDFs written anew without XMP packets, the document information, applications' private
data or annotation authors; no earlier revision survives."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Keys dropped from every dictionary of the document: XMP packets (catalog, pages, images),
# applications' private data (Illustrator keeps a whole copy of its file there) and the
# date that goes with it.
_PDF_PRIVATE_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")
# Annotations whose /T is the name of the person who made them (for a form field, /T is
# the field's name and is kept).
_PDF_MARKUP_ANNOTATIONS = frozenset(
    {
        "/Text",
        "/FreeText",
        "/Line",
        "/Square",
        "/Circle",
        "/Polygon",
        "/PolyLine",
        "/Highlight",
        "/Underline",
        "/Squiggly",
        "/StrikeOut",
        "/Stamp",
        "/Caret",
        "/Ink",
        "/FileAttachment",
        "/Sound",
        "/Redact",
        "/Popup",
    }
)


def pdf_strip(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF needs a password to be read")
    page_count = len(reader.pages)
    _pdf_scrub(reader.trailer["/Root"])

    # Only the document root is cloned: the trailer's /Info and /ID stay behind, and the
    # whole file is written anew, so no earlier revision survives as it would in an
    # incremental update.
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    writer.clone_reader_document_root(reader)
    writer.metadata = None
    writer.generate_file_identifiers()  # random, unrelated to the original's
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()

    check = PdfReader(io.BytesIO(result), strict=False)
    if (
        "/Info" in check.trailer
        or "/Metadata" in check.trailer["/Root"]
        or len(check.pages) != page_count
    ):
        raise ValueError("the PDF could not be rewritten without its metadata")
    return result


def _pdf_scrub(root) -> None:
    """Drop ``_PDF_PRIVATE_KEYS`` and annotation authors from every object reachable from
    ``root``, in the reader, before anything is cloned."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for name in _PDF_PRIVATE_KEYS:
                node.pop(name, None)
            if "/T" in node and node.get("/Subtype") in _PDF_MARKUP_ANNOTATIONS:
                del node["/T"]
            stack.extend(dict.values(node))  # raw values, indirect references unresolved
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))
