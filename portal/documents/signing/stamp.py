"""The visible stamp: the caller's lines in Liberation Serif, so Vietnamese renders."""

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "LiberationSerif-Regular.ttf"
STAMP_COLOUR = (0.05, 0.15, 0.55)

# fontTools warns about every table it cannot subset (e.g. FFTM) on each signature.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def _font_1000_upem() -> bytes:
    # pyHanko writes TrueType advance widths (/W) in font units, but PDF reads them per
    # 1000 em: Liberation (2048 units/em) came out twice too wide. Rescaling in memory
    # fixes that without shipping a modified font (OFL reserved name). Hinting programs
    # refer to the old grid and are not needed in a PDF, so they go.
    font = TTFont(str(FONT_PATH))
    for table in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "FFTM"):
        if table in font:
            del font[table]
    for glyph in font["glyf"].glyphs.values():
        if hasattr(glyph, "program"):
            del glyph.program
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class StampFontFactory(GlyphAccumulatorFactory):
    """Liberation Serif, rescaled to 1000 units/em, shaped with HarfBuzz."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_font_1000_upem()),
            font_size=self.font_size,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


@lru_cache(maxsize=1)
def stamp_style() -> TextStampStyle:
    # The text is laid out at its natural size and shrunk to fit the box, so long names
    # and titles never overflow; the margins keep it off the border.
    return TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(
            font=StampFontFactory(str(FONT_PATH), font_size=11, bcp47_lang_code="vi"),
            font_size=11,
            leading=14,
            text_color=STAMP_COLOUR,
            # pyHanko's default puts 10 pt around the text; the stamp's margins suffice.
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(5),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=1,
        border_color=STAMP_COLOUR,
        background=None,
    )
