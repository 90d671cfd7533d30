"""The internal CA, certificates, revocation and keys at rest."""

import contextlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import connection

from portal.documents.signing import ca as ca_module
from portal.documents.signing import crypto
from portal.documents.signing.models import CertificateAuthority, SigningCertificate
from portal.documents.signing.services import (
    SignerUnavailable,
    ca_ensure,
    document_validate,
    signer_for_user,
    trust_roots_pem,
)
from portal.memo import memo_scope

from .conftest import box


def test_ca_ensure_creates_one_ca_and_is_idempotent(db):
    ca_ensure()
    ca_ensure()

    assert CertificateAuthority.objects.count() == 1
    cert = x509.load_pem_x509_certificate(trust_roots_pem())
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_personal_certificate_names_the_person_unit_and_title(ca, person):
    user = person("pgd", "Cường", title="Phó Giám đốc Sở")

    signer = signer_for_user(user=user)

    cert = x509.load_pem_x509_certificate(signer.certificate.certificate_pem.encode())
    subject = {a.oid._name: a.value for a in cert.subject}
    assert subject["commonName"] == "Nguyễn Văn Cường"
    assert subject["organizationName"] == "Sở Công Thương"
    assert subject["organizationalUnitName"] == "Văn phòng Sở"
    assert subject["title"] == "Phó Giám đốc Sở"
    # Asking again reuses the certificate instead of issuing another.
    assert signer_for_user(user=user).certificate == signer.certificate


def test_keys_are_never_stored_in_clear(ca, person):
    cert = signer_for_user(user=person("a", "An")).certificate
    key = crypto.key_decrypt(cert.key_encrypted)
    raw_private = key.private_numbers().private_value.to_bytes(32, "big")
    clear_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )

    with connection.cursor() as cursor:
        rows = []
        for table in ("signing_certificateauthority", "signing_signingcertificate"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            rows += cursor.fetchall()
    blob = b"".join(
        bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for r in rows for v in r
    )
    assert b"BEGIN PRIVATE KEY" not in blob and b"BEGIN EC PRIVATE KEY" not in blob
    assert raw_private not in blob
    assert clear_der not in blob
    with pytest.raises(TypeError, match="encrypted"):  # a database copy alone is useless
        serialization.load_der_private_key(bytes(cert.key_encrypted), password=None)


def test_keys_cannot_be_read_with_another_secret(ca, person, settings):
    cert = signer_for_user(user=person("a", "An")).certificate
    settings.DOCUMENTS_KEY_SECRET = "another-secret"

    with pytest.raises(ValueError):
        crypto.key_decrypt(cert.key_encrypted)


@pytest.mark.parametrize("in_a_job", [False, True], ids=["alone", "inside-a-document-job"])
def test_a_revoked_certificate_cannot_sign(ca, person, base_pdf, in_a_job):
    # A job remembers that it read the certificate as usable; a revocation must undo that.
    user = person("a", "An")
    with memo_scope() if in_a_job else contextlib.nullcontext():
        signer = signer_for_user(user=user)
        ca_module.certificate_revoke(certificate=signer.certificate, reason="key_compromise")

        with pytest.raises(SignerUnavailable, match="đã bị thu hồi"):
            signer.sign(pdf=base_pdf, field_name="ky", box=box(0), stamp_text="x")


def test_after_revocation_a_new_certificate_is_issued_and_old_signatures_show_revoked(
    ca, person, base_pdf
):
    user = person("a", "An")
    old = signer_for_user(user=user)
    signed = old.sign(pdf=base_pdf, field_name="ky", box=box(0), stamp_text="Ký bởi: An")
    ca_module.certificate_revoke(certificate=old.certificate, reason="key_compromise")

    new = signer_for_user(user=user)
    report = document_validate(pdf=signed.pdf)

    assert new.certificate != old.certificate and not new.certificate.is_revoked
    assert report.signatures[0].revoked and not report.ok
    assert "chứng thư đã bị thu hồi" in report.signatures[0].summary


def test_crl_lists_revoked_serials(ca, person):
    cert = signer_for_user(user=person("a", "An")).certificate
    ca_module.certificate_revoke(certificate=cert, reason="superseded")

    crl = x509.load_der_x509_crl(ca_module.crls_der()[0])

    entry = crl.get_revoked_certificate_by_serial_number(int(cert.serial, 16))
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name == (
        "superseded"
    )


def test_without_auto_issue_a_person_without_certificate_gets_a_vietnamese_error(
    ca, person, settings
):
    settings.DOCUMENTS_AUTO_ISSUE_CERTIFICATES = False

    with pytest.raises(SignerUnavailable, match="chưa có chứng thư số còn hiệu lực"):
        signer_for_user(user=person("a", "An"))


def test_without_a_ca_nothing_is_issued(db, person):
    with pytest.raises(SignerUnavailable):
        signer_for_user(user=person("a", "An"))
    assert not SigningCertificate.objects.exists()


def test_rotation_keeps_old_signatures_trusted_and_issues_from_the_new_ca(ca, person, base_pdf):
    user = person("a", "An")
    signed = signer_for_user(user=user).sign(
        pdf=base_pdf, field_name="ky", box=box(0), stamp_text="Ký bởi: An"
    )
    new_ca, created = ca_module.ca_create(force_new=True)

    assert created and CertificateAuthority.objects.filter(is_active=True).get() == new_ca
    assert document_validate(pdf=signed.pdf).ok
    assert signer_for_user(user=user).certificate.authority == new_ca
