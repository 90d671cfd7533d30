"""StreamField blocks for a regulation's body, editable in the Wagtail admin.

Numbers are stored as printed (Chương in roman numerals, Điều and khoản as integers, điểm as
a letter) because the anchors are made from them (see ``structure.py``). Text fields hold one
paragraph a line; a line starting with "- " is shown as a bullet.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

PARAGRAPHS_HELP = _("Mỗi dòng là một đoạn; dòng bắt đầu bằng “- ” là một gạch đầu dòng.")


class PointBlock(blocks.StructBlock):
    letter = blocks.CharBlock(label=_("Điểm"), max_length=2, help_text=_("a, b, c, d, đ, e…"))
    text = blocks.TextBlock(label=_("Nội dung"), help_text=PARAGRAPHS_HELP)

    class Meta:
        label = _("Điểm")
        icon = "list-ul"


class ClauseBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("Khoản số"), min_value=0)
    text = blocks.TextBlock(label=_("Nội dung"), required=False, help_text=PARAGRAPHS_HELP)
    points = blocks.ListBlock(PointBlock(), label=_("Các điểm"), default=[])

    class Meta:
        label = _("Khoản")
        icon = "list-ol"


class ArticleBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("Điều số"), min_value=0)
    title = blocks.CharBlock(label=_("Tên điều"), required=False, max_length=500)
    intro = blocks.TextBlock(
        label=_("Đoạn mở đầu"), required=False, help_text=_("Văn bản trước khoản đầu tiên.")
    )
    clauses = blocks.ListBlock(ClauseBlock(), label=_("Các khoản"), default=[])

    class Meta:
        label = _("Điều")
        icon = "doc-full"


class ChapterBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("Chương số"), max_length=10, help_text=_("Số La Mã như trong văn bản: I, II, III…")
    )
    title = blocks.CharBlock(label=_("Tên chương"), required=False, max_length=500)
    intro = blocks.TextBlock(label=_("Đoạn mở đầu"), required=False)
    articles = blocks.ListBlock(ArticleBlock(), label=_("Các điều"), default=[])

    class Meta:
        label = _("Chương")
        icon = "folder-open-inverse"


class RegulationBodyBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    # For regulations without chapters (only Điều).
    article = ArticleBlock()
