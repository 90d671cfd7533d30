"""The board: what is being posted today, the archive, filters, feeds and the menu link."""

import datetime

import pytest
from django.urls import reverse

from portal.disclosure.models import Audience

from .conftest import category, publish_item

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def dated(board, today):
    return {
        "current": publish_item(
            board, title="Đang niêm yết hôm nay", posted_from=today, posted_until=today
        ),
        "open_ended": publish_item(
            board, title="Không thời hạn", posted_from=today - 400 * DAY, posted_until=None
        ),
        "expired": publish_item(
            board, title="Đã hết hạn hôm qua", posted_from=today - 9 * DAY, posted_until=today - DAY
        ),
        "future": publish_item(
            board, title="Ngày mai mới niêm yết", posted_from=today + DAY, posted_until=None
        ),
        "internal": publish_item(board, title="Nội bộ đang niêm yết", audience=Audience.INTERNAL),
    }


def test_board_lists_items_whose_posting_period_covers_today(client, board, dated):
    text = client.get(board.url).text
    assert "Đang niêm yết hôm nay" in text
    assert "Không thời hạn" in text
    assert "Đã hết hạn hôm qua" not in text
    assert "Ngày mai mới niêm yết" not in text
    assert "Đang niêm yết</li>" in text


def test_archive_lists_expired_items_only(client, board, dated):
    text = client.get(board.url, {"luu-tru": "1"}).text
    assert "Đã hết hạn hôm qua" in text
    assert "Hết thời hạn niêm yết" in text
    assert "Đang niêm yết hôm nay" not in text
    assert "Ngày mai mới niêm yết" not in text


def test_internal_items_are_listed_only_to_logged_in_users(client, board, dated, org):
    assert "Nội bộ đang niêm yết" not in client.get(board.url).text
    client.force_login(org["chuyenvien"])
    text = client.get(board.url).text
    assert "Nội bộ đang niêm yết" in text
    assert "Nội bộ</li>" in text


def test_dates_are_shown_day_first(client, board, today):
    publish_item(
        board, title="Ngày tháng", posted_from=today - 2 * DAY, posted_until=today + 5 * DAY
    )
    assert (today - 2 * DAY).strftime("%d/%m/%Y") in client.get(board.url).text


def test_board_filters_by_category_and_year(client, board, today):
    publish_item(board, title="Quy chế chi tiêu", category=category("noi-quy-quy-che"))
    publish_item(board, title="Kế hoạch quý", category=category("ke-hoach-cong-tac"))
    text = client.get(board.url, {"loai": "noi-quy-quy-che"}).text
    assert "Quy chế chi tiêu" in text and "Kế hoạch quý" not in text
    this_year = client.get(board.url, {"nam": str((today - 3 * DAY).year)}).text
    assert "Quy chế chi tiêu" in this_year
    assert "Quy chế chi tiêu" not in client.get(board.url, {"nam": "2001"}).text


def test_bad_filters_say_so_in_vietnamese_and_show_everything(client, board):
    publish_item(board, title="Kế hoạch quý")
    text = client.get(board.url, {"nam": "abc", "loai": "khong-co"}).text
    assert "Năm không hợp lệ" in text
    assert "Loại nội dung không tồn tại" in text
    assert "Kế hoạch quý" in text


def test_board_paginates(client, board):
    for number in range(22):
        publish_item(board, title=f"Mục số {number:02d}", slug=f"muc-{number}")
    first = client.get(board.url).text
    assert "Trang 1 / 2" in first and 'rel="next"' in first
    second = client.get(board.url, {"trang": "2"}).text
    assert second.count('class="disclosure-item"') == 2
    assert client.get(board.url, {"trang": "xyz"}).status_code == 200


def test_menu_link_is_the_board_and_marks_the_section_current(client, board):
    item = publish_item(board, title="Kế hoạch quý")
    assert reverse("disclosure:index") == board.url == "/cong-khai/"
    response = client.get(reverse("disclosure:index"), {"luu-tru": "1"})
    assert response.status_code == 200 and response.context["page"] == board
    assert 'href="/cong-khai/" aria-current="page"' in response.text
    assert 'href="/cong-khai/" aria-current="true"' in client.get(item.url).text


def test_menu_link_follows_a_board_that_moved(client, board):
    board.slug = "bang-tin-cong-khai"
    board.save_revision().publish()
    response = client.get(reverse("disclosure:index"))
    assert response.status_code == 302
    assert response["Location"] == "/bang-tin-cong-khai/"


def test_feeds_carry_public_items_only_and_are_linked_from_the_board(client, board, dated):
    rss = client.get(reverse("disclosure:feed_rss"))
    atom = client.get(reverse("disclosure:feed_atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for feed in (rss.content.decode(), atom.content.decode()):
        assert "Đang niêm yết hôm nay" in feed
        assert "Nội bộ đang niêm yết" not in feed
        assert "Ngày mai mới niêm yết" not in feed
    page = client.get(board.url).text
    assert 'rel="alternate" type="application/rss+xml"' in page
    assert reverse("disclosure:feed_atom") in page


def test_item_page_shows_dates_badges_and_source(client, board, today):
    item = publish_item(board, source_number="15/KH-TTKC", source_date=datetime.date(2026, 1, 5))
    text = client.get(item.url).text
    assert "15/KH-TTKC" in text and "05/01/2026" in text
    assert "Đang niêm yết" in text
