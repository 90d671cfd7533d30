from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "portal.documents.signing"
    label = "signing"
    verbose_name = _("Chữ ký số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.memo import forget_when_changed

        from .models import CertificateAuthority, SigningCertificate, SigningDevice

        # A CA rotated or a certificate issued or revoked is seen by the next signature.
        forget_when_changed(CertificateAuthority, SigningCertificate, SigningDevice)
