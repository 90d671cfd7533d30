"""Other signers and options: a PKCS#11 token (SoftHSM2), RFC 3161 timestamps, commands."""

import io
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.management import CommandError, call_command
from pyhanko.sign.timestamps import DummyTimeStamper

from portal.documents.signing import ca as ca_module
from portal.documents.signing import crypto
from portal.documents.signing.models import CertificateAuthority, SigningCertificate, SigningDevice
from portal.documents.signing.services import document_validate, signer_for_user
from portal.documents.signing.signers import Pkcs11Signer, _asn1_cert

from .conftest import box, need, pdfsig


def _softhsm_module() -> str | None:
    for path in (
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ):
        if Path(path).exists():
            return path
    return None


@need("softhsm2-util")
@pytest.mark.skipif(_softhsm_module() is None, reason="libsofthsm2.so is not installed")
def test_a_softhsm_token_signs_and_its_signature_validates(
    ca, person, base_pdf, tmp_path, monkeypatch
):
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    run = lambda *args: subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)  # noqa: E731
    run("--init-token", "--free", "--label", "portal", "--so-pin", "12345678", "--pin", "246810")
    user = person("pgd", "Cường", title="Phó Giám đốc Sở")
    key = crypto.key_new()
    cert = ca_module.certificate_issue(
        subject=ca_module.user_subject(user=user), kind="personal", user=user, key=key
    )
    SigningCertificate.objects.filter(pk=cert.pk).update(key_encrypted=None)  # on the token only
    pem = tmp_path / "key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    run(
        "--import",
        str(pem),
        "--token",
        "portal",
        "--label",
        "ky-so",
        "--id",
        "01",
        "--pin",
        "246810",
    )
    pem.unlink()
    SigningDevice.objects.create(
        name="Token của ông Cường",
        kind="pkcs11",
        user=user,
        certificate=cert,
        module_path=_softhsm_module(),
        token_label="portal",
        key_label="ky-so",
        pin_encrypted=crypto.secret_encrypt("246810"),
    )

    signer = signer_for_user(user=user)
    signed = signer.sign(
        pdf=base_pdf,
        field_name="ky_1",
        box=box(0),
        stamp_text="Ký bởi: Nguyễn Văn Cường\nPhó Giám đốc Sở",
    )

    assert isinstance(signer, Pkcs11Signer)
    assert signed.certificate_serial == cert.serial
    report = document_validate(pdf=signed.pdf)
    assert report.ok, report.summary
    assert report.signatures[0].signer_name == "Nguyễn Văn Cường"
    if _has("pdfsig") and _has("certutil"):
        assert "Signature is Valid" in pdfsig(signed.pdf, tmp_path)


@need("softhsm2-util")
def test_a_wrong_token_pin_is_a_vietnamese_signer_error(ca, person, base_pdf):
    from portal.documents.signing.services import SignerUnavailable

    user = person("a", "An")
    SigningDevice.objects.create(
        name="Token",
        kind="pkcs11",
        user=user,
        module_path="/nonexistent/libpkcs11.so",
        key_label="k",
        pin_encrypted=crypto.secret_encrypt("0000"),
    )

    with pytest.raises(SignerUnavailable, match="Không mở được thiết bị ký"):
        signer_for_user(user=user).sign(pdf=base_pdf, field_name="k", box=box(0), stamp_text="x")


def _has(binary: str) -> bool:
    import shutil

    return shutil.which(binary) is not None


@pytest.fixture
def tsa_url(ca):
    """A local RFC 3161 server answering with pyHanko's DummyTimeStamper, TSA cert from our CA."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy is RSA-only
    cert = ca_module.certificate_build(
        ca=CertificateAuthority.objects.get(is_active=True),
        subject=ca_module.Subject(common_name="TSA thử nghiệm", organisation="Sở Công Thương"),
        public_key=key.public_key(),
        extended_usages=(ExtendedKeyUsageOID.TIME_STAMPING,),
    )
    stamper = DummyTimeStamper(
        tsa_cert=_asn1_cert(cert.public_bytes(serialization.Encoding.PEM).decode()),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(body)
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    server.shutdown()
    server.server_close()


def test_timestamp_comes_from_the_configured_tsa(ca, person, base_pdf, tsa_url, settings):
    url, requests = tsa_url
    settings.DOCUMENTS_TSA_URL = url

    signed = signer_for_user(user=person("a", "An")).sign(
        pdf=base_pdf, field_name="ky", box=box(0), stamp_text="Ký bởi: An", timestamp=True
    )

    report = document_validate(pdf=signed.pdf)
    assert requests  # pyHanko asks once for the size, then for the real token
    assert report.ok and report.signatures[0].timestamped


def test_without_a_tsa_url_signing_goes_on_without_timestamp(ca, person, base_pdf, settings):
    settings.DOCUMENTS_TSA_URL = ""

    signed = signer_for_user(user=person("a", "An")).sign(
        pdf=base_pdf, field_name="ky", box=box(0), stamp_text="Ký bởi: An", timestamp=True
    )

    report = document_validate(pdf=signed.pdf)
    assert report.ok and not report.signatures[0].timestamped


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_commands_create_issue_and_revoke(db, person):
    person("phogiamdoc1", "Cường")

    assert "Đã tạo CA nội bộ" in _call("documents_ca_create")
    assert "Không thay đổi" in _call("documents_ca_create")
    assert "Đã cấp chứng thư: Nguyễn Văn Cường" in _call("documents_cert_issue", "phogiamdoc1")
    assert "Đã cấp chứng thư con dấu: Sở Công Thương" in _call("documents_seal_issue")
    seal = SigningCertificate.objects.get(kind="seal")
    assert f"Đã thu hồi chứng thư {seal.serial}" in _call("documents_cert_revoke", seal.serial)
    out = _call("documents_cert_revoke", "phogiamdoc1", "--reason", "affiliation_changed")
    assert "Đã thu hồi" in out
    assert SigningCertificate.objects.filter(revoked_at__isnull=True).count() == 0
    assert "Đã tạo CA nội bộ" in _call("documents_ca_create", "--force-new")
    assert CertificateAuthority.objects.count() == 2


def test_commands_explain_errors_in_vietnamese(db):
    with pytest.raises(CommandError, match="Chưa có CA nội bộ"):
        _call("documents_seal_issue")
    with pytest.raises(CommandError, match="Không có người dùng “ai-do”"):
        _call("documents_cert_issue", "ai-do")
    with pytest.raises(CommandError, match="Không tìm thấy chứng thư"):
        _call("documents_cert_revoke", "ai-do")
