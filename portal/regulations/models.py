"""Regulation pages: a "Quy chế, quy định" listing and one page per regulation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RegulationBodyBlock
from .structure import outline_from_stream, outline_plain_text


def _served_from_cache(page, cls, request, *args, **kwargs):
    """Anonymous visitors get the page from the shared page cache (cleared on publish)."""
    from portal.disclosure.cache import serve_with_cache

    return serve_with_cache(request, page, lambda: super(cls, page).serve(request, *args, **kwargs))


class RegulationIndexPage(Page):
    """Lists the regulations below it; the importer adds pages here."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regulations.RegulationPage"]
    template = "regulations/regulation_index_page.html"

    class Meta:
        verbose_name = _("danh sách quy chế")
        verbose_name_plural = _("danh sách quy chế")

    def get_context(self, request, *args, **kwargs):
        from .selectors import regulations_visible

        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = regulations_visible(parent=self, request=request)
        return context

    def serve(self, request, *args, **kwargs):
        return _served_from_cache(self, RegulationIndexPage, request, *args, **kwargs)


class RegulationPage(Page):
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    decision_number = models.CharField(_("số quyết định ban hành"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("người, cơ quan ban hành"), max_length=255, blank=True)
    decision_text = models.TextField(
        _("nội dung quyết định ban hành"),
        blank=True,
        help_text=_("Quyết định đi kèm quy chế, mỗi dòng một đoạn."),
    )
    issuance_note = models.TextField(
        _("dòng “Ban hành kèm theo…”"), blank=True, help_text=_("Như ghi dưới tên quy chế.")
    )
    effective_date = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    replaces = models.ForeignKey(
        "regulations.RegulationPage",
        verbose_name=_("thay thế quy chế"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    intro = RichTextField(_("lời giới thiệu"), blank=True)
    body = StreamField(RegulationBodyBlock(), blank=True, verbose_name=_("nội dung"))
    source_name = models.CharField(_("tệp đã nhập"), max_length=255, blank=True, editable=False)
    # Lets a re-import of the same file leave the page (and its revisions) untouched.
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("effective_date"),
                FieldPanel("replaces"),
            ],
            heading=_("Thông tin quy chế"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("decision_number"),
                FieldPanel("decision_date"),
                FieldPanel("decision_issuer"),
                FieldPanel("issuance_note"),
                FieldPanel("decision_text"),
            ],
            heading=_("Quyết định ban hành"),
            classname="collapsed",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("effective_date"),
    ]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types: list[str] = []
    template = "regulations/regulation_page.html"

    class Meta:
        verbose_name = _("quy chế")
        verbose_name_plural = _("quy chế")

    def outline(self) -> list[dict]:
        """Chapters → articles → clauses → points, with their anchors, for the template."""
        return outline_from_stream((block.block_type, block.value) for block in self.body)

    def body_text(self) -> str:
        return outline_plain_text(self.outline())

    def search_document(self) -> dict:
        restricted = self.get_view_restrictions().exists()
        return {
            "title": self.title,
            "text": self.body_text(),
            "audience": "internal" if restricted else "public",
        }

    def get_context(self, request, *args, **kwargs):
        from .selectors import regulations_visible

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = self.outline()
        context["replaced_by"] = regulations_visible(
            pages=RegulationPage.objects.filter(replaces=self), request=request
        )
        context["replaces_visible"] = bool(
            self.replaces_id
            and regulations_visible(
                pages=RegulationPage.objects.filter(pk=self.replaces_id), request=request
            )
        )
        return context

    def serve(self, request, *args, **kwargs):
        return _served_from_cache(self, RegulationPage, request, *args, **kwargs)
