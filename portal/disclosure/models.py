"""Công khai: the board, its items and who has read them (Quy chế dân chủ, Điều 3–5).

Who may see an item is Wagtail's own ``PageViewRestriction`` (type login), kept in step with
``audience`` on every save, so page serving, the API v2, the sitemap and search honour it
without knowing about this app; attachments follow into a login-restricted collection.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .workflow import DisclosureApprovalTask  # noqa: F401  (a model: Django must see it)


@register_snippet
class DisclosureCategory(models.Model):
    """The contents of DC Điều 3; administrators may add more or retire one."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("code"), FieldPanel("order")])]
    panels += [FieldPanel("active")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("loại nội dung công khai")
        verbose_name_plural = _("loại nội dung công khai")

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    PUBLIC = "public", _("Công khai rộng rãi (mọi người)")
    INTERNAL = "internal", _("Nội bộ (cán bộ đã đăng nhập)")


class DisclosureIndexPage(Page):
    """Bảng công khai: items being posted now, and an archive of expired ones."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["disclosure.DisclosureItemPage"]
    parent_page_types = ["home.HomePage"]
    template = "disclosure/disclosure_index_page.html"

    class Meta:
        verbose_name = _("bảng công khai")

    def get_context(self, request, *args, **kwargs):
        from .board import board_context

        context = super().get_context(request, *args, **kwargs)
        context.update(board_context(board=self, request=request))
        return context

    def serve(self, request, *args, **kwargs):
        from .cache import serve_with_cache

        return serve_with_cache(
            request, self, lambda: super(DisclosureIndexPage, self).serve(request, *args, **kwargs)
        )


class DisclosureItemPage(Page):
    category = models.ForeignKey(
        DisclosureCategory,
        verbose_name=_("loại nội dung"),
        on_delete=models.PROTECT,
        limit_choices_to={"active": True},
        related_name="items",
    )
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    body = RichTextField(_("nội dung"), blank=True)
    source_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    source_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    posted_from = models.DateField(_("niêm yết từ ngày"), default=timezone.localdate)
    posted_until = models.DateField(
        _("niêm yết đến ngày"), null=True, blank=True, help_text=_("Để trống nếu không hết hạn.")
    )
    audience = models.CharField(
        _("đối tượng xem"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL
    )
    requires_acknowledgement = models.BooleanField(
        _("yêu cầu xác nhận đã đọc"),
        default=False,
        help_text=_("Chỉ áp dụng cho nội dung nội bộ: cán bộ bấm “Tôi đã đọc”."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("source_number"), FieldPanel("source_date")])],
            heading=_("Văn bản gốc"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("posted_from"), FieldPanel("posted_until")])],
            heading=_("Thời hạn niêm yết"),
        ),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("requires_acknowledgement")],
            heading=_("Đối tượng"),
        ),
        InlinePanel("attachments", label=_("Tệp đính kèm")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source_number"),
        index.FilterField("audience"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("source_number"),
        APIField("source_date"),
        APIField("posted_from"),
        APIField("posted_until"),
    ]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types: list = []
    template = "disclosure/disclosure_item_page.html"

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    def is_posted(self, on=None) -> bool:
        """Đang niêm yết: the posting period covers the day (Asia/Ho_Chi_Minh)."""
        on = on or timezone.localdate()
        return self.posted_from <= on and (self.posted_until is None or self.posted_until >= on)

    def is_expired(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.posted_until is not None and self.posted_until < on

    def save(self, *args, **kwargs):
        from .audience import item_audience_sync

        result = super().save(*args, **kwargs)
        # save_revision() saves only bookkeeping fields while the draft's audience may differ
        # from the live one: then only ever tighten; loosening waits for a full save (publish).
        update_fields = kwargs.get("update_fields")
        item_audience_sync(page=self, full=update_fields is None or "audience" in update_fields)
        return result

    def search_document(self) -> dict:
        from .audience import plain_text

        parts = [self.summary, plain_text(self.body), self.source_number]
        return {
            "title": self.title,
            "text": "\n".join(part for part in parts if part),
            "audience": self.audience,
        }

    def get_context(self, request, *args, **kwargs):
        from .selectors import acknowledgement_of

        context = super().get_context(request, *args, **kwargs)
        context["attachment_list"] = [a for a in self.attachments.all() if a.document_id]
        context["acknowledgement"] = acknowledgement_of(page=self, user=request.user)
        context["board"] = self.get_parent()
        return context

    def serve(self, request, *args, **kwargs):
        from .cache import serve_with_cache

        return serve_with_cache(
            request, self, lambda: super(DisclosureItemPage, self).serve(request, *args, **kwargs)
        )


class DisclosureAttachment(Orderable):
    page = ParentalKey(DisclosureItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class Acknowledgement(models.Model):
    """“Tôi đã đọc”: one row per person and item, the first click kept."""

    page = models.ForeignKey(
        DisclosureItemPage,
        verbose_name=_("nội dung"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đọc"),
        on_delete=models.CASCADE,
        related_name="disclosure_acknowledgements",
    )
    read_at = models.DateTimeField(_("thời điểm xác nhận"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="disclosure_ack_once")]
        verbose_name = _("xác nhận đã đọc")
        verbose_name_plural = _("xác nhận đã đọc")

    def __str__(self) -> str:
        return f"{self.user} — {self.page_id}"
