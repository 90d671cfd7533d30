"""The index follows the pages, and who may find what."""

import logging
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from portal.search.models import Audience, SearchEntry
from portal.search.services import search_entry_sync

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get(reverse("search:index"), {"q": query})
    assert response.status_code == 200
    return [result.entry.title for result in response.context["results"]]


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="mat-khau" if kind == "password" else ""
    )
    if group:
        restriction.groups.add(group)
    return restriction


def test_publishing_indexes_the_document_of_the_page(searchable):
    page = searchable("Quy chế dân chủ", "Nội dung\n\n  quy chế.")
    entry = SearchEntry.objects.get(page=page)
    assert (entry.title, entry.text, entry.audience) == (
        "Quy chế dân chủ",
        "Nội dung quy chế.",
        "public",
    )
    assert entry.title_folded == " quy che dan chu "
    assert entry.text_folded == " noi dung quy che "
    assert entry.page_type == "home.homepage"
    assert entry.url_path == page.url_path
    assert entry.updated_at == page.last_published_at


def test_a_draft_is_not_indexed_and_republishing_updates_the_entry(searchable):
    page = searchable("Dự thảo quy chế", "", publish=False)
    assert not SearchEntry.objects.filter(page=page).exists()
    page.title = "Quy chế chính thức"
    page.save_revision().publish()
    assert SearchEntry.objects.get(page=page).title == "Quy chế chính thức"
    page.title = "Bản nháp mới chưa đăng"
    page.save_revision()  # a draft leaves the live version in the index
    assert SearchEntry.objects.get(page=page).title == "Quy chế chính thức"


def test_internal_content_is_hidden_from_visitors_and_shown_to_logged_in_staff(
    searchable, client, staff_user
):
    searchable("Quy chế chi tiêu nội bộ", "Định mức công tác phí.", audience="internal")
    searchable("Quy chế công khai tài chính", "Công khai dự toán.")
    assert found(client, "quy che") == ["Quy chế công khai tài chính"]
    client.force_login(staff_user)
    response = client.get(reverse("search:index"), {"q": "quy che"})
    assert {r.entry.title for r in response.context["results"]} == {
        "Quy chế chi tiêu nội bộ",
        "Quy chế công khai tài chính",
    }
    assert '<span class="badge badge-internal">Nội bộ</span>' in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_an_unknown_audience_counts_as_internal(searchable, client, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.search.services"):
        page = searchable("Kế hoạch năm", "", audience="staff")
    assert SearchEntry.objects.get(page=page).audience == Audience.INTERNAL
    assert found(client, "ke hoach") == []


def test_a_login_restriction_makes_the_page_internal_whatever_it_says(
    searchable, client, django_capture_on_commit_callbacks
):
    section = searchable("Chuyên mục nội bộ", "")
    with django_capture_on_commit_callbacks(execute=True):
        restrict(section, PageViewRestriction.LOGIN)
    page = searchable("Biên bản họp giao ban", "Kết luận cuộc họp.", parent=section)
    assert SearchEntry.objects.get(page=page).audience == Audience.INTERNAL
    assert found(client, "bien ban") == []


@pytest.mark.parametrize("kind", [PageViewRestriction.GROUPS, PageViewRestriction.PASSWORD])
def test_group_or_password_restricted_pages_are_not_indexed_at_all(
    searchable, client, staff_user, kind, django_capture_on_commit_callbacks
):
    section = searchable("Hồ sơ mật", "")
    with django_capture_on_commit_callbacks(execute=True):
        restrict(section, kind, group=Group.objects.create(name="Ban giám đốc"))
    page = searchable("Hồ sơ nhân sự", "Lý lịch.", parent=section)
    assert not SearchEntry.objects.filter(page=page).exists()
    client.force_login(staff_user)
    assert found(client, "ho so") == []


def test_changing_privacy_after_publishing_updates_the_page_and_its_children(
    searchable, django_capture_on_commit_callbacks
):
    section = searchable("Chuyên mục", "")
    child = searchable("Bài trong chuyên mục", "", parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(section, PageViewRestriction.LOGIN)
    assert set(SearchEntry.objects.values_list("audience", flat=True)) == {Audience.INTERNAL}
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert SearchEntry.objects.get(page=child).audience == Audience.PUBLIC
    with django_capture_on_commit_callbacks(execute=True):
        restrict(child, PageViewRestriction.PASSWORD)
    assert list(SearchEntry.objects.values_list("page_id", flat=True)) == [section.pk]


def test_unpublishing_removes_the_page_from_the_index(searchable, client):
    page = searchable("Thông báo nghỉ lễ", "")
    assert found(client, "nghi le") == ["Thông báo nghỉ lễ"]
    page.unpublish()
    assert not SearchEntry.objects.filter(page=page).exists()
    assert found(client, "nghi le") == []


def test_deleting_a_page_or_its_parent_removes_them_from_the_index(searchable, client):
    section = searchable("Chuyên mục cũ", "")
    child = searchable("Bài cũ trong chuyên mục", "", parent=section)
    other = searchable("Bài cũ khác", "")
    other.delete()
    assert found(client, "cu") == ["Bài cũ trong chuyên mục", "Chuyên mục cũ"]
    section.delete()
    assert SearchEntry.objects.filter(page_id__in=[section.pk, child.pk]).count() == 0
    assert found(client, "cu") == []


def test_moving_a_page_updates_its_address(searchable, client, django_capture_on_commit_callbacks):
    old_parent = searchable("Chuyên mục A", "", slug="chuyen-muc-a")
    new_parent = searchable("Chuyên mục B", "", slug="chuyen-muc-b")
    page = searchable("Quy chế văn thư", "", parent=old_parent, slug="quy-che-van-thu")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(new_parent, pos="last-child")
    entry = SearchEntry.objects.get(page=page)
    assert entry.url_path.endswith("/chuyen-muc-b/quy-che-van-thu/")
    response = client.get(reverse("search:index"), {"q": "van thu"})
    assert response.context["results"][0].url == "/chuyen-muc-b/quy-che-van-thu/"


def test_a_failing_search_document_does_not_stop_publishing(searchable, monkeypatch, caplog):
    from portal.home.models import HomePage

    page = searchable("Trang lỗi", "")

    def broken(self):
        raise KeyError("title")

    monkeypatch.setattr(HomePage, "search_document", broken)
    page.title = "Trang lỗi đã sửa"
    with caplog.at_level(logging.ERROR, logger="portal.search.services"):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "Trang lỗi đã sửa" and page.live
    assert not SearchEntry.objects.filter(page=page).exists()  # not found with stale content
    assert "search_document() failed" in caplog.text


def test_pages_without_search_document_are_never_indexed(db):
    from tests.factories import home_page

    page = home_page()  # HomePage has no search_document outside the `searchable` fixture
    assert search_entry_sync(page=page) is None
    assert not SearchEntry.objects.exists()


def test_reindex_command_rebuilds_the_index_and_reports_in_vietnamese(searchable):
    from tests.factories import home_page

    home = home_page()
    kept = searchable("Quy chế làm việc", "")
    gone = searchable("Trang sẽ ẩn", "")
    SearchEntry.objects.all().delete()
    # A stale entry: its page is no longer live but no signal said so.
    SearchEntry.objects.create(
        page=gone,
        title="cũ",
        title_folded=" cu ",
        audience="public",
        page_type="x.y",
        url_path="/",
        updated_at=gone.last_published_at,
    )
    type(gone).objects.filter(pk=gone.pk).update(live=False)
    out = StringIO()
    call_command("search_reindex", stdout=out)
    # The site's home page is live too and, in these tests, searchable.
    assert set(SearchEntry.objects.values_list("page_id", flat=True)) == {home.pk, kept.pk}
    assert "Đã lập chỉ mục 2 trang; đã xóa 1 mục không còn tìm được." in out.getvalue()
    types_line = out.getvalue().splitlines()[0]
    assert types_line.startswith("Loại trang được tìm kiếm: ") and "trang chủ" in types_line
