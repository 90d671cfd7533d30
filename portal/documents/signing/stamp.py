"""The visible stamp: the caller's lines in Liberation Serif, so Vietnamese renders."""

import io
import logging
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from .stampfont import FONT_PATH, SharedStampFont, shared_stamp_font, stamp_font_bytes

STAMP_COLOUR = (0.05, 0.15, 0.55)

# fontTools warns about every table it cannot subset on each signature of an uploaded PDF.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class StampFontFactory(GlyphAccumulatorFactory):
    """The stamp font the document carries (``stampfont``); else a subset embedded with
    this signature, shaped with HarfBuzz."""

    def create_font_engine(self, writer, obj_stream=None) -> FontEngine:
        shared = shared_stamp_font(writer)
        if shared is not None:
            return SharedStampFont(writer, shared, self.font_size)
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(stamp_font_bytes()),
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
