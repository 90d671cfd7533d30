"""The signing API the document lifecycle calls (see docs/notes/signing.md).

Pieces live in `types.py` (shapes), `signers.py` (pluggable signers), `ca.py` (internal CA)
and `validation.py`; this module picks the right signer for a person or the seal.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from portal.memo import request_memo

from . import ca
from .ca import ca_ensure, trust_roots_pem
from .models import SigningCertificate, SigningDevice
from .signers import (
    DocumentSigner,
    Pkcs12Signer,
    register_signer,
    signer_for_device,
    usable_key,
)
from .types import SignatureBox, SignedPdf, SignerUnavailable, SigningFailed
from .validation import DocumentValidation, SignatureReport, document_validate

__all__ = [
    "DocumentSigner",
    "DocumentValidation",
    "SignatureBox",
    "SignatureReport",
    "SignedPdf",
    "SignerUnavailable",
    "SigningFailed",
    "ca_ensure",
    "document_validate",
    "register_signer",
    "seal_signer",
    "signer_for_user",
    "trust_roots_pem",
]


def _auto_issue() -> bool:
    return bool(getattr(settings, "DOCUMENTS_AUTO_ISSUE_CERTIFICATES", True))


def _current_certificate(qs) -> SigningCertificate | None:
    # Prefer certificates of the active CA: after a rotation people get a new one.
    active = ca.ca_active()
    usable = qs.usable().filter(key_encrypted__isnull=False).order_by("-not_after")
    if active:
        return usable.filter(authority=active).first()
    return usable.first()


def signer_for_user(*, user) -> DocumentSigner:
    """The person's active device, else his software certificate (issued on demand)."""
    device = (
        SigningDevice.objects.filter(user=user, is_active=True, is_seal=False)
        .select_related("certificate")
        .first()
    )
    if device:
        return signer_for_device(device)
    personal = SigningCertificate.objects.filter(user=user, kind=SigningCertificate.Kind.PERSONAL)
    # Nearly always there: read without the lock, which only issuing a first one needs.
    cert = _current_certificate(personal)
    if cert is None:
        with transaction.atomic():
            type(user).objects.select_for_update().filter(pk=user.pk).first()  # one at a time
            cert = _current_certificate(personal)
            if cert is None and _auto_issue() and ca.ca_active():
                cert = ca.certificate_issue_for_user(user=user)
    if cert is None:
        raise SignerUnavailable(
            _(
                "%(name)s chưa có chứng thư số còn hiệu lực để ký. Đề nghị quản trị cấp "
                "chứng thư (manage.py documents_cert_issue %(username)s) hoặc gắn thiết bị ký."
            )
            % {"name": user.get_full_name() or user.username, "username": user.username}
        )
    return _read_as_usable(cert)


def _read_as_usable(cert: SigningCertificate) -> Pkcs12Signer:
    # Just read through ``usable()``: the signature need not read it again (signers.py).
    request_memo(usable_key(cert), lambda: True)
    return Pkcs12Signer(cert)


def seal_signer() -> DocumentSigner:
    """The organisation's seal: its active device, else the seal certificate."""
    device = (
        SigningDevice.objects.filter(is_seal=True, is_active=True)
        .select_related("certificate")
        .first()
    )
    if device:
        return signer_for_device(device)
    seals = SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SEAL)
    cert = _current_certificate(seals)
    if cert is None:
        with transaction.atomic():
            cert = _current_certificate(seals.select_for_update())
            if cert is None and _auto_issue() and ca.ca_active():
                cert = ca.seal_issue()
    if cert is None:
        raise SignerUnavailable(
            _("Chưa có chứng thư con dấu của cơ quan. Hãy chạy: manage.py documents_seal_issue")
        )
    return _read_as_usable(cert)
