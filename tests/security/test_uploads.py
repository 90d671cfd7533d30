"""Uploads: a disguised file, a zip bomb, an oversized file or a tricky name never gets
through as something else, and a stored file is served only by the permission-checked views.

Paths: a form's attachment field (forms/uploads.py), feedback attachments, the staff import,
the regulation import and the public verification upload.
"""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forms.feedback.models import FeedbackCase
from forms.models import Attachment, Submission
from tests.forms.pages_support import PDF
from tests.security.conftest import PNG, login

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def zip_bomb(name: str = "word/document.xml", unpacked_mb: int = 40) -> bytes:
    """A small .docx-shaped zip whose one part unpacks to ``unpacked_mb`` megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if name != "word/document.xml":
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        with archive.open(name, "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document>')
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</w:document>")
    return buffer.getvalue()


def field_names(form) -> dict:
    return {f.label: f.clean_name for f in form.get_form_fields()}


def post_attachment(client, form, name: str, content: bytes):
    names = field_names(form)
    return client.post(
        form.url,
        {
            names["Nội dung đề nghị"]: "Đề nghị kèm tệp",
            names["Tệp kèm theo"]: SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("bao-cao.pdf", HTML), ("anh.png", SVG), ("to-trinh.pdf", EXE), ("trang.html", HTML)],
)
def test_a_disguised_file_is_refused_by_its_content(people, form, name, content):
    response = post_attachment(login(people["owner"]), form, name, content)

    assert response.status_code == 200
    assert "Nội dung tệp không phải là PDF, JPG, PNG, DOCX, XLSX" in response.content.decode()
    assert not Submission.objects.exists() and not Attachment.objects.exists()


def test_a_file_over_the_fields_limit_is_refused_in_vietnamese(people, form):
    field = form.form_fields.get(label="Tệp kèm theo")
    field.max_size_mb = 1
    field.save()

    big = PDF + b"0" * (1024 * 1024)
    response = post_attachment(login(people["owner"]), form, "lon.pdf", big)

    assert "Tệp quá lớn: 1.0 MB, tối đa 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_zip_bomb_shaped_like_a_docx_is_stored_as_bytes_never_unpacked(people, form):
    bomb = zip_bomb()

    response = post_attachment(login(people["owner"]), form, "bien-ban.docx", bomb)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(bomb) < 1024 * 1024
    assert attachment.content_type.endswith("wordprocessingml.document")


TRICKY_NAMES = [
    "../../../etc/passwd.pdf",
    "/etc/cron.d/job.pdf",
    "C:\\Windows\\system32\\a.pdf",
    "a\x00b.pdf",
    "hop-dong\u202efdp.exe",
    "dai-" + "x" * 400 + ".pdf",
]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_a_tricky_name_is_stored_under_a_generated_name_and_served_as_a_download(
    people, form, name, settings
):
    client = login(people["owner"])
    response = post_attachment(client, form, name, PDF)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert re.fullmatch(r"attachments/[0-9a-f]{2}/[0-9a-f]{32}", attachment.file.name)
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    shown = attachment.original_name
    assert not set(shown) & {"/", "\\", "\x00", "\u202e"}
    assert 0 < len(shown) <= 255 and ".." not in shown.replace("..pdf", "")

    download = client.get(reverse("forms:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert "\u202e" not in download["Content-Disposition"]


def test_stored_files_are_not_reachable_under_media_url(people, filed, client, settings):
    attachment = filed["mine"].attachments.get()
    url = settings.MEDIA_URL + attachment.file.name

    for who in (client, login(people["owner"])):
        response = who.get(url, follow=True)
        assert response.status_code == 404 and PDF not in response.content
    # Only the checked view serves it.
    view = login(people["owner"]).get(reverse("forms:attachment", args=[attachment.pk]))
    assert view.status_code == 200 and b"".join(view.streaming_content) == PDF


# Feedback ---------------------------------------------------------------------------------

FEEDBACK = {
    "recipient": "union",
    "category": "phan-anh",
    "title": "Phản ánh",
    "content": "Nội dung phản ánh.",
    "anonymous": "on",
}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", SVG, "Nội dung tệp không phải là PDF, JPG, PNG, DOCX, XLSX"),
        ("bien-ban.pdf", HTML, "Nội dung tệp không phải là PDF, JPG, PNG, DOCX, XLSX"),
        # The part the cleaner must read claims 40 MB: reading stops at 16 MB.
        ("bien-ban.docx", zip_bomb("_rels/.rels"), "Không đọc được tệp DOCX để xóa thông tin ẩn"),
    ],
)
def test_feedback_refuses_disguised_files_and_zip_bombs(client, name, content, message):
    response = client.post(
        reverse("feedback:new"), {**FEEDBACK, "attachments": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FeedbackCase.objects.exists()


def test_a_feedback_attachment_is_served_only_to_handlers_as_a_download(people, org):
    from forms.feedback.models import FeedbackAttachment
    from portal.org import roles
    from tests.factories import add_to_role

    add_to_role(people["colleague"], roles.UNION)
    response = post_feedback("../../x\u202egnp.exe.png")
    assert response.status_code == 200
    item = FeedbackAttachment.objects.get()
    assert "/" not in item.original_name and "\u202e" not in item.original_name
    assert not re.search(r"[^/]*\.\.", item.file.name)

    download = login(people["colleague"]).get(
        reverse("feedback_handling:attachment", args=[item.pk])
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    outsider = login(people["outsider"])
    assert outsider.get(reverse("feedback_handling:attachment", args=[item.pk])).status_code == 404


def post_feedback(name: str):
    from django.test import Client

    return Client().post(
        reverse("feedback:new"), {**FEEDBACK, "attachments": SimpleUploadedFile(name, PNG)}
    )


# Imports (administrators) ---------------------------------------------------------------


def importer(org):
    from portal.accounts.models import User

    admin = User.objects.create_superuser("quantri", "quantri@example.gov.vn", "x")
    return login(admin)


def test_the_staff_import_refuses_a_workbook_that_unpacks_to_too_much(org):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Đơn vị"
    buffer = io.BytesIO()
    book.save(buffer)
    # The same workbook with one more part padded to 120 MB once unpacked.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(120):
                part.write(b"\0" * (1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024

    response = importer(org).post(
        reverse("org_import_staff"),
        {"file": SimpleUploadedFile("nhan-su.xlsx", bomb.getvalue())},
    )

    assert response.status_code == 200
    assert "giải nén quá lớn" in response.content.decode()


def test_the_staff_import_refuses_a_disguised_file(org):
    response = importer(org).post(
        reverse("org_import_staff"), {"file": SimpleUploadedFile("nhan-su.xlsx", HTML)}
    )

    assert "đọc được tệp; hãy chọn tệp Excel dạng .xlsx." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quy-che.txt", PDF, "Tệp không phải văn bản thuần"),
        ("quy-che.exe", b"Quy che", "Không nhận tệp có phần mở rộng “exe”; chỉ nhận: txt, md."),
        ("quy-che.txt", b"\xff\xfe\x00\xd8", "UTF"),
    ],
)
def test_the_regulation_import_refuses_what_is_not_plain_text(org, name, content, message):
    from portal.regulations.models import RegulationIndexPage, RegulationPage
    from tests.factories import home_page

    index = home_page().add_child(instance=RegulationIndexPage(title="Quy chế", slug="quy-che"))
    response = importer(org).post(
        reverse("regulations_upload"),
        {"file": SimpleUploadedFile(name, content), "parent": index.pk},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegulationPage.objects.exists()


# Verification (public) --------------------------------------------------------------------


@pytest.fixture
def issued(filed, org):
    from django.core.files.base import ContentFile

    from portal.documents.defaults import document_templates_ensure
    from portal.documents.models import Document, DocumentTemplate

    document_templates_ensure()
    doc = Document(
        submission=filed["mine"],
        version=1,
        template=DocumentTemplate.objects.first(),
        status=Document.Status.ISSUED,
        issuing_unit=org["so"],
        number=1,
        number_text="01/ĐNP-SCT",
    )
    doc.file.save("x.pdf", ContentFile(PDF))
    return doc


@pytest.mark.parametrize(
    ("content", "message"),
    [(HTML, "Tệp này không phải là tệp PDF."), (SVG, "Tệp này không phải là tệp PDF.")],
)
def test_the_verification_page_refuses_what_is_not_a_pdf(issued, client, content, message):
    url = reverse("documents:verify", args=[issued.verify_code])

    response = client.post(url, {"file": SimpleUploadedFile("van-ban.pdf", content)})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html


def test_the_verification_page_refuses_a_file_over_20_mb(issued, client):
    url = reverse("documents:verify", args=[issued.verify_code])
    big = PDF + b"0" * (20 * 1024 * 1024)

    response = client.post(url, {"file": SimpleUploadedFile("van-ban.pdf", big)})

    assert "Tệp lớn hơn 20 MB." in response.content.decode()
