from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def full_name(*, last_name: str, first_name: str) -> str:
    """Family and middle names, then the given name; lists read from ``values_list`` use it
    without building User objects."""
    return " ".join(p for p in (last_name.strip(), first_name.strip()) if p)


class User(AbstractUser):
    """A person who uses the portal.

    Vietnamese names read family name first ("Nguyễn Văn An"): ``last_name`` holds the
    family and middle names, ``first_name`` the given name.
    """

    phone = models.CharField(_("số điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def get_full_name(self) -> str:
        return full_name(last_name=self.last_name, first_name=self.first_name)

    def get_short_name(self) -> str:
        return self.first_name.strip() or self.username

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiTokenExpiry(models.Model):
    """When a Wagtail API token stops working, if not after the default lifetime."""

    token = models.OneToOneField(
        "wagtailcore.APIToken",
        on_delete=models.CASCADE,
        related_name="expiry",
        verbose_name=_("mã truy cập"),
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hạn dùng mã truy cập API")
        verbose_name_plural = _("hạn dùng mã truy cập API")

    def __str__(self) -> str:
        return f"{self.token} → {self.expires_at or '∞'}"


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()
