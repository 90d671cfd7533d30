"""The admin upload (who may use it, what it reports) and the demo data."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.regulations.demo import regulations_demo_ensure
from portal.regulations.models import RegulationIndexPage, RegulationPage
from tests.factories import login_with_mfa

from .conftest import DC, KH, admin_user, seed_bytes

pytestmark = pytest.mark.django_db


def upload(client, parent, name=DC, **extra):
    file = SimpleUploadedFile(name, seed_bytes(name), content_type="text/plain")
    return client.post(reverse("regulations_upload"), {"file": file, "parent": parent.pk, **extra})


def test_admin_uploads_a_file_and_gets_the_report_and_a_link(client, regulation_index):
    login_with_mfa(client, admin_user(is_superuser=True, is_staff=True))
    assert "Đăng vào mục" in client.get(reverse("regulations_upload")).content.decode()

    response = upload(client, regulation_index)

    html = response.content.decode()
    page = RegulationPage.objects.get()
    assert "Chương: 4; Điều: 13;" in html
    assert "Cần xem lại" in html and "không theo thứ tự" in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert page.live and page.get_latest_revision().user.username == "quantri"


def test_admin_upload_of_a_letter_says_why_and_writes_nothing(client, regulation_index):
    login_with_mfa(client, admin_user(is_superuser=True, is_staff=True))

    html = upload(client, regulation_index, name=KH, draft="on").content.decode()

    assert "Chưa nhập được" in html and "công văn" in html
    assert not RegulationPage.objects.exists()


def test_plain_staff_user_is_refused(client, regulation_index):
    user = admin_user(is_staff=True)
    group = Group.objects.create(name="Chỉ vào trang quản trị")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    login_with_mfa(client, user)

    # Wagtail answers PermissionDenied in its admin with a redirect to the dashboard.
    for response in (client.get(reverse("regulations_upload")), upload(client, regulation_index)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not RegulationPage.objects.exists()


def test_editor_with_add_permission_under_the_listing_may_upload(client, regulation_index):
    from wagtail.models import GroupPagePermission

    user = admin_user(is_staff=True)
    group = Group.objects.create(name="Biên tập quy chế")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=regulation_index, permission=Permission.objects.get(codename="add_page")
    )
    user.groups.add(group)
    login_with_mfa(client, user)

    response = upload(client, regulation_index, draft="on")

    assert response.status_code == 200
    assert RegulationPage.objects.get().live is False


def test_demo_creates_the_listing_and_the_regulation_once(home):
    first = regulations_demo_ensure(home=home)
    second = regulations_demo_ensure(home=home)

    assert (first["index_page_status"], first["regulation_page_status"]) == ("created", "created")
    assert (second["index_page_status"], second["regulation_page_status"]) == (
        "unchanged",
        "unchanged",
    )
    assert (first["chapters"], first["articles"]) == (4, 13)
    assert RegulationIndexPage.objects.count() == 1
    page = RegulationPage.objects.get()
    assert "Ban Thanh tra nhân dân" in page.intro
    assert page.revisions.count() == 2  # the import, then the introduction
