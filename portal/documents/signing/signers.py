"""Pluggable signers. Each kind of device is one `DocumentSigner` subclass registered under
its `kind`; a remote-signing service later is one more class and nothing else.

`DocumentSigner.sign` does the PDF part once for all kinds (pyHanko, PAdES, incremental
update, approval signature, visible stamp); subclasses only supply a pyHanko `Signer`.
"""

import contextlib
import io
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from portal.memo import request_memo

from . import crypto
from .models import CertificateAuthority, SigningCertificate, SigningDevice
from .reserve import bytes_reserved
from .stamp import stamp_style
from .types import SignatureBox, SignedPdf, SignerUnavailable, SigningFailed

SIGNER_CLASSES: dict[str, type["DocumentSigner"]] = {}


def register_signer(kind: str):
    def decorate(cls):
        cls.kind = kind
        SIGNER_CLASSES[kind] = cls
        return cls

    return decorate


def _asn1_cert(pem: str) -> asn1_x509.Certificate:
    from asn1crypto import pem as asn1_pem

    _, _, der = asn1_pem.unarmor(pem.encode())
    return asn1_x509.Certificate.load(der)


def ca_certificates() -> tuple[asn1_x509.Certificate, ...]:
    """Every CA's certificate (the chain of old and new ones); once per request or job."""
    return request_memo(
        "signing.ca-certificates",
        lambda: tuple(_asn1_cert(ca.certificate_pem) for ca in CertificateAuthority.objects.all()),
    )


class DocumentSigner(ABC):
    """Signs for one person or for the seal."""

    kind: str = ""

    @classmethod
    @abstractmethod
    def from_device(cls, device: SigningDevice) -> "DocumentSigner": ...

    @abstractmethod
    def describe(self) -> tuple[str, str]:
        """(certificate serial in hex, signer name) for the record."""

    @abstractmethod
    @contextlib.contextmanager
    def pyhanko_signer(self) -> Iterator[signers.Signer]:
        """A ready pyHanko signer, released (key dropped, session closed) on exit."""

    def sign(
        self,
        *,
        pdf: bytes,
        field_name: str,
        box: SignatureBox,
        stamp_text: str,
        reason: str = "",
        location: str = "",
        timestamp: bool = False,
        prepare: Callable[[IncrementalPdfFileWriter], None] | None = None,
    ) -> SignedPdf:
        """``prepare`` makes changes that go into the signature's own revision (form fields
        filled just before the seal), so no unsigned revision sits between two signatures."""
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            raise SigningFailed(_("Tệp không phải PDF hợp lệ: %(e)s") % {"e": exc}) from exc
        if prepare is not None:
            prepare(writer)
        if not 0 <= box.page < int(writer.root["/Pages"]["/Count"]):
            raise SigningFailed(_("Trang %(p)s không có trong văn bản.") % {"p": box.page + 1})
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
            location=location or None,
        )
        field_spec = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=box.page,
            box=(box.x1, box.y1, box.x2, box.y2),
        )
        tsa_url = getattr(settings, "DOCUMENTS_TSA_URL", "")
        timestamper = HTTPTimeStamper(tsa_url, timeout=10) if timestamp and tsa_url else None
        serial, name = self.describe()
        out = io.BytesIO()
        with self.pyhanko_signer() as pyhanko_signer:
            pdf_signer = signers.PdfSigner(
                meta,
                signer=pyhanko_signer,
                timestamper=timestamper,
                stamp_style=stamp_style(),
                new_field_spec=field_spec,
            )
            signed_at = timezone.now()
            try:
                # The stamp font has precomposed Vietnamese letters and no mark positioning.
                text = unicodedata.normalize("NFC", stamp_text)
                reserved = bytes_reserved(
                    signer=pyhanko_signer, timestamper=timestamper, tsa_url=tsa_url
                )
                pdf_signer.sign_pdf(
                    writer,
                    bytes_reserved=reserved,
                    output=out,
                    appearance_text_params={"text": text},
                )
            except SignerUnavailable:
                raise
            except Exception as exc:  # pyHanko raises many kinds; the user needs one message
                raise SigningFailed(_("Không ký được văn bản: %(e)s") % {"e": exc}) from exc
        return SignedPdf(
            pdf=out.getvalue(), certificate_serial=serial, signer_name=name, signed_at=signed_at
        )


def usable_key(certificate: SigningCertificate) -> tuple:
    return ("signing.usable", certificate.pk)


def _check_usable(certificate: SigningCertificate) -> None:
    # Read again unless this request or job has just read it as usable and no certificate
    # changed since (the memo forgets on any change, a revocation included).
    request_memo(usable_key(certificate), lambda: _read_usable(certificate))


def _read_usable(certificate: SigningCertificate) -> bool:
    certificate.refresh_from_db(fields=["revoked_at", "not_after", "not_before"])
    now = timezone.now()
    if certificate.revoked_at:
        raise SignerUnavailable(
            _("Chứng thư số %(s)s đã bị thu hồi, không dùng để ký được.")
            % {"s": certificate.serial}
        )
    if not certificate.not_before <= now < certificate.not_after:
        raise SignerUnavailable(
            _("Chứng thư số %(s)s không còn hiệu lực.") % {"s": certificate.serial}
        )
    return True


@register_signer("pkcs12")
class Pkcs12Signer(DocumentSigner):
    """A software key from the internal CA, decrypted in memory only while signing."""

    def __init__(self, certificate: SigningCertificate):
        self.certificate = certificate

    @classmethod
    def from_device(cls, device: SigningDevice) -> "Pkcs12Signer":
        if device.certificate is None or not device.certificate.key_encrypted:
            raise SignerUnavailable(
                _("Thiết bị ký %(d)s chưa gắn chứng thư có khóa.") % {"d": device}
            )
        return cls(device.certificate)

    def describe(self) -> tuple[str, str]:
        return self.certificate.serial, self.certificate.common_name

    @contextlib.contextmanager
    def pyhanko_signer(self):
        _check_usable(self.certificate)
        key = crypto.key_decrypt(self.certificate.key_encrypted)
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        del key
        yield signers.SimpleSigner(
            signing_cert=_asn1_cert(self.certificate.certificate_pem),
            signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(ca_certificates()),
        )


@register_signer("pkcs11")
class Pkcs11Signer(DocumentSigner):
    """A hardware token or HSM through its PKCS#11 module (USB token, SoftHSM…)."""

    def __init__(self, device: SigningDevice):
        self.device = device

    @classmethod
    def from_device(cls, device: SigningDevice) -> "Pkcs11Signer":
        if not device.module_path or not (device.key_label or device.key_id):
            raise SignerUnavailable(
                _("Thiết bị ký %(d)s thiếu thư viện PKCS#11 hoặc nhãn/mã khóa.") % {"d": device}
            )
        return cls(device)

    def describe(self) -> tuple[str, str]:
        cert = self.device.certificate
        if cert:
            return cert.serial, cert.common_name
        return "", str(self.device.user or self.device.name)

    @contextlib.contextmanager
    def pyhanko_signer(self):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        device = self.device
        if device.certificate:
            _check_usable(device.certificate)
        pin = crypto.secret_decrypt(device.pin_encrypted) if device.pin_encrypted else None
        try:
            session = open_pkcs11_session(
                device.module_path,
                token_criteria=TokenCriteria(label=device.token_label or None),
                user_pin=pin,
            )
        except Exception as exc:  # no module, no token, wrong PIN: all mean "cannot sign now"
            raise SignerUnavailable(
                _("Không mở được thiết bị ký %(d)s: %(e)s") % {"d": device, "e": exc}
            ) from exc
        signing_cert = (
            _asn1_cert(device.certificate.certificate_pem) if device.certificate else None
        )
        try:
            yield PKCS11Signer(
                session,
                key_label=device.key_label or None,
                key_id=bytes.fromhex(device.key_id) if device.key_id else None,
                cert_label=device.cert_label or None,
                signing_cert=signing_cert,
                ca_chain=ca_certificates(),
                other_certs_to_pull=(),
                # Many tokens (SoftHSM among them) only offer raw ECDSA: hash here, sign there.
                use_raw_mechanism=bool(signing_cert and signing_cert.public_key.algorithm == "ec"),
            )
        finally:
            session.close()


def signer_for_device(device: SigningDevice) -> DocumentSigner:
    cls = SIGNER_CLASSES.get(device.kind)
    if cls is None:
        raise SignerUnavailable(_("Không hỗ trợ loại thiết bị ký “%(k)s”.") % {"k": device.kind})
    return cls.from_device(device)
