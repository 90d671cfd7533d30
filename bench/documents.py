"""The document pipeline, measured: ``python -m bench.documents OUT.json [N]`` (inside Django,
on the bench database, with the database task backend so that nothing runs inline).

N leave requests (default 50, plus one warm-up) go through the real services on a leave form
whose chain has three approvers (unit head, Lãnh đạo Sở phụ trách, Giám đốc Sở); then each
document is brought to "issued" by the worker's own job (``document_sync_task``) — render,
three signatures, number, seal — and timed. Against it, right after each document and in the
same process: a bare WeasyPrint render of its HTML and a bare pyHanko signature (a fresh P-256
key, as the internal CA issues) of that PDF.
"""

import datetime
import io
import json
import statistics
import sys
import time

SLUG = "bench-nghi-phep"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _leave_page():
    from forms.leave.models import LeaveFormPage
    from portal.demo import data
    from portal.demo.forms import form_page_ensure
    from portal.home.models import HomePage
    from portal.org.services import role_groups_ensure

    def step(kind, resolver):
        return {"kind": kind, "resolver": resolver, "group": "", "person": "",
                "deadline_days": 2, "signer_title": ""}  # fmt: skip

    rule = {"name": "Ba cấp ký", "positions": [], "units": [], "conditions": []}
    rule["steps"] = [
        step("opinion", "unit_head"),
        step("opinion", "overseer"),
        step("decision", "director"),
    ]
    spec = {**data.LEAVE_FORM, "slug": SLUG, "title": "Đơn xin nghỉ phép (đo văn bản)"}
    spec["approval_policy"] = [{"type": "rule", "value": rule}]
    page, _status = form_page_ensure(
        home=HomePage.objects.first(),
        groups=role_groups_ensure(),
        spec=spec,
        page_class=LeaveFormPage,
    )
    return page


def _approved_documents(count: int) -> list[int]:
    from flows.selectors import active_step
    from flows.services import task_decide
    from forms.fielddefs import build_form
    from forms.services import submission_create
    from portal.accounts.models import User

    page = _leave_page()
    day = datetime.date.today() + datetime.timedelta(days=90)
    day -= datetime.timedelta(days=day.weekday())
    people = User.objects.filter(
        username__startswith="lg-",
        memberships__position__level="member",
        memberships__unit__kind="sub_division",
    ).order_by("-pk")[:count]
    documents = []
    for user in people:
        post = {"leave_type": "annual", "reason": "Việc riêng", "start_session": "morning"}
        post |= {"start_date": day.isoformat(), "end_date": day.isoformat()}
        post["end_session"] = "afternoon"
        form = build_form(page, post, {}, user=user)
        if not form.is_valid():
            raise RuntimeError(form.errors.as_text())
        submission = submission_create(page=page, requester=user, cleaned_data=form.cleaned_data)
        while (step := active_step(submission=submission)) is not None:
            submission = task_decide(step=step, user=step.actor, decision="approve")
        documents.append(submission.documents.get().pk)
    return documents


def _issue(document_id: int) -> float:
    """The worker's job, run the way the worker runs it (``document_sync_task``)."""
    from portal.documents.models import Document
    from portal.documents.numbering import document_number_assign
    from portal.documents.tasks import document_sync_task

    started = time.perf_counter()
    document_sync_task.call(document_id)
    document = Document.objects.get(pk=document_id)
    if document.status == Document.Status.AWAITING_NUMBER:
        document_number_assign(document=document)
        document_sync_task.call(document_id)
        document = Document.objects.get(pk=document_id)
    elapsed = time.perf_counter() - started
    if document.status != Document.Status.ISSUED or document.signatures.count() != 4:
        raise RuntimeError(f"Văn bản {document_id}: {document.status} {document.last_error}")
    return elapsed


def _bare_render(document_id: int) -> tuple[float, bytes]:
    """One WeasyPrint render of the document's own HTML, nothing else."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from portal.documents.models import Document
    from portal.documents.rendering import pdf
    from portal.documents.rendering.content import document_content

    content = document_content(document=Document.objects.get(pk=document_id))
    html = render_to_string(
        "documents/pdf/document.html",
        {
            "c": content,
            "fonts": {k: (pdf.FONTS_DIR / v).as_uri() for k, v in pdf.FONT_FILES.items()},
            "qr_svg": pdf._qr_svg(content.verify_url),
            "short_link": pdf.short_link_text(content.verify_url),
            "show_boxes": False,
        },
    )
    started = time.perf_counter()
    out = HTML(
        string=html, url_fetcher=pdf._fonts_only_fetcher(), base_url=pdf.FONTS_DIR.as_uri()
    ).write_pdf()
    return time.perf_counter() - started, out


def _bare_signer():
    """A fresh key of the kind the internal CA issues (``crypto.key_new``) and a self-signed
    certificate: as plain as pyHanko signing gets."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from portal.documents.signing.crypto import key_new

    key = key_new()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs([]),
    )


def _bare_sign(pdf_bytes: bytes, signer) -> float:
    """One invisible signature, pyHanko's defaults (it sizes the placeholder itself)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    started = time.perf_counter()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)),
        signers.PdfSignatureMetadata(field_name="Sig1"),
        signer=signer,
    )
    return time.perf_counter() - started


def _certificates_issue(document_ids: list[int]) -> None:
    """A person's certificate is issued at his first signature, once in his working life:
    not a cost of any one document, so it is done before the clock starts."""
    from forms.models import ApprovalStep
    from portal.documents.signing.services import seal_signer, signer_for_user

    steps = ApprovalStep.objects.filter(submission__documents__pk__in=document_ids)
    for step in steps.select_related("approver", "decided_by"):
        signer_for_user(user=step.decided_by or step.approver)
    seal_signer()


def measure(count: int = 50) -> dict:
    """Each document's pipeline, then a bare render of its HTML and a bare signature of the
    result, one after the other: the baselines see the machine as the pipeline saw it (a
    shared two-core machine drifts by a third between minutes)."""
    documents = _approved_documents(count + 1)
    _certificates_issue(documents)
    signer = _bare_signer()
    _issue(documents[0])  # fonts, templates and signature sizes loaded
    _bare_sign(_bare_render(documents[0])[1], signer)
    times, renders, signs = [], [], []
    for document_id in documents[1:]:
        times.append(_issue(document_id))
        render, pdf_bytes = _bare_render(document_id)
        renders.append(render)
        signs.append(_bare_sign(pdf_bytes, signer))
    return {
        "count": len(times),
        "median_ms": _ms(statistics.median(times)),
        "p95_ms": _ms(_p95(times)),
        "bare_render_ms": _ms(statistics.median(renders)),
        "bare_sign_ms": _ms(statistics.median(signs)),
    }


if __name__ == "__main__":
    import django

    django.setup()
    result = measure(int(sys.argv[2]) if len(sys.argv) > 2 else 50)
    with open(sys.argv[1], "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1)
