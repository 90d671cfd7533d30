"""The portal's own certificate authority, the certificates it issues and signing devices.

Private keys are stored only as encrypted PKCS#8 (`crypto.py`); nothing here is ever shown.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateAuthority(models.Model):
    """The internal CA. One is active (issues); retired ones stay trusted for old files."""

    name = models.CharField(_("tên"), max_length=255)
    serial = models.CharField(_("số hiệu"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    key_encrypted = models.BinaryField(editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức cấp chứng thư nội bộ")
        verbose_name_plural = _("tổ chức cấp chứng thư nội bộ")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="signing_one_active_ca",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.serial[:8]})"


class RevocationReason(models.TextChoices):
    # Values are the member names of cryptography's ReasonFlags (RFC 5280 reasons), for the CRL.
    UNSPECIFIED = "unspecified", _("Không nêu lý do")
    KEY_COMPROMISE = "key_compromise", _("Lộ khóa bí mật")
    AFFILIATION_CHANGED = "affiliation_changed", _("Thay đổi đơn vị, chức vụ")
    SUPERSEDED = "superseded", _("Đã cấp chứng thư thay thế")
    CESSATION = "cessation_of_operation", _("Thôi sử dụng")


class SigningCertificateQuerySet(models.QuerySet):
    def usable(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, not_before__lte=at, not_after__gt=at)


class SigningCertificate(models.Model):
    """A personal or seal certificate, issued by the internal CA or read from a token."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Cá nhân")
        SEAL = "seal", _("Con dấu của cơ quan")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
        verbose_name=_("người ký"),
    )
    authority = models.ForeignKey(
        CertificateAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("nơi cấp"),
    )
    serial = models.CharField(_("số hiệu"), max_length=64, unique=True)
    common_name = models.CharField(_("tên chủ thể"), max_length=255)
    organisation = models.CharField(_("cơ quan"), max_length=255, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    # Empty when the key lives on a token (PKCS#11).
    key_encrypted = models.BinaryField(null=True, editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("lý do thu hồi"), max_length=32, choices=RevocationReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = SigningCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial[:8]})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SigningDevice(models.Model):
    """Which signer a person (or the organisation's seal) uses: the kind names a registered
    signer class (`signers.SIGNER_CLASSES`); the other fields are that kind's settings."""

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại thiết bị"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signing_devices",
        verbose_name=_("người ký"),
    )
    is_seal = models.BooleanField(_("dùng cho con dấu"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    certificate = models.ForeignKey(
        SigningCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("chứng thư"),
    )
    module_path = models.CharField(_("thư viện PKCS#11"), max_length=500, blank=True)
    token_label = models.CharField(_("nhãn token"), max_length=255, blank=True)
    key_label = models.CharField(_("nhãn khóa"), max_length=255, blank=True)
    key_id = models.CharField(_("mã khóa (hex)"), max_length=128, blank=True)
    cert_label = models.CharField(_("nhãn chứng thư trên token"), max_length=255, blank=True)
    pin_encrypted = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thiết bị ký số")
        verbose_name_plural = _("thiết bị ký số")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_active=True, is_seal=False),
                name="signing_one_active_device_per_user",
            ),
            models.UniqueConstraint(
                fields=["is_seal"],
                condition=models.Q(is_active=True, is_seal=True),
                name="signing_one_active_seal_device",
            ),
        ]

    def __str__(self) -> str:
        return self.name
