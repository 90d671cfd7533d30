"""The internal certificate authority: create, issue, revoke, CRL, trust roots."""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.memo import request_memo

from . import crypto
from .models import CertificateAuthority, RevocationReason, SigningCertificate

CA_YEARS = 20
CERT_YEARS = 3
CRL_DAYS = 7


class CaMissing(Exception):
    """No active internal CA: run `documents_ca_create`."""


def _organisation() -> str:
    return str(getattr(settings, "PORTAL_ORGANISATION_NAME", "") or "Cổng biểu mẫu")


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def ca_active() -> CertificateAuthority | None:
    # Asked before each signature and each issue: once per request or document job.
    return request_memo(
        "signing.ca-active", lambda: CertificateAuthority.objects.filter(is_active=True).first()
    )


@transaction.atomic
def ca_create(*, force_new: bool = False) -> tuple[CertificateAuthority, bool]:
    """The active CA, created when missing (or rotated with `force_new`); (ca, created)."""
    current = CertificateAuthority.objects.select_for_update().filter(is_active=True).first()
    if current and not force_new:
        return current, False
    key = crypto.key_new()
    now = timezone.now()
    name = x509.Name(
        [
            x509.NameAttribute(
                NameOID.COMMON_NAME, _("CA nội bộ %(org)s") % {"org": _organisation()}
            ),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _organisation()),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    if current:
        current.is_active = False
        current.save(update_fields=["is_active"])
    ca = CertificateAuthority.objects.create(
        name=cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value,
        serial=format(cert.serial_number, "x"),
        certificate_pem=_pem(cert),
        key_encrypted=crypto.key_encrypt(key),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
    return ca, True


def ca_ensure() -> None:
    ca_create(force_new=False)


@dataclass(frozen=True)
class Subject:
    common_name: str
    organisation: str
    unit_name: str = ""
    title: str = ""

    def x509_name(self) -> x509.Name:
        attrs = [
            x509.NameAttribute(NameOID.COMMON_NAME, self.common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organisation),
        ]
        if self.unit_name:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.unit_name))
        if self.title:
            attrs.append(x509.NameAttribute(NameOID.TITLE, self.title))
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"))
        return x509.Name(attrs)


def _ca_parts(ca: CertificateAuthority):
    return x509.load_pem_x509_certificate(ca.certificate_pem.encode()), crypto.key_decrypt(
        ca.key_encrypted
    )


def certificate_build(
    *,
    ca: CertificateAuthority,
    subject: Subject,
    public_key,
    years: int = CERT_YEARS,
    extended_usages: tuple = (),
) -> x509.Certificate:
    """A leaf certificate signed by `ca` (signature key usage; no URLs, so nothing is fetched)."""
    ca_cert, ca_key = _ca_parts(ca)
    now = timezone.now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject.x509_name())
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(
            min(now + datetime.timedelta(days=365 * years), ca_cert.not_valid_after_utc)
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if extended_usages:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(extended_usages)), critical=True)
    return builder.sign(ca_key, hashes.SHA256())


@transaction.atomic
def certificate_issue(*, subject: Subject, kind: str, user=None, key=None) -> SigningCertificate:
    """Issue a certificate from the active CA and store it with its key encrypted.

    `key` may be given (e.g. to later import the same key into a token); a new one otherwise.
    """
    ca = ca_active()
    if ca is None:
        raise CaMissing(_("Chưa có CA nội bộ. Hãy chạy: manage.py documents_ca_create"))
    key = key or crypto.key_new()
    cert = certificate_build(ca=ca, subject=subject, public_key=key.public_key())
    return SigningCertificate.objects.create(
        kind=kind,
        user=user,
        authority=ca,
        serial=format(cert.serial_number, "x"),
        common_name=subject.common_name,
        organisation=subject.organisation,
        unit_name=subject.unit_name,
        title=subject.title,
        certificate_pem=_pem(cert),
        key_encrypted=crypto.key_encrypt(key),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def user_subject(*, user) -> Subject:
    from portal.org.selectors import primary_membership

    membership = primary_membership(user=user)
    return Subject(
        common_name=user.get_full_name() or user.username,
        organisation=_organisation(),
        unit_name=membership.unit.name if membership else "",
        title=membership.position.name if membership else "",
    )


def seal_subject() -> Subject:
    return Subject(common_name=_organisation(), organisation=_organisation())


def certificate_issue_for_user(*, user) -> SigningCertificate:
    return certificate_issue(
        subject=user_subject(user=user), kind=SigningCertificate.Kind.PERSONAL, user=user
    )


def seal_issue() -> SigningCertificate:
    return certificate_issue(subject=seal_subject(), kind=SigningCertificate.Kind.SEAL)


@transaction.atomic
def certificate_revoke(
    *, certificate: SigningCertificate, reason: str = RevocationReason.UNSPECIFIED
) -> bool:
    """Revoke (idempotent); False when it already was. Devices using it are switched off."""
    certificate = SigningCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        return False
    if reason not in RevocationReason.values:
        raise ValueError(_("Lý do thu hồi không hợp lệ: %(r)s") % {"r": reason})
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    certificate.devices.filter(is_active=True).update(is_active=False)
    return True


def crl_build(*, ca: CertificateAuthority) -> x509.CertificateRevocationList:
    """A fresh CRL of `ca` listing every revoked certificate it issued.

    Built on demand (cheap, EC) so validation never reads a stale list; the number is the
    issue time, which keeps it increasing without a write per CRL.
    """
    ca_cert, ca_key = _ca_parts(ca)
    now = timezone.now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    for cert in ca.certificates.filter(revoked_at__isnull=False):
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(int(cert.serial, 16))
            .revocation_date(cert.revoked_at)
        )
        if cert.revocation_reason and cert.revocation_reason != RevocationReason.UNSPECIFIED:
            entry = entry.add_extension(
                x509.CRLReason(x509.ReasonFlags[cert.revocation_reason]), critical=False
            )
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(ca_key, hashes.SHA256())


def crls_der() -> list[bytes]:
    return [
        crl_build(ca=ca).public_bytes(serialization.Encoding.DER)
        for ca in CertificateAuthority.objects.all()
    ]


def trust_roots_pem() -> bytes:
    """Every internal CA certificate (active first), PEM, for validators and NSS databases."""
    return "".join(ca.certificate_pem for ca in CertificateAuthority.objects.all()).encode()
