"""One font for all the stamps of a document, embedded once before anyone signs.

pyHanko's own font engine embeds a fresh subset of the font with every signature: it parses,
subsets and saves the font again each time, which cost more than the signature itself. A
stamp needs Latin with the Vietnamese letters, about 1,000 glyphs (60 KB), so that whole set is
embedded once, when the registry's fields are added (``fields_reserve``), in the form's default
resources (AcroForm /DR, as ``/PortalStamp``). Every stamp then shapes its text with HarfBuzz
and refers to that font. A PDF without it (an uploaded file) gets a subset per signature.
"""

import io
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, ShapeResult
from pyhanko.pdf_utils.generic import NameObject as N

FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "LiberationSerif-Regular.ttf"
RESOURCE_NAME = "/PortalStamp"
# Latin with every Vietnamese letter, combining marks, punctuation, "₫", "№"…
STAMP_UNICODES = [
    *range(0x20, 0x250),
    *range(0x300, 0x370),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2070),
    *range(0x20A0, 0x20C0),
    *range(0x2100, 0x2130),
]


@lru_cache(maxsize=1)
def stamp_font_bytes() -> bytes:
    """Liberation Serif cut down to what a stamp needs, at 1000 units per em.

    Stamps are set in NFC (precomposed Vietnamese letters), so the OpenType layout tables
    can go; the legacy ``kern`` table keeps the kerning. Hinting refers to the original grid
    and is not needed in a PDF. 1000 units per em are what PDF glyph widths are counted in.
    """
    font = TTFont(str(FONT_PATH))
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "FFTM"]
    options.legacy_kern = True
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = True  # else every parse derives them from the cmap
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Font:
    ps_name: str
    widths: tuple[int, ...]  # by glyph id, per 1000 em
    unicode_of: dict[int, int]  # glyph id -> code point, for text extraction
    descriptor: dict


@lru_cache(maxsize=1)
def _font() -> _Font:
    tt = TTFont(io.BytesIO(stamp_font_bytes()))
    order = tt.getGlyphOrder()
    hmtx = tt["hmtx"]
    unicode_of: dict[int, int] = {}
    for code, name in sorted(tt.getBestCmap().items(), reverse=True):
        unicode_of[tt.getGlyphID(name)] = code  # the lowest code point wins
    head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
    return _Font(
        ps_name=str(tt["name"].getDebugName(6) or "LiberationSerif"),
        widths=tuple(hmtx[name][0] for name in order),
        unicode_of=unicode_of,
        descriptor={
            "ascent": hhea.ascent,
            "descent": hhea.descent,
            "bbox": (head.xMin, head.yMin, head.xMax, head.yMax),
            "cap_height": getattr(os2, "sCapHeight", 700),
        },
    )


@lru_cache(maxsize=1)
def _hb_font() -> hb.Font:
    return hb.Font(hb.Face(stamp_font_bytes()))


@lru_cache(maxsize=1)
def _to_unicode_data() -> bytes:
    """The ToUnicode CMap (glyph id to text, for copying and search), compressed once."""
    pairs = sorted(_font().unicode_of.items())
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):  # at most 100 entries per block
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{code:04X}>" for gid, code in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return zlib.compress("\n".join(lines).encode("ascii"))


@lru_cache(maxsize=1)
def _font_file_data() -> bytes:
    return zlib.compress(stamp_font_bytes())


def _flate_stream(encoded: bytes, **entries) -> generic.StreamObject:
    # Compressed once per process, not once per document.
    return generic.StreamObject(
        {N("/Filter"): N("/FlateDecode"), **{N(f"/{k}"): v for k, v in entries.items()}},
        encoded_data=encoded,
    )


def stamp_font_embed(writer) -> generic.IndirectObject:
    """Add the stamp font to ``writer`` (a Type0 font, Identity-H, glyph ids as CIDs)."""
    font = _font()
    name = f"PTLSTP+{font.ps_name}"
    file_stream = _flate_stream(
        _font_file_data(), Length1=generic.NumberObject(len(stamp_font_bytes()))
    )
    info = font.descriptor
    descriptor = generic.DictionaryObject(
        {
            N("/Type"): N("/FontDescriptor"),
            N("/FontName"): N(f"/{name}"),
            N("/Flags"): generic.NumberObject(0b110),  # serif, symbolic (a CID font)
            N("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in info["bbox"]),
            N("/ItalicAngle"): generic.NumberObject(0),
            N("/Ascent"): generic.NumberObject(info["ascent"]),
            N("/Descent"): generic.NumberObject(info["descent"]),
            N("/CapHeight"): generic.NumberObject(info["cap_height"]),
            N("/StemV"): generic.NumberObject(80),
            N("/FontFile2"): writer.add_object(file_stream),
        }
    )
    cid_font = generic.DictionaryObject(
        {
            N("/Type"): N("/Font"),
            N("/Subtype"): N("/CIDFontType2"),
            N("/BaseFont"): N(f"/{name}"),
            N("/CIDSystemInfo"): generic.DictionaryObject(
                {
                    N("/Registry"): generic.pdf_string("Adobe"),
                    N("/Ordering"): generic.pdf_string("Identity"),
                    N("/Supplement"): generic.NumberObject(0),
                }
            ),
            N("/FontDescriptor"): writer.add_object(descriptor),
            N("/CIDToGIDMap"): N("/Identity"),
            N("/W"): generic.ArrayObject(
                [
                    generic.NumberObject(0),
                    generic.ArrayObject(generic.NumberObject(w) for w in font.widths),
                ]
            ),
        }
    )
    return writer.add_object(
        generic.DictionaryObject(
            {
                N("/Type"): N("/Font"),
                N("/Subtype"): N("/Type0"),
                N("/BaseFont"): N(f"/{name}-Identity-H"),
                N("/Encoding"): N("/Identity-H"),
                N("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                N("/ToUnicode"): writer.add_object(_flate_stream(_to_unicode_data())),
            }
        )
    )


def shared_stamp_font(writer) -> generic.IndirectObject | None:
    """The document's embedded stamp font, if it has one."""
    acroform = writer.root.get("/AcroForm")
    if acroform is None:
        return None
    resources = acroform.get_object().get("/DR")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None or RESOURCE_NAME not in fonts.get_object():
        return None
    return fonts.get_object().raw_get(RESOURCE_NAME)


class SharedStampFont(FontEngine):
    """Shapes stamp text against the stamp font the document already carries."""

    def __init__(self, writer, font_ref: generic.IndirectObject, font_size: float):
        super().__init__(writer, _font().ps_name, embedded_subset=False, font_size=font_size)
        self.font_ref = font_ref

    def shape(self, txt: str) -> ShapeResult:
        if not txt:
            return ShapeResult(b"", 0, 0)
        buf = hb.Buffer()
        buf.add_str(txt)
        buf.guess_segment_properties()
        hb.shape(_hb_font(), buf)
        ops, advance = _glyph_ops(buf, _font().widths, self.font_size)
        actual = generic.DictionaryObject(
            {N("/ActualText"): generic.TextStringObject(txt), N("/Lang"): generic.pdf_string("vi")}
        )
        out = io.BytesIO()
        out.write(b"/Span ")
        actual.write_to_stream(out)
        out.write(b" BDC " + ops + b" EMC")
        return ShapeResult(graphics_ops=out.getvalue(), x_advance=advance / 1000, y_advance=0)

    def as_resource(self) -> generic.IndirectObject:
        return self.font_ref

    def prepare_write(self) -> None:
        """Nothing to write: the font is already in the document."""


def _glyph_ops(buf, widths: tuple[int, ...], font_size: float) -> tuple[bytes, int]:
    """Glyph ids with HarfBuzz's positions (kerning, fallback mark placement), ending with the
    text position after the last glyph, as pyHanko's text box expects."""
    infos, positions = buf.glyph_infos, buf.glyph_positions
    total = sum(p.x_advance for p in positions)
    if all(not p.y_offset and not p.x_offset for p in positions):
        parts, run, adjust = [], [], 0
        for info, pos in zip(infos, positions, strict=True):
            if adjust:
                parts += [f"<{''.join(run)}>", str(adjust)]
                run = []
            run.append(f"{info.codepoint:04x}")
            adjust = widths[info.codepoint] - pos.x_advance  # TJ counts in 1/1000 em
        parts.append(f"<{''.join(run)}>")
        ops = f"[{' '.join(parts)}] TJ {total * font_size / 1000:g} 0 Td"
        return ops.encode("ascii"), total
    commands, x, y = [], 0, 0
    for info, pos in zip(infos, positions, strict=True):
        x, y = x + pos.x_offset, y + pos.y_offset
        if x or y:
            commands.append(f"{x * font_size / 1000:g} {y * font_size / 1000:g} Td")
        commands.append(f"<{info.codepoint:04x}> Tj")
        x, y = pos.x_advance - pos.x_offset, -pos.y_offset
    if x or y:
        commands.append(f"{x * font_size / 1000:g} {y * font_size / 1000:g} Td")
    return " ".join(commands).encode("ascii"), total
