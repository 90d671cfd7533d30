"""How much room a signature needs in the PDF, worked out once per certificate chain.

Left to itself, pyHanko sizes the placeholder for each signature by first making a whole
dry-run signature, which costs about as much as the real one. That size depends only on
what the signature carries (the signer's certificate, the chain, the digest, a timestamp
token), so it is worked out the same way pyHanko does it (a dry run, plus half again as a
margin for a timestamp authority's varying answers) once per combination, and reused.
"""

import asyncio
import hashlib

from django.utils import timezone
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps import TimeStamper

DIGEST = "sha256"
_MAX_ENTRIES = 1000
_sizes: dict[tuple, int] = {}


def _key(signer: signers.Signer, tsa_url: str) -> tuple | None:
    cert = signer.signing_cert
    if cert is None:
        return None  # pyHanko cannot estimate either; it will say so
    registry = signer.cert_registry
    chain = tuple(sorted(c.sha256 for c in registry)) if registry is not None else ()
    return cert.sha256, chain, tsa_url


async def _dry_run_size(signer: signers.Signer, timestamper: TimeStamper | None) -> int:
    cms = await signer.async_sign(
        hashlib.sha256(b"").digest(),
        DIGEST,
        use_pades=True,
        dry_run=True,
        timestamper=timestamper,
        signed_attr_settings=PdfCMSSignedAttributes(signing_time=timezone.now()),
    )
    hex_length = len(cms.dump()) * 2  # the CMS goes into the PDF as a hex string
    return hex_length + 2 * (hex_length // 4)


def bytes_reserved(
    *, signer: signers.Signer, timestamper: TimeStamper | None, tsa_url: str
) -> int | None:
    """The placeholder size for a signature by ``signer``; None lets pyHanko estimate."""
    key = _key(signer, tsa_url if timestamper is not None else "")
    if key is None:
        return None
    size = _sizes.get(key)
    if size is None:
        # Two threads may both work it out; they get the same answer (dict writes are atomic).
        size = asyncio.run(_dry_run_size(signer, timestamper))
        if len(_sizes) >= _MAX_ENTRIES:
            _sizes.clear()
        _sizes[key] = size
    return size
