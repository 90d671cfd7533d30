"""Internal items and their documents never reach an anonymous visitor, by any road."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.models import PageViewRestriction

from portal.disclosure.models import Audience

from .conftest import document, publish_item

pytestmark = pytest.mark.django_db


def test_internal_item_sends_anonymous_visitors_to_login(client, board):
    item = publish_item(board, audience=Audience.INTERNAL)
    response = client.get(item.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_internal_item_is_shown_to_logged_in_staff(client, board, org):
    item = publish_item(board, title="Quyết định nâng lương", audience=Audience.INTERNAL)
    client.force_login(org["chuyenvien"])
    response = client.get(item.url)
    assert response.status_code == 200
    assert "Quyết định nâng lương" in response.text


def test_public_item_is_shown_to_anyone(client, board):
    item = publish_item(board, title="Dự toán ngân sách 2026")
    response = client.get(item.url)
    assert response.status_code == 200
    assert "Dự toán ngân sách 2026" in response.text


def test_audience_is_kept_as_a_login_view_restriction(board):
    item = publish_item(board, audience=Audience.INTERNAL)
    assert PageViewRestriction.objects.filter(page=item, restriction_type="login").count() == 1
    item.audience = Audience.PUBLIC
    item.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=item).exists()


def test_a_draft_made_public_stays_restricted_until_published(client, board):
    item = publish_item(board, audience=Audience.INTERNAL)
    item.audience = Audience.PUBLIC
    item.save_revision()  # a draft, not yet approved
    assert PageViewRestriction.objects.filter(page=item).exists()
    assert client.get(item.url).status_code == 302


def test_a_draft_made_internal_is_restricted_at_once(client, board):
    item = publish_item(board)
    item.audience = Audience.INTERNAL
    item.save_revision()
    assert client.get(item.url).status_code == 302


def _api_ids(client, **params):
    response = client.get("/api/v2/pages/", {"type": "disclosure.DisclosureItemPage", **params})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("logged_in", [False, True])
def test_api_v2_never_lists_or_serves_internal_items(client, board, org, logged_in):
    public = publish_item(board, title="Công khai tài sản")
    internal = publish_item(board, title="Kết quả giải quyết khiếu nại", audience=Audience.INTERNAL)
    if logged_in:
        client.force_login(org["chuyenvien"])
    assert _api_ids(client) == {public.pk}
    assert _api_ids(client, search="khiếu nại") == set()
    assert client.get(f"/api/v2/pages/{internal.pk}/").status_code == 404
    detail = client.get(f"/api/v2/pages/{public.pk}/")
    assert detail.status_code == 200
    assert detail.json()["summary"] == public.summary


def test_internal_attachment_is_not_served_to_anonymous_visitors(client, board, org):
    doc = document(title="Bản kê khai tài sản", name="ke-khai.pdf")
    publish_item(board, audience=Audience.INTERNAL, documents=[doc])
    doc.refresh_from_db()
    response = client.get(doc.url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    client.force_login(org["chuyenvien"])
    served = client.get(doc.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")


def test_public_attachment_is_served_to_anyone(client, board):
    doc = document(title="Dự toán", name="du-toan.pdf")
    publish_item(board, documents=[doc])
    doc.refresh_from_db()
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_shared_with_an_internal_item_stays_restricted(client, board):
    doc = document()
    publish_item(board, title="Nội bộ", audience=Audience.INTERNAL, documents=[doc])
    publish_item(board, title="Công khai", documents=[doc])
    doc.refresh_from_db()
    assert client.get(doc.url).status_code in (302, 403)


def test_media_folder_is_not_served_by_url(client, board):
    doc = document(name="bi-mat.pdf")
    publish_item(board, documents=[doc])
    doc.refresh_from_db()
    assert (settings.MEDIA_ROOT / doc.file.name).exists()
    assert client.get(settings.MEDIA_URL + doc.file.name).status_code == 404


def test_search_document_gives_plain_text_and_audience(board):
    item = publish_item(board, audience=Audience.INTERNAL, source_number="12/KH-TTKC")
    doc = item.search_document()
    assert doc["title"] == item.title
    assert doc["audience"] == "internal"
    assert "Tóm tắt kế hoạch công tác." in doc["text"]
    assert "Nội dung chi tiết & phân công." in doc["text"]
    assert "12/KH-TTKC" in doc["text"]
    assert "<" not in doc["text"]


def test_sitemap_lists_public_items_only(client, board, settings):
    # Not by touching INSTALLED_APPS (re-populating apps re-registers the ninja API): the
    # sitemap template is found through DIRS, as django.contrib.sitemaps would provide it.
    import django.contrib.sitemaps

    templates = Path(django.contrib.sitemaps.__file__).parent / "templates"
    first = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**first, "DIRS": [*first["DIRS"], templates]}]
    public = publish_item(board, title="Công khai rộng rãi", slug="rong-rai")
    publish_item(board, title="Nội bộ", slug="noi-bo", audience=Audience.INTERNAL)
    with override_settings(ROOT_URLCONF="tests.portal.disclosure.sitemap_urls"):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert public.url in body or "rong-rai" in body
    assert "noi-bo" not in body


def test_site_search_finds_internal_items_only_for_logged_in_users(client, board, org):
    publish_item(board, title="Kế hoạch thanhlyxe", slug="muc-cong-khai", summary="Bán xe.")
    publish_item(
        board,
        title="Biên bản thanhlyxe",
        slug="muc-noi-bo",
        summary="Họp bàn.",
        audience=Audience.INTERNAL,
    )
    anonymous = client.get("/search/", {"q": "thanhlyxe"}).text
    assert "/cong-khai/muc-cong-khai/" in anonymous
    assert "muc-noi-bo" not in anonymous
    client.force_login(org["chuyenvien"])
    assert "/cong-khai/muc-noi-bo/" in client.get("/search/", {"q": "thanhlyxe"}).text
