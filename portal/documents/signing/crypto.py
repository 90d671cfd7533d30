"""Keys at rest: private keys as encrypted PKCS#8, PINs with AES-GCM.

Both are keyed from `DOCUMENTS_KEY_SECRET` (or `SECRET_KEY`) through HKDF, so a copy of the
database alone never yields a usable key. Decrypted keys live only in memory, for one signature.
"""

import base64
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PrivateKey = ec.EllipticCurvePrivateKey


def _secret() -> bytes:
    secret = getattr(settings, "DOCUMENTS_KEY_SECRET", "") or settings.SECRET_KEY
    return secret.encode()


def _derive(purpose: bytes) -> bytes:
    # Separate keys per purpose, so the PIN key never doubles as the PKCS#8 passphrase.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"portal.documents.signing", info=purpose
    ).derive(_secret())


def key_new() -> PrivateKey:
    # P-256: fast to generate in tests, accepted by pyHanko, NSS (pdfsig) and SoftHSM.
    return ec.generate_private_key(ec.SECP256R1())


def key_encrypt(key) -> bytes:
    """The key as DER PKCS#8 encrypted with the derived passphrase (PBES2)."""
    passphrase = base64.b64encode(_derive(b"pkcs8-passphrase"))
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def key_decrypt(blob: bytes):
    passphrase = base64.b64encode(_derive(b"pkcs8-passphrase"))
    return serialization.load_der_private_key(bytes(blob), password=passphrase)


def secret_encrypt(value: str) -> bytes:
    """Small secrets such as a token PIN: nonce + AES-256-GCM ciphertext."""
    nonce = os.urandom(12)
    return nonce + AESGCM(_derive(b"pin")).encrypt(nonce, value.encode(), b"signing-pin")


def secret_decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    return AESGCM(_derive(b"pin")).decrypt(blob[:12], blob[12:], b"signing-pin").decode()
