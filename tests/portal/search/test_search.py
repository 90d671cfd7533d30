"""Diacritic-insensitive matching, ranking and the page at /search/."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.search.models import SearchEntry
from portal.search.selectors import search_entries

pytestmark = pytest.mark.django_db


def titles(query_words, user=None):
    return [entry.title for entry in search_entries(words=query_words, user=user)]


def found(client, query):
    response = client.get(reverse("search:index"), {"q": query})
    assert response.status_code == 200
    return [result.entry.title for result in response.context["results"]]


def test_query_without_diacritics_finds_accented_pages(searchable, client):
    searchable("Quy định nghỉ phép năm", "Công chức được nghỉ phép 12 ngày.")
    searchable("Quy chế dân chủ ở cơ sở", "Phát huy quyền làm chủ của người lao động.")
    searchable("Lịch trực bảo vệ", "Không liên quan.")
    assert found(client, "nghi phep") == ["Quy định nghỉ phép năm"]
    assert found(client, "dan chu") == ["Quy chế dân chủ ở cơ sở"]
    assert found(client, "DAN CHU") == ["Quy chế dân chủ ở cơ sở"]


def test_d_with_stroke_is_found_with_and_without_it(searchable, client):
    searchable("Nghị quyết của Đảng ủy", "Chi bộ Đảng họp định kỳ.")
    searchable("Đăng ký làm ngoài giờ", "Đăng ký với Văn phòng.")
    searchable("Lịch công tác", "Không liên quan.")
    assert found(client, "dang") == ["Đăng ký làm ngoài giờ", "Nghị quyết của Đảng ủy"]
    # Typed with its accents it finds the same pages (documented), the exact word first.
    assert found(client, "Đảng") == ["Nghị quyết của Đảng ủy", "Đăng ký làm ngoài giờ"]
    assert found(client, "đăng ký giờ") == ["Đăng ký làm ngoài giờ"]


def test_accented_query_also_finds_text_typed_without_accents(searchable, client):
    # Documented: the query is folded too, so "nghỉ" finds "nghi" and also "nghị".
    searchable("Thong bao nghi phep", "Van ban go khong dau.")
    searchable("Nghị quyết hội nghị", "Không có từ còn lại.")
    assert found(client, "nghỉ phép") == ["Thong bao nghi phep"]
    assert set(found(client, "nghỉ")) == {"Thong bao nghi phep", "Nghị quyết hội nghị"}


def test_every_word_must_be_found_as_a_whole_word(searchable):
    searchable("Nghỉ phép", "Quy định chung.")
    searchable("Nghiệp vụ văn thư", "Phép tính ngày nghỉ phép.")
    assert titles(["nghi", "phep"]) == ["Nghỉ phép", "Nghiệp vụ văn thư"]
    assert titles(["nghi", "phep", "thu"]) == ["Nghiệp vụ văn thư"]
    assert titles(["nghie"]) == []  # no partial words


def test_titles_rank_first_then_title_words_then_text_matches_then_recency(searchable):
    old_body_many = searchable("Thông báo A", "Dân chủ, dân chủ, dân chủ ở cơ sở.")
    searchable("Thông báo B", "Thực hiện dân chủ ở cơ sở.")
    searchable("Thông báo về dân", "Chủ trương chung.")
    searchable("Quy chế dân chủ", "Ban hành kèm theo quyết định.")
    SearchEntry.objects.filter(page=old_body_many).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    assert titles(["dan", "chu"]) == [
        "Quy chế dân chủ",  # both words in the title
        "Thông báo về dân",  # one word in the title
        "Thông báo A",  # more matches in the text beats…
        "Thông báo B",  # …a more recent page
    ]


def test_equal_matches_list_the_most_recently_published_first(searchable):
    older = searchable("Công khai tài chính quý 1", "")
    searchable("Công khai tài chính quý 2", "")
    SearchEntry.objects.filter(page=older).update(updated_at=timezone.now() - timedelta(days=1))
    assert titles(["tai", "chinh"]) == ["Công khai tài chính quý 2", "Công khai tài chính quý 1"]


def test_results_show_linked_title_type_and_highlighted_snippet(searchable, client):
    page = searchable("Quy chế nghỉ phép", "Người lao động được <nghỉ> phép năm.")
    response = client.get(reverse("search:index"), {"q": "nghi phep"})
    html = response.content.decode()
    assert f'<a href="{page.url}">Quy chế <mark>nghỉ</mark> <mark>phép</mark></a>' in html
    assert "được &lt;<mark>nghỉ</mark>&gt; <mark>phép</mark> năm." in html
    assert 'role="search"' in html and '<label for="id_q">' in html
    assert "Tìm thấy 1 kết quả cho «nghi phep»." in html
    assert '<span class="badge">Biểu mẫu' in html or '<span class="badge">' in html


def test_query_is_escaped_on_the_page(searchable, client):
    response = client.get(reverse("search:index"), {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_query_shows_the_form_and_a_hint(client, db):
    response = client.get(reverse("search:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm trong các trang công khai và quy chế" in html
    assert response.context["results"] == []


def test_too_short_and_too_long_queries_get_a_vietnamese_message(client, db):
    html = client.get(reverse("search:index"), {"q": "đ"}).content.decode()
    assert "Từ khóa quá ngắn: hãy nhập ít nhất 2 chữ cái hoặc chữ số." in html
    html = client.get(reverse("search:index"), {"q": "!!! ?"}).content.decode()
    assert "Từ khóa quá ngắn" in html
    html = client.get(
        reverse("search:index"), {"q": "một hai ba bốn năm sáu bảy tám chín mười tư"}
    ).content.decode()
    assert "Từ khóa có quá nhiều từ: hãy nhập tối đa 10 từ." in html
    html = client.get(reverse("search:index"), {"q": "a" * 201}).content.decode()
    assert "Từ khóa quá dài: hãy nhập tối đa 200 ký tự." in html


def test_no_result_says_so_in_vietnamese(searchable, client):
    searchable("Quy chế dân chủ", "")
    html = client.get(reverse("search:index"), {"q": "ngoai gio"}).content.decode()
    assert "Không tìm thấy trang nào có đủ các từ «ngoai gio»." in html
    assert "Đăng nhập để tìm cả nội dung nội bộ." in html


def test_results_are_paginated_and_keep_the_query(searchable, client):
    for number in range(12):
        searchable(f"Công khai số {number}", "")
    response = client.get(reverse("search:index"), {"q": "cong khai", "page": 2})
    assert len(response.context["results"]) == 2
    html = response.content.decode()
    assert "Tìm thấy 12 kết quả" in html
    assert '<ol class="search-results" start="11">' in html
    assert re.search(r'href="\?q=cong\+khai&amp;page=1"', html)
    # A page number out of range or not a number shows a page, not an error.
    assert client.get(reverse("search:index"), {"q": "cong khai", "page": "x"}).status_code == 200


def test_the_header_box_submits_to_the_search_page(rf, db):
    from django.template.loader import render_to_string

    html = render_to_string("search/_box.html", {"request": rf.get("/")})
    assert 'role="search"' in html
    assert f'action="{reverse("search:index")}"' in html
    assert '<label class="visually-hidden" for="search-box-q">' in html
    assert 'name="q"' in html
