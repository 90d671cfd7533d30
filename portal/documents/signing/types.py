"""The shapes the lead's document lifecycle exchanges with this app."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible stamp goes: PDF points, origin bottom-left, page 0-based."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    certificate_serial: str
    signer_name: str
    signed_at: datetime


class SignerUnavailable(Exception):
    """No usable signer (no certificate, revoked, token unreachable…); the message is for
    the user, in Vietnamese."""


class SigningFailed(Exception):
    """The PDF could not be signed (bad input, field already signed…); Vietnamese message."""
