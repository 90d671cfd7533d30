"""Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) packages rewritten
entry by entry without their authors, dates, company and custom properties."""

import io
import zipfile
from collections.abc import Callable
from xml.dom import minidom

from defusedxml import minidom as defused_minidom

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


def ooxml_strip(data: bytes) -> bytes:
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


def odf_strip(data: bytes) -> bytes:
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
