"""Anonymous visitors are served from the cache; publishing shows a change at once."""

import pytest
from django.test import Client
from wagtail.models import Page

from portal.disclosure.models import Audience, DisclosureItemPage

from .conftest import publish_item

pytestmark = pytest.mark.django_db


def _retitle_without_publishing(item, title):
    # A direct row update sends no signal: only the cache can still show the old title.
    Page.objects.filter(pk=item.pk).update(title=title)


def test_board_is_cached_for_anonymous_visitors_until_a_publish(client, board):
    item = publish_item(board, title="Tiêu đề cũ")
    assert client.get(board.url)["X-Disclosure-Cache"] == "miss"
    _retitle_without_publishing(item, "Tiêu đề sửa thầm")
    cached = client.get(board.url)
    assert cached["X-Disclosure-Cache"] == "hit"
    assert "Tiêu đề cũ" in cached.text

    item = DisclosureItemPage.objects.get(pk=item.pk)
    item.title = "Tiêu đề mới"
    item.save_revision().publish()
    fresh = client.get(board.url)
    assert "Tiêu đề mới" in fresh.text and "Tiêu đề cũ" not in fresh.text


def test_item_page_cache_is_dropped_on_unpublish_and_delete(client, board):
    item = publish_item(board, title="Sẽ gỡ xuống")
    other = publish_item(board, title="Sẽ bị xoá", slug="se-bi-xoa")
    client.get(item.url)
    client.get(board.url)
    assert client.get(item.url)["X-Disclosure-Cache"] == "hit"
    item.unpublish()
    assert client.get(item.url).status_code == 404
    assert "Sẽ gỡ xuống" not in client.get(board.url).text
    other.delete()
    assert "Sẽ bị xoá" not in client.get(board.url).text


def test_logged_in_users_and_internal_items_are_never_cached(client, board, org):
    public = publish_item(board, title="Công khai")
    internal = publish_item(board, title="Nội bộ", audience=Audience.INTERNAL)
    client.force_login(org["chuyenvien"])
    for url in (board.url, public.url, internal.url):
        client.get(url)
        assert "X-Disclosure-Cache" not in client.get(url)
    client.logout()
    assert client.get(internal.url).status_code == 302


def test_cached_pages_give_each_visitor_a_working_csrf_token(board):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(board.url)
    page = second.get(board.url)
    assert page["X-Disclosure-Cache"] == "hit"
    assert "__DISCLOSURE_CSRF__" not in page.text
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = second.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_page_from_the_cache_carries_this_visitors_csp_nonce(rf, board):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from portal.disclosure.cache import serve_with_cache
    from portal.middleware import ContentSecurityPolicyMiddleware

    item = publish_item(board, title="Có đoạn script")

    def visit():
        request = rf.get(item.url)
        request.user = AnonymousUser()

        def view(request):
            def serve():
                return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

            return serve_with_cache(request, item, serve)

        return ContentSecurityPolicyMiddleware(view)(request)

    first, second = visit(), visit()

    assert second["X-Disclosure-Cache"] == "hit"
    for response in (first, second):
        nonce = response.content.decode().split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert first.content != second.content


def test_a_cached_page_is_served_before_routing_without_a_query(
    client, board, django_assert_num_queries
):
    item = publish_item(board, title="Phục vụ từ bộ nhớ đệm")
    assert client.get(item.url)["X-Disclosure-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(item.url)

    assert response["X-Disclosure-Cache"] == "hit"
    assert "Phục vụ từ bộ nhớ đệm" in response.text


def test_a_logged_in_visitor_never_gets_the_anonymous_copy(client, board, org):
    item = publish_item(board, title="Chỉ bản ẩn danh được lưu")
    client.get(item.url)
    client.force_login(org["chuyenvien"])

    response = client.get(item.url)

    assert response.status_code == 200
    assert "X-Disclosure-Cache" not in response


def test_a_cache_hit_costs_one_round_trip_to_the_cache(client, board, monkeypatch):
    from django.core.cache import cache

    item = publish_item(board, title="Một lần hỏi bộ nhớ đệm")
    client.get(item.url)
    calls, inside = [], []

    def counted(name, original):
        def call(*args, **kwargs):
            if not inside:  # the local-memory backend's get_many calls get per key
                calls.append(name)
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "get_or_set"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))

    response = client.get(item.url)

    assert response["X-Disclosure-Cache"] == "hit"
    assert calls == ["get_many"]
