"""Checking the signatures in a PDF against the internal CA (+ extra roots) and its CRLs.

Nothing is fetched from the network: trust roots and CRLs come from the database and
`DOCUMENTS_EXTRA_TRUST_ROOTS`. Any input, even garbage, gives a report, never an exception.
"""

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import ca

logger = logging.getLogger(__name__)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str = ""
    certificate_serial: str = ""
    signed_at: datetime | None = None  # Asia/Ho_Chi_Minh
    timestamped: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revoked: bool = False
    modification_level: str = ""
    modification_ok: bool = False
    covers_whole_file: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and self.valid
            and self.trusted
            and not self.revoked
            and self.modification_ok
        )

    @property
    def summary(self) -> str:
        who = self.signer_name or _("(không rõ người ký)")
        when = self.signed_at.strftime("%d/%m/%Y %H:%M") if self.signed_at else "—"
        head = _("Chữ ký “%(field)s” của %(who)s, ký lúc %(when)s") % {
            "field": self.field_name,
            "who": who,
            "when": when,
        }
        if self.ok:
            return head + ": " + _("hợp lệ.")
        problems = []
        if self.error:
            problems.append(self.error)
        if not self.intact:
            problems.append(_("nội dung đã bị thay đổi sau khi ký"))
        elif not self.valid:
            problems.append(_("chữ ký không đúng"))
        if self.revoked:
            problems.append(_("chứng thư đã bị thu hồi"))
        elif not self.trusted:
            problems.append(_("chứng thư không do nơi cấp được tin cậy cấp"))
        if self.intact and not self.modification_ok:
            problems.append(_("văn bản bị sửa đổi sau khi ký ngoài việc điền số, ngày và ký tiếp"))
        return head + ": " + _("KHÔNG hợp lệ") + " (" + "; ".join(problems) + ")."


@dataclass(frozen=True)
class DocumentValidation:
    ok: bool
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def summary(self) -> str:
        if self.error:
            return self.error
        if self.ok:
            return _("Văn bản có %(n)s chữ ký số, tất cả đều hợp lệ.") % {"n": len(self.signatures)}
        bad = sum(1 for s in self.signatures if not s.ok)
        return _("Văn bản có %(bad)s/%(n)s chữ ký số không hợp lệ.") % {
            "bad": bad,
            "n": len(self.signatures),
        }


def _load_certs(data: bytes) -> list[asn1_x509.Certificate]:
    if asn1_pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _, _, der in asn1_pem.unarmor(data, True)]
    return [asn1_x509.Certificate.load(data)]


def trust_roots() -> list[asn1_x509.Certificate]:
    pem = ca.trust_roots_pem()
    roots = _load_certs(pem) if pem else []
    for path in getattr(settings, "DOCUMENTS_EXTRA_TRUST_ROOTS", []):
        try:
            roots.extend(_load_certs(Path(path).read_bytes()))
        except (OSError, ValueError) as exc:
            logger.warning("Cannot read trust root %s: %s", path, exc)
    return roots


def _signer_name(cert) -> str:
    try:
        return cert.subject.native.get("common_name", "") or ""
    except (AttributeError, ValueError):
        return ""


def _report(embedded, roots, crls, own_issuers) -> SignatureReport:
    name = embedded.field_name or ""
    # Our certificates declare no CRL address (nothing must be fetched), and pyHanko checks
    # undeclared revocation only in "require" mode; we always have our own CA's CRL, so
    # require it for them. Certificates from extra roots are checked when information exists.
    own = embedded.signer_cert.issuer.dump() in own_issuers
    context = ValidationContext(
        trust_roots=roots,
        crls=crls,
        allow_fetching=False,
        revocation_mode="require" if own else "soft-fail",
    )
    status = validate_pdf_signature(
        embedded,
        signer_validation_context=context,
        key_usage_settings=KeyUsageConstraints(
            key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
        ),
    )
    when = status.signer_reported_dt
    if status.timestamp_validity is not None:
        when = status.timestamp_validity.timestamp
    level = status.modification_level
    return SignatureReport(
        field_name=name,
        signer_name=_signer_name(status.signing_cert),
        certificate_serial=format(status.signing_cert.serial_number, "x"),
        signed_at=when.astimezone(HCM) if when else None,
        timestamped=status.timestamp_validity is not None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        modification_level=level.name if level else "",
        modification_ok=(
            level is not None
            and level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        ),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
    )


def document_validate(*, pdf: bytes) -> DocumentValidation:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # garbage in: a report, not a crash
        logger.info("Not a readable PDF: %s", exc)
        return DocumentValidation(ok=False, error=_("Tệp không phải là PDF đọc được."))
    if not embedded:
        return DocumentValidation(ok=False, error=_("Văn bản không có chữ ký số nào."))
    roots, crls = trust_roots(), ca.crls_der()
    own_issuers = (
        {c.subject.dump() for c in _load_certs(ca.trust_roots_pem() or b"")} if crls else set()
    )
    reports = []
    for sig in embedded:
        try:
            reports.append(_report(sig, roots, crls, own_issuers))
        except Exception as exc:  # one broken signature must not hide the others
            logger.info("Signature %s could not be validated: %s", sig.field_name, exc)
            reports.append(
                SignatureReport(
                    field_name=sig.field_name or "",
                    error=_("không kiểm tra được chữ ký (%(e)s)") % {"e": exc},
                )
            )
    return DocumentValidation(ok=all(r.ok for r in reports), signatures=reports)
