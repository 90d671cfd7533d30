"""Removing the hidden information an attachment carries before a feedback case keeps it.

A photo taken with a phone usually says where it was taken (EXIF GPS) and with which
device; a PDF or an office document usually names its author and the last person who
saved it. For anonymous feedback that is enough to find the sender, so ``metadata_strip``
rewrites images, PDFs and office documents without it. Any other format is returned as
it came: the form warns the sender that attachments can still carry such information.

A file the libraries cannot read raises ``ValueError`` with a message for the sender; the
caller refuses the attachment rather than keep it with its metadata.
"""

import io
import zipfile
from collections.abc import Callable
from xml.dom import minidom

from defusedxml import minidom as defused_minidom
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, ImageSequence
from PIL.JpegImagePlugin import get_sampling
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

try:  # Pillow's wheels ship LittleCMS; without it the colour profile is only dropped.
    from PIL import ImageCms
except ImportError:  # pragma: no cover
    ImageCms = None

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})
OOXML_EXTENSIONS = frozenset({"docx", "xlsx", "pptx"})
ODF_EXTENSIONS = frozenset({"odt", "ods", "odp"})
STRIPPED_EXTENSIONS = IMAGE_EXTENSIONS | OOXML_EXTENSIONS | ODF_EXTENSIONS | {"pdf"}


def metadata_strip(*, data: bytes, extension: str) -> bytes:
    """``data`` without its author, device, place and date metadata.

    ``extension`` names the format (``"jpg"``, ``".PDF"`` …); formats not listed in
    ``STRIPPED_EXTENSIONS`` come back unchanged.
    """
    ext = extension.strip().lower().lstrip(".")
    strip: Callable[[bytes], bytes]
    if ext in IMAGE_EXTENSIONS:
        strip = _image_strip
    elif ext == "pdf":
        strip = _pdf_strip
    elif ext in OOXML_EXTENSIONS:
        strip = _ooxml_strip
    elif ext in ODF_EXTENSIONS:
        strip = _odf_strip
    else:
        return data
    try:
        return strip(data)
    except Exception as exc:  # any failure of a parser means the file cannot be cleaned
        raise ValueError(
            _("Không đọc được tệp %(ext)s để xóa thông tin ẩn; hãy lưu lại tệp rồi gửi lại.")
            % {"ext": ext.upper()}
        ) from exc


# --- Images ------------------------------------------------------------------------------

# Pillow's name for what the file really is -> the format it is written back in. A phone
# JPEG often opens as MPO (extra depth or gain-map pictures, each with its own EXIF): only
# the main picture is kept.
_IMAGE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_JPEG_QUALITY = 95


def _image_strip(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        target = _IMAGE_FORMATS.get(image.format or "")
        if target is None:
            raise ValueError(f"unsupported image format {image.format!r}")
        image.load()
        icc_profile = image.info.get("icc_profile")
        animated = target != "JPEG" and getattr(image, "n_frames", 1) > 1
        options: dict = {}
        if target == "JPEG":
            options.update(quality=_JPEG_QUALITY, optimize=True)
            if (sampling := get_sampling(image)) >= 0:
                options["subsampling"] = sampling
            if image.info.get("progressive") or image.info.get("progression"):
                options["progressive"] = True
        elif target == "WEBP":
            if _webp_is_lossless(data):
                options["lossless"] = True
            else:
                options["quality"] = _JPEG_QUALITY
        if target != "WEBP" and "dpi" in image.info:
            options["dpi"] = image.info["dpi"]

        if animated:
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
            frames, durations = [], []
            for frame in ImageSequence.Iterator(image):
                durations.append(frame.info.get("duration", 0))
                frames.append(_frame_clean(frame, target, icc_profile, orientation))
            options.update(
                save_all=True,
                append_images=frames[1:],
                duration=durations,
                loop=image.info.get("loop", 0),
            )
        else:
            frames = [_frame_clean(image, target, icc_profile, None)]

    out = io.BytesIO()
    frames[0].save(out, format=target, **options)
    return out.getvalue()


# EXIF orientation -> the transposition that makes the picture upright, as ImageOps does.
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _frame_clean(frame: Image.Image, target: str, icc_profile, orientation) -> Image.Image:
    """The pixels of ``frame``, upright, in sRGB, with an empty ``info``.

    Pillow writes some of ``info`` back when saving (the JPEG comment, the PNG colour
    profile), so only the PNG transparency is carried over.
    """
    transparency = frame.info.get("transparency")
    if orientation is None:
        clean = ImageOps.exif_transpose(frame)
    else:
        clean = frame.copy()
        if (method := _ORIENTATION.get(orientation)) is not None:
            clean = clean.transpose(method)
    clean = _srgb(clean, icc_profile)
    if target == "JPEG" and clean.mode not in ("L", "RGB", "CMYK"):
        clean = clean.convert("RGB")
    elif target == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in clean.mode or transparency is not None
        clean = clean.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}
    if target == "PNG" and transparency is not None and clean.mode == frame.mode:
        clean.info["transparency"] = transparency
    return clean


def _srgb(image: Image.Image, icc_profile) -> Image.Image:
    """Colours converted from the embedded profile to sRGB, so that dropping it (it can
    name the device) does not change how the picture looks."""
    if not icc_profile or ImageCms is None or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _webp_is_lossless(data: bytes) -> bool:
    """Whether the (first) picture of a WebP file is VP8L, so it is kept lossless."""
    pos = 12  # after "RIFF", the size and "WEBP"
    while pos + 8 <= len(data):
        fourcc = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":  # an animation frame: 16 bytes of header, then its chunks
            pos += 8 + 16
            continue
        pos += 8 + size + (size & 1)
    return False


# --- PDF ---------------------------------------------------------------------------------

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


def _pdf_strip(data: bytes) -> bytes:
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


# --- Office Open XML and OpenDocument ----------------------------------------------------

_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_DCTERMS = "http://purl.org/dc/terms/"
_NS_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_NS_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

_OOXML_CORE_DROPPED = (
    (_NS_DC, "creator"),
    (_NS_CP, "lastModifiedBy"),
    (_NS_DCTERMS, "created"),
    (_NS_DCTERMS, "modified"),
    (_NS_CP, "lastPrinted"),
)
_OOXML_APP_EMPTIED = ((_NS_EXTENDED, "Company"), (_NS_EXTENDED, "Manager"))
_ODF_META_DROPPED = (
    (_NS_ODF_META, "initial-creator"),
    (_NS_DC, "creator"),
    (_NS_ODF_META, "creation-date"),
    (_NS_DC, "date"),
    (_NS_ODF_META, "printed-by"),
    (_NS_ODF_META, "print-date"),
    (_NS_ODF_META, "template"),  # its link is often a path in the author's home folder
)

_OOXML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_ODF_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# Limits against archives that unpack to far more than they weigh.
_ZIP_MAX_ENTRIES = 10_000
_ZIP_MAX_UNPACKED = 256 * 1024 * 1024
_ZIP_MAX_EDITED_PART = 16 * 1024 * 1024
# Entry dates say when the document was saved; every entry gets the zip format's epoch,
# as Microsoft Office itself writes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _ooxml_strip(data: bytes) -> bytes:
    def parts(zin: zipfile.ZipFile) -> dict[str, Callable[[bytes], bytes]]:
        kinds = {
            "docProps/core.xml": "core",
            "docProps/app.xml": "app",
            "docProps/custom.xml": "custom",
        }
        if "_rels/.rels" in zin.namelist():
            kinds.update(_ooxml_property_parts(_zip_read(zin, zin.getinfo("_rels/.rels"))))
        edits = {"core": _ooxml_core, "app": _ooxml_app, "custom": _ooxml_custom}
        return {name: edits[kind] for name, kind in kinds.items()}

    return _zip_rewrite(data, parts, mimetype_first=False)


def _odf_strip(data: bytes) -> bytes:
    return _zip_rewrite(data, lambda zin: {"meta.xml": _odf_meta}, mimetype_first=True)


def _ooxml_property_parts(rels: bytes) -> dict[str, str]:
    """Where the package's relationships put its property parts, by kind."""
    kinds = {}
    for rel in _xml_parse(rels).getElementsByTagNameNS(_NS_RELS, "Relationship"):
        if rel.getAttribute("TargetMode") == "External":
            continue
        rel_type = rel.getAttribute("Type")
        target = rel.getAttribute("Target").lstrip("/")
        for suffix, kind in (
            ("/metadata/core-properties", "core"),
            ("/extended-properties", "app"),
            ("/custom-properties", "custom"),
        ):
            if target and rel_type.endswith(suffix):
                kinds[target] = kind
    return kinds


def _ooxml_core(data: bytes) -> bytes:
    document = _xml_parse(data)
    _xml_remove(document, _OOXML_CORE_DROPPED)
    return _xml_serialize(document, _OOXML_DECLARATION)


def _ooxml_app(data: bytes) -> bytes:
    document = _xml_parse(data)
    for namespace, name in _OOXML_APP_EMPTIED:
        for element in document.getElementsByTagNameNS(namespace, name):
            while element.firstChild is not None:
                element.removeChild(element.firstChild)
    return _xml_serialize(document, _OOXML_DECLARATION)


def _ooxml_custom(data: bytes) -> bytes:
    """Custom properties are dropped altogether: sensitivity labels, for one, have kept
    the owner's e-mail address there."""
    document = _xml_parse(data)
    _xml_remove(document, ((_NS_CUSTOM, "property"),))
    return _xml_serialize(document, _OOXML_DECLARATION)


def _odf_meta(data: bytes) -> bytes:
    document = _xml_parse(data)
    _xml_remove(document, _ODF_META_DROPPED)
    return _xml_serialize(document, _ODF_DECLARATION)


def _xml_parse(data: bytes) -> minidom.Document:
    # Office and LibreOffice never put a DTD in these parts; refusing one leaves no entity
    # to expand and nothing external to fetch.
    return defused_minidom.parseString(
        data, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )


def _xml_remove(document: minidom.Document, names) -> None:
    for namespace, name in names:
        for element in list(document.getElementsByTagNameNS(namespace, name)):
            element.parentNode.removeChild(element)


def _xml_serialize(document: minidom.Document, declaration: bytes) -> bytes:
    # minidom keeps the prefixes as written, which Office needs (mc:Ignorable names them).
    return declaration + document.documentElement.toxml().encode("utf-8")


def _zip_rewrite(
    data: bytes,
    parts: Callable[[zipfile.ZipFile], dict[str, Callable[[bytes], bytes]]],
    *,
    mimetype_first: bool,
) -> bytes:
    """The archive rewritten entry by entry, in the same order, ``parts`` edited and every
    other entry's content unchanged; entry dates, extra fields and comments are dropped."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        infos = zin.infolist()
        if len(infos) > _ZIP_MAX_ENTRIES:
            raise ValueError("too many entries in the archive")
        if mimetype_first:
            # OpenDocument: "mimetype" must come first, stored, so that it can be sniffed.
            infos.sort(key=lambda info: info.filename != "mimetype")
        edits = parts(zin)
        budget = [_ZIP_MAX_UNPACKED]
        for info in infos:
            if info.flag_bits & 0x1:
                raise ValueError("encrypted entry in the archive")
            clean = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            clean.compress_type = (
                info.compress_type
                if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                else zipfile.ZIP_DEFLATED
            )
            clean.create_system = info.create_system
            clean.external_attr = info.external_attr
            if mimetype_first and info.filename == "mimetype":
                clean.compress_type = zipfile.ZIP_STORED
            edit = edits.get(info.filename)
            if edit is not None or info.is_dir():
                content = _zip_read(zin, info, budget=budget) if not info.is_dir() else b""
                zout.writestr(clean, edit(content) if edit is not None else content)
                continue
            with zin.open(info) as source, zout.open(clean, "w") as target:
                while chunk := source.read(64 * 1024):
                    budget[0] -= len(chunk)
                    if budget[0] < 0:
                        raise ValueError("the archive unpacks to too much data")
                    target.write(chunk)
    return out.getvalue()


def _zip_read(zin: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int] | None = None):
    """One entry, refusing more than ``_ZIP_MAX_EDITED_PART`` bytes whatever it claims."""
    chunks, size = [], 0
    with zin.open(info) as source:
        while chunk := source.read(64 * 1024):
            size += len(chunk)
            if size > _ZIP_MAX_EDITED_PART:
                raise ValueError("a document part is too large")
            chunks.append(chunk)
    if budget is not None:
        budget[0] -= size
        if budget[0] < 0:
            raise ValueError("the archive unpacks to too much data")
    return b"".join(chunks)
