"""Registering a PKCS#11 token from the command line (the admin lists devices read-only)."""

import io

import pytest
from django.core.management import CommandError, call_command

from portal.documents.signing import crypto
from portal.documents.signing.models import SigningDevice
from tests.factories import UserFactory


@pytest.fixture
def module(tmp_path):
    path = tmp_path / "libpkcs11.so"
    path.write_bytes(b"")
    return str(path)


def add(*args):
    out = io.StringIO()
    call_command("documents_device_add", *args, stdout=out)
    return out.getvalue()


def test_a_token_becomes_the_persons_only_active_signer(db, module, monkeypatch):
    user = UserFactory(username="phogiamdoc")
    monkeypatch.setenv("DOCUMENTS_DEVICE_PIN", "246810")
    add("--user", "phogiamdoc", "--module", module, "--token", "portal", "--key-label", "a")
    output = add("--user", "phogiamdoc", "--module", module, "--token", "moi", "--key-id", "01")
    assert "Đã gắn thiết bị" in output
    active = SigningDevice.objects.get(user=user, is_active=True)
    assert active.token_label == "moi" and active.key_id == "01"
    assert SigningDevice.objects.filter(user=user).count() == 2
    # Stored encrypted, readable only with the portal's secret.
    assert b"246810" not in bytes(active.pin_encrypted)
    assert crypto.secret_decrypt(bytes(active.pin_encrypted)) == "246810"


def test_the_seal_gets_its_own_device(db, module, monkeypatch):
    monkeypatch.setenv("DOCUMENTS_DEVICE_PIN", "1234")
    add("--seal", "--module", module, "--token", "dau", "--key-label", "seal")
    assert SigningDevice.objects.get(is_active=True, is_seal=True).user is None


@pytest.mark.parametrize(
    "args, message",
    [
        (["--user", "khongco", "--token", "t", "--key-label", "k"], "Không có người dùng"),
        (["--user", "khongco", "--token", "t"], "--key-label hoặc --key-id"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(db, module, monkeypatch, args, message):
    monkeypatch.setenv("DOCUMENTS_DEVICE_PIN", "1234")
    with pytest.raises(CommandError, match=message):
        add(*args, "--module", module)
    assert not SigningDevice.objects.exists()


def test_a_missing_library_is_refused(db):
    UserFactory(username="a")
    with pytest.raises(CommandError, match="Không thấy thư viện PKCS#11"):
        add("--user", "a", "--module", "/khong/co.so", "--token", "t", "--key-label", "k")
