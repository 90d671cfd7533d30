"""Error pages are the portal's own, in Vietnamese (never Viewflow's Material screens)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_portal_404_page_with_its_menu(client, org):
    client.force_login(org["chuyenvien"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:3] == ["404.html", "errors/page.html", "base.html"]
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Đơn của tôi" in html  # the menu is there to go on from
    assert "vf-" not in html


def test_a_refused_page_gets_the_portal_403_page(client, org):
    client.force_login(org["chuyenvien"])
    response = client.get(reverse("documents:registry"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert "vf-" not in response.content.decode()


def test_the_500_page_stands_alone_without_a_query():
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as ctx:
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html and "báo Văn phòng" in html
    assert "vf-" not in html
    assert ctx.captured_queries == []


def test_a_form_sent_without_its_csrf_token_says_what_to_do(org):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hiệu lực" in html
    assert "tải lại trang" in html
