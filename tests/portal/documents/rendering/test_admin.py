"""Document templates in the Wagtail admin: list, edit with a preview button, PDF preview."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.org import roles
from tests.factories import UserFactory, add_to_role, login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, org):
    admin = UserFactory(username="quantri", is_superuser=True)
    login_with_mfa(client, admin)
    return client


@pytest.fixture
def editor_without_right(client, org):
    """Reaches the admin but may not change document templates (form administrators may)."""
    user = UserFactory(username="bientap")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_with_mfa(client, user)
    return client


def pdf_url(template):
    return reverse("documents_template_preview_pdf", args=[template.pk])


def test_an_administrator_gets_the_preview_as_an_inline_pdf(admin_client, templates):
    response = admin_client.get(pdf_url(templates["leave"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")


def test_the_preview_uses_the_latest_real_submission_of_a_form(admin_client, leave_submission):
    from .pdftools import pdf_text

    template = leave_submission.form_page.specific.document_template
    response = admin_client.get(pdf_url(template))
    text = pdf_text(response.content)
    assert leave_submission.requester.get_full_name() in text
    page = admin_client.get(reverse("documents_template_preview", args=[template.pk]))
    assert leave_submission.title in page.content.decode()
    # The preview made no document and used no verification code.
    assert not leave_submission.documents.filter(verify_code="XEMTRUOC00").exists()


def test_the_preview_page_reports_unknown_names_and_lists_the_fields(admin_client, templates):
    template = templates["trip"]
    template.body = "Đi {{ destination }} với {{ xe_rieng }}."
    template.save()
    response = admin_client.get(reverse("documents_template_preview", args=[template.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chỗ điền không có trong dữ liệu" in html
    assert "xe_rieng" in html
    assert "nguoi_de_nghi" in html  # the built-ins are listed
    assert pdf_url(template) in html


def test_the_edit_page_links_to_the_preview(admin_client, templates):
    template = templates["leave"]
    response = admin_client.get(
        reverse("wagtailsnippets_documents_documenttemplate:edit", args=[template.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("documents_template_preview", args=[template.pk]) in html
    assert "Xem trước PDF" in html


def test_the_list_is_searchable(admin_client, templates):
    response = admin_client.get(
        reverse("wagtailsnippets_documents_documenttemplate:list"), {"q": "công tác"}
    )
    html = response.content.decode()
    assert "Giấy đi công tác" in html
    assert "Đơn xin nghỉ phép" not in html


def test_saving_a_malformed_body_is_refused(admin_client, templates):
    template = templates["leave"]
    url = reverse("wagtailsnippets_documents_documenttemplate:edit", args=[template.pk])
    data = {
        "name": template.name,
        "code": template.code,
        "document_type": template.document_type,
        "symbol": template.symbol,
        "summary": template.summary,
        "body": "Nghỉ từ {{ start_date đến {{ end_date }}",
        "recipients": template.recipients,
        "place": "",
        "issuer": template.issuer,
        "numbering": template.numbering,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Chỗ điền không hợp lệ ở dòng 1" in response.content.decode()
    template.refresh_from_db()
    assert "{{ start_date đến" not in template.body


def test_form_administrators_may_preview(client, org, templates):
    user = UserFactory(username="quantribieumau")
    add_to_role(user, roles.FORM_ADMINS)
    login_with_mfa(client, user)
    response = client.get(pdf_url(templates["leave"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_others_may_not_preview(editor_without_right, client, templates):
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    url = pdf_url(templates["leave"])
    page = reverse("documents_template_preview", args=[templates["leave"].pk])
    for response in (editor_without_right.get(url), editor_without_right.get(page)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"] or "login" in response["Location"]


def test_whoever_may_change_templates_may_preview(editor_without_right, templates):
    from portal.accounts.models import User

    user = User.objects.get(username="bientap")
    user.user_permissions.add(Permission.objects.get(codename="change_documenttemplate"))
    response = editor_without_right.get(pdf_url(templates["leave"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_template_no_form_uses_previews_with_sample_values(admin_client, templates):
    from .pdftools import pdf_text

    template = templates["trip_report"]
    template.body = "Báo cáo của {{ nguoi_de_nghi }} về {{ chu_de_la }}."
    template.save()
    text = pdf_text(admin_client.get(pdf_url(template)).content)
    assert "Báo cáo của Nguyễn Thị Mẫu về [chu_de_la?]." in text
    assert "KT. GIÁM ĐỐC" in text
