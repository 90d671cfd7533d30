"""Attachments lose the metadata that could name or locate an anonymous sender."""

import io
import zipfile

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.generic import NameObject, StreamObject, TextStringObject

from forms.feedback.metadata import metadata_strip

AUTHOR = "Nguyễn Văn A"
XMP = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _author_traces(data: bytes) -> list[bytes]:
    """Every encoding of the author's name a PDF or XML file could hold it in."""
    found = []
    for needle in (
        b"Nguy",
        "Nguy".encode("utf-16-be"),
        "Nguy".encode("utf-16-le"),
        AUTHOR.encode("utf-8"),
        AUTHOR.encode("utf-16-be"),
        b"Nguy&#7877;n",
        b"\\000N\\000g\\000u\\000y",  # UTF-16 in a literal string, octal escapes
        b"<4e677579",  # a hex string, as some writers store text strings
        b"<FEFF004E",
        b"<feff004e",
    ):
        if needle in data:
            found.append(needle)
    return found


def _jpeg_with_gps(size=(64, 48), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Nguyen Van A"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone X"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 51.0, 12.0),
    }
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(
        out,
        format="JPEG",
        exif=exif,
        xmp=XMP,
        comment=b"scanned by Nguyen Van A",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return out.getvalue()


def test_jpeg_loses_gps_and_artist_and_keeps_its_size():
    original = _jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the fixture really carries them
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert image.getexif()[ExifTags.Base.Artist] == "Nguyen Van A"

    stripped = metadata_strip(data=original, extension="jpg")

    with Image.open(io.BytesIO(stripped)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert image.mode == "RGB"
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert "comment" not in image.info
        assert "icc_profile" not in image.info
        red, green, blue = image.getpixel((10, 10))
        assert red > 180 and green < 60 and blue < 60
    for needle in (b"Exif", b"Nguyen", b"PhoneMaker", b"xmpmeta", b"ICC_PROFILE"):
        assert needle not in stripped


def test_jpeg_is_turned_upright_before_its_orientation_tag_is_dropped():
    original = _jpeg_with_gps(size=(40, 20), orientation=6)  # "rotate 90° clockwise"

    stripped = metadata_strip(data=original, extension="JPEG")

    with Image.open(io.BytesIO(stripped)) as image:
        assert image.size == (20, 40)
        assert dict(image.getexif()) == {}


def test_png_loses_its_text_chunks_and_exif():
    info = PngInfo()
    info.add_text("Author", "Nguyen Van A")
    info.add_itxt("Description", AUTHOR)
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Nguyen Van A"
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info, exif=exif)

    stripped = metadata_strip(data=out.getvalue(), extension="png")

    with Image.open(io.BytesIO(stripped)) as image:
        assert image.size == (30, 20)
        assert image.mode == "RGBA"
        assert image.text == {}
        assert "Author" not in image.info
        assert dict(image.getexif()) == {}
        assert image.getpixel((0, 0)) == (0, 0, 255, 128)
    for needle in (b"tEXt", b"iTXt", b"eXIf", b"Nguyen"):
        assert needle not in stripped


def test_palette_png_keeps_its_transparency():
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=1)

    stripped = metadata_strip(data=out.getvalue(), extension="png")

    with Image.open(io.BytesIO(stripped)) as result:
        assert result.mode == "P"
        assert result.info.get("transparency") == 1


def test_webp_loses_its_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Nguyen Van A"
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 10)).save(out, format="WEBP", exif=exif, xmp=XMP)

    stripped = metadata_strip(data=out.getvalue(), extension="webp")

    with Image.open(io.BytesIO(stripped)) as image:
        assert image.size == (16, 16)
        assert dict(image.getexif()) == {}
    assert b"Nguyen" not in stripped
    assert b"EXIF" not in stripped
    assert b"XMP " not in stripped


def _pdf_with_author(pages=2) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    writer.add_metadata(
        {
            "/Author": AUTHOR,
            "/Creator": "Microsoft Word for Nguyễn Văn A",
            "/Producer": "Phone Scanner",
            "/Title": "Góp ý",
            "/CreationDate": "D:20260101120000+07'00'",
        }
    )
    writer.xmp_metadata = XMP
    page_xmp = StreamObject()
    page_xmp.set_data(XMP)
    writer.pages[0][NameObject("/Metadata")] = writer._add_object(page_xmp)
    return writer


def _pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_loses_its_author_and_xmp_and_still_reads():
    original = _pdf_bytes(_pdf_with_author(pages=2))
    assert _author_traces(original)  # the fixture really carries the name
    assert PdfReader(io.BytesIO(original)).metadata.author == AUTHOR

    stripped = metadata_strip(data=original, extension="pdf")

    assert _author_traces(stripped) == []
    for needle in (b"/Author", b"/Creator", b"/Producer", b"/CreationDate", b"/Metadata"):
        assert needle not in stripped
    assert b"xmpmeta" not in stripped
    reader = PdfReader(io.BytesIO(stripped), strict=True)
    assert len(reader.pages) == 2
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.pages[0]


def test_pdf_author_in_an_earlier_revision_does_not_survive():
    first = _pdf_bytes(_pdf_with_author(pages=1))
    # An incremental update replaces the author but leaves the first revision in the file.
    update = PdfWriter(io.BytesIO(first), incremental=True)
    update.metadata = {"/Author": "Someone else"}
    update.xmp_metadata = None
    updated = _pdf_bytes(update)
    assert _author_traces(updated)

    stripped = metadata_strip(data=updated, extension="pdf")

    assert _author_traces(stripped) == []
    assert b"Someone else" not in stripped
    assert len(PdfReader(io.BytesIO(stripped)).pages) == 1


def test_pdf_comment_loses_its_author():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    note = Text(rect=(10, 10, 30, 30), text="Ý kiến")
    note[NameObject("/T")] = TextStringObject(AUTHOR)
    writer.add_annotation(page_number=0, annotation=note)
    original = _pdf_bytes(writer)
    assert _author_traces(original)

    stripped = metadata_strip(data=original, extension="pdf")

    assert _author_traces(stripped) == []
    annotation = PdfReader(io.BytesIO(stripped)).pages[0]["/Annots"][0].get_object()
    assert annotation["/Subtype"] == "/Text"
    assert "/T" not in annotation


def test_corrupt_pdf_is_refused():
    with pytest.raises(ValueError, match="PDF"):
        metadata_strip(data=b"%PDF-1.7\nthis is not really a pdf\n%%EOF", extension="pdf")


def test_pdf_that_needs_a_password_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")

    with pytest.raises(ValueError, match="PDF"):
        metadata_strip(data=_pdf_bytes(writer), extension="pdf")


def test_image_that_is_not_an_image_is_refused():
    with pytest.raises(ValueError, match="JPG"):
        metadata_strip(data=b"\xff\xd8\xffnot a jpeg", extension="jpg")


CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/\
metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/\
relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"""
CORE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>Góp ý về giờ làm</dc:title><dc:creator>{AUTHOR}</dc:creator>\
<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>\
<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T08:00:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-02T08:00:00Z</dcterms:modified>\
</cp:coreProperties>""".encode()
APP = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Microsoft Office Word</Application><Company>Phong Nguyen Van A</Company>\
<Manager>Tran Thi B</Manager></Properties>"""
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Xin chào</w:t></w:r></w:p></w:body></w:document>"
).encode()


def _zip(entries, *, dated=(2026, 1, 2, 3, 4, 6)) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=dated)
            info.compress_type = compression
            archive.writestr(info, data)
    return out.getvalue()


def _docx() -> bytes:
    deflated = zipfile.ZIP_DEFLATED
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES, deflated),
            ("_rels/.rels", RELS, deflated),
            ("docProps/core.xml", CORE, deflated),
            ("docProps/app.xml", APP, deflated),
            ("word/document.xml", DOCUMENT, deflated),
        ]
    )


def test_docx_loses_its_creator_and_keeps_its_title_and_text():
    stripped = metadata_strip(data=_docx(), extension="docx")

    with zipfile.ZipFile(io.BytesIO(stripped)) as archive:
        assert archive.namelist() == [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
        ]
        core = archive.read("docProps/core.xml")
        app = archive.read("docProps/app.xml")
        assert archive.read("word/document.xml") == DOCUMENT
        assert archive.read("_rels/.rels") == RELS
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert _author_traces(core) == []
    for needle in (b"creator", b"lastModifiedBy", b"dcterms:created", b"dcterms:modified"):
        assert needle not in core
    assert "<dc:title>Góp ý về giờ làm</dc:title>".encode() in core
    assert b'xmlns:dc="http://purl.org/dc/elements/1.1/"' in core
    assert b"Nguyen" not in app and b"Tran" not in app
    assert b"<Application>Microsoft Office Word</Application>" in app


def test_docx_that_is_not_a_zip_is_refused():
    with pytest.raises(ValueError, match="DOCX"):
        metadata_strip(data=b"PK\x03\x04 truncated", extension="docx")


def test_docx_part_with_a_dtd_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties">&a;</cp:coreProperties>'
    )
    data = _zip([("docProps/core.xml", bomb, zipfile.ZIP_DEFLATED)])

    with pytest.raises(ValueError):
        metadata_strip(data=data, extension="docx")


META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" \
xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>\
<meta:initial-creator>{AUTHOR}</meta:initial-creator><dc:creator>{AUTHOR}</dc:creator>\
<meta:creation-date>2026-01-01T08:00:00</meta:creation-date><dc:date>2026-01-02T08:00:00</dc:date>\
<dc:title>Góp ý</dc:title><meta:generator>LibreOffice</meta:generator>\
</office:meta></office:document-meta>""".encode()


def test_odt_loses_its_creators_and_keeps_mimetype_first_and_stored():
    mimetype = b"application/vnd.oasis.opendocument.text"
    original = _zip(
        [
            ("mimetype", mimetype, zipfile.ZIP_STORED),
            ("meta.xml", META, zipfile.ZIP_DEFLATED),
            ("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED),
        ]
    )

    stripped = metadata_strip(data=original, extension="odt")

    with zipfile.ZipFile(io.BytesIO(stripped)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert archive.read("mimetype") == mimetype
        meta = archive.read("meta.xml")
    # The ODF signature: "mimetype" stored right after the first local header.
    assert stripped[30:38] == b"mimetype" and stripped[38 : 38 + len(mimetype)] == mimetype
    assert _author_traces(meta) == []
    for needle in (b"initial-creator", b"dc:creator", b"creation-date", b"dc:date"):
        assert needle not in meta
    assert "<dc:title>Góp ý</dc:title>".encode() in meta


@pytest.mark.parametrize("extension", ["txt", "zip", "", "doc"])
def test_other_formats_are_returned_unchanged(extension):
    data = b"Nguyen Van A wrote this"

    assert metadata_strip(data=data, extension=extension) is data


def test_xlsx_written_by_openpyxl_still_opens_without_its_creator():
    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    workbook.active["A1"] = "Số giờ"
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = "Bảng giờ"
    out = io.BytesIO()
    workbook.save(out)

    stripped = metadata_strip(data=out.getvalue(), extension="xlsx")

    reopened = load_workbook(io.BytesIO(stripped))
    assert reopened.active["A1"].value == "Số giờ"
    assert reopened.properties.creator != AUTHOR  # openpyxl fills in its own name
    assert reopened.properties.lastModifiedBy is None
    assert reopened.properties.title == "Bảng giờ"
    with zipfile.ZipFile(io.BytesIO(stripped)) as archive:
        assert _author_traces(archive.read("docProps/core.xml")) == []
