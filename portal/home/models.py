from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class HomePage(Page):
    """The portal's front page: a welcome text and the way into each section."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Tiêu đề"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Đoạn văn"))),
            (
                "notice",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("Tiêu đề"))),
                        ("text", blocks.RichTextBlock(label=_("Nội dung"))),
                    ],
                    label=_("Thông báo"),
                    icon="warning",
                ),
            ),
        ],
        blank=True,
        verbose_name=_("nội dung"),
    )
    contact = models.CharField(_("liên hệ hỗ trợ"), max_length=255, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("contact"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")
