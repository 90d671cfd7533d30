from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ")


class SearchEntry(models.Model):
    """One searchable page, as its ``search_document()`` described it when it was last
    published. ``*_folded`` (portal.search.text.fold) and ``title_lower`` (lower_words) have
    a space at each end, so that ``contains(" word ")`` finds whole words on every database.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="search_entry",
        verbose_name=_("trang"),
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    title_folded = models.CharField(max_length=300)
    # Lower case with diacritics, to rank an exact "Đảng" above "Đăng" when typed with accents.
    title_lower = models.CharField(max_length=300, default="")
    text = models.TextField(_("nội dung"), blank=True)
    text_folded = models.TextField(blank=True)
    audience = models.CharField(_("đối tượng"), max_length=10, choices=Audience.choices)
    page_type = models.CharField(_("loại trang"), max_length=100, help_text="app_label.model")
    url_path = models.TextField(_("đường dẫn"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    indexed_at = models.DateTimeField(_("lập chỉ mục lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        indexes = [models.Index(fields=["audience", "-updated_at"], name="sitesearch_aud_upd")]

    def __str__(self) -> str:
        return self.title
