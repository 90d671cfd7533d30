"""The registry's reserved fields (number, day, month, year) as PDF text fields.

They are added before anyone signs, because a signed PDF may later gain signatures and field
values but no new fields; they are filled in an incremental update after the last approver
has signed, which PAdES approval signatures allow as form filling. Values are digits and
"/", so the standard Times-Roman font (metric twin of the body's serif) draws them.
"""

from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import NameObject as N
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from .signing.stampfont import RESOURCE_NAME, stamp_font_embed

FONT_NAME = "/TiRo"
FONT_SIZE = 13
# The number ends where the printed "/ĐNP-SCT" begins; the date parts sit centred in their gaps.
RIGHT_ALIGNED = {"number"}


def _box(layout_box) -> tuple[int, list[float]]:
    page, x1, y1, x2, y2 = layout_box
    return int(page), [float(x1), float(y1), float(x2), float(y2)]


def fields_reserve(*, pdf: bytes, boxes: dict[str, list]) -> bytes:
    """Add one empty, read-only text field per box; returns the new PDF."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    root = writer.root
    font = writer.add_object(
        generic.DictionaryObject(
            {
                N("/Type"): N("/Font"),
                N("/Subtype"): N("/Type1"),
                N("/BaseFont"): N("/Times-Roman"),
                N("/Encoding"): N("/WinAnsiEncoding"),
            }
        )
    )
    acroform = root.get("/AcroForm")
    if acroform is None:
        acroform = generic.DictionaryObject({N("/Fields"): generic.ArrayObject()})
        root[N("/AcroForm")] = writer.add_object(acroform)
        writer.update_root()
    else:
        acroform = acroform.get_object()
    # The signature stamps' font goes in once, here, rather than with every signature.
    stamp_font = stamp_font_embed(writer)
    acroform[N("/DR")] = generic.DictionaryObject(
        {N("/Font"): generic.DictionaryObject({N(FONT_NAME): font, N(RESOURCE_NAME): stamp_font})}
    )
    acroform[N("/DA")] = generic.pdf_string(f"{FONT_NAME} {FONT_SIZE} Tf 0 g")
    fields = acroform[N("/Fields")]
    for name, layout_box in boxes.items():
        page_index, rect = _box(layout_box)
        page_ref = writer.find_page_for_modification(page_index)[0]
        page = page_ref.get_object()
        widget = writer.add_object(
            generic.DictionaryObject(
                {
                    N("/Type"): N("/Annot"),
                    N("/Subtype"): N("/Widget"),
                    N("/FT"): N("/Tx"),
                    N("/T"): generic.pdf_string(name),
                    N("/Ff"): generic.NumberObject(1),  # read-only for readers' tools
                    N("/F"): generic.NumberObject(4),  # printed
                    N("/Q"): generic.NumberObject(2 if name in RIGHT_ALIGNED else 1),
                    N("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
                    N("/DA"): generic.pdf_string(f"{FONT_NAME} {FONT_SIZE} Tf 0 g"),
                    N("/P"): page_ref,
                }
            )
        )
        fields.append(widget)
        annots = page.get("/Annots")
        if annots is None:
            page[N("/Annots")] = generic.ArrayObject([widget])
        else:
            annots.get_object().append(widget)
            if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
                writer.update_container(annots)
        writer.update_container(page)
    writer.update_container(acroform)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _appearance(
    writer, *, rect: list[float], text: str, font_ref, right: bool = False
) -> generic.IndirectObject:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    # Times-Roman digits are 0.5 em wide; "/" is 0.278 em: place the text by those widths.
    text_width = sum(0.278 if ch == "/" else 0.5 for ch in text) * FONT_SIZE
    x = max(width - text_width - 1, 0) if right else max((width - text_width) / 2, 0)
    y = max((height - FONT_SIZE * 0.7) / 2, 0)
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = (
        f"/Tx BMC q BT {FONT_NAME} {FONT_SIZE} Tf 0 g {x:.2f} {y:.2f} Td ({escaped}) Tj ET Q EMC"
    ).encode("ascii")
    stream = generic.StreamObject(
        {
            N("/Type"): N("/XObject"),
            N("/Subtype"): N("/Form"),
            N("/BBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0)]
                + [generic.FloatObject(width), generic.FloatObject(height)]
            ),
            N("/Resources"): generic.DictionaryObject(
                {N("/Font"): generic.DictionaryObject({N(FONT_NAME): font_ref})}
            ),
        },
        stream_data=content,
    )
    return writer.add_object(stream)


def fields_fill_into(*, writer: IncrementalPdfFileWriter, values: dict[str, str]) -> None:
    """Fill reserved fields by name in ``writer``'s pending revision, which the seal then
    signs (``DocumentSigner.sign(prepare=…)``); unknown names are an error."""
    acroform = writer.root["/AcroForm"].get_object()
    font_ref = acroform["/DR"]["/Font"].raw_get(FONT_NAME)
    found = set()
    for ref in acroform["/Fields"]:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values:
            continue
        text = values[name]
        if not all(ch.isdigit() or ch == "/" for ch in text):
            raise ValueError(f"field {name}: digits only, got {text!r}")
        rect = [float(v) for v in field["/Rect"]]
        field[N("/V")] = generic.pdf_string(text)
        field[N("/AP")] = generic.DictionaryObject(
            {
                N("/N"): _appearance(
                    writer, rect=rect, text=text, font_ref=font_ref, right=name in RIGHT_ALIGNED
                )
            }
        )
        writer.update_container(field)
        found.add(name)
    missing = set(values) - found
    if missing:
        raise ValueError(f"no such fields: {sorted(missing)}")


def fields_read(*, pdf: bytes) -> dict[str, str]:
    """The reserved fields' values (empty string when not filled)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf))
    acroform = reader.root.get("/AcroForm")
    if acroform is None:
        return {}
    acroform = acroform.get_object()
    values = {}
    for ref in acroform["/Fields"]:
        field = ref.get_object()
        if field.get("/FT") == "/Tx":
            values[str(field.get("/T", ""))] = str(field.get("/V", ""))
    return values
