"""Search over the real page types: DisclosureItemPage (công khai) and RegulationPage."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.search.models import Audience, SearchEntry
from tests.factories import home_page

pytestmark = pytest.mark.django_db

SEED = "quy-che-dan-chu-trung-tam-khuyen-cong-2025.txt"


@pytest.fixture
def board(db):
    from portal.disclosure.models import DisclosureIndexPage
    from portal.disclosure.services import disclosure_categories_ensure

    disclosure_categories_ensure()
    board = DisclosureIndexPage(title="Công khai", slug="cong-khai")
    home_page().add_child(instance=board)
    board.save_revision().publish()
    return board


def post_item(board, *, title, summary, audience):
    from portal.disclosure.models import DisclosureCategory, DisclosureItemPage

    today = timezone.localdate()
    item = DisclosureItemPage(
        title=title,
        category=DisclosureCategory.objects.order_by("order").first(),
        summary=summary,
        body="<p>Chi tiết &amp; phân công.</p>",
        posted_from=today - datetime.timedelta(days=1),
        audience=audience,
        live=False,
    )
    board.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


@pytest.fixture
def regulation(db):
    from pathlib import Path

    import portal.regulations
    from portal.regulations.models import RegulationIndexPage
    from portal.regulations.services import regulation_import

    index = RegulationIndexPage(title="Quy chế, quy định", slug="quy-che")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    seed = Path(portal.regulations.__file__).parent / "seeds" / SEED
    return regulation_import(data=seed.read_bytes(), parent=index).page


def results(client, query):
    response = client.get(reverse("search:index"), {"q": query})
    assert response.status_code == 200
    return response.context["results"]


def test_regulation_is_found_without_diacritics_with_its_type_and_snippet(regulation, client):
    found = results(client, "dan chu trong noi bo")
    assert [r.entry.page_id for r in found] == [regulation.pk]
    result = found[0]
    assert result.type_label == "Quy chế"
    assert result.url == regulation.url
    assert (
        "<mark>dân</mark> <mark>chủ</mark> <mark>trong</mark> <mark>nội</mark> <mark>bộ</mark>"
        in (result.snippet.lower())
    )


def test_disclosure_items_keep_their_audience_in_search(board, client, staff_user):
    public = post_item(
        board, title="Công khai dự toán ngân sách", summary="Dự toán năm 2026.", audience="public"
    )
    internal = post_item(
        board,
        title="Công khai quỹ thi đua nội bộ",
        summary="Trích lập quỹ khen thưởng.",
        audience="internal",
    )
    assert SearchEntry.objects.get(page=internal).audience == Audience.INTERNAL
    anonymous = results(client, "cong khai")
    assert [r.entry.page_id for r in anonymous] == [public.pk]
    assert anonymous[0].type_label == "Công khai"

    client.force_login(staff_user)
    assert {r.entry.page_id for r in results(client, "cong khai")} == {public.pk, internal.pk}


def test_a_public_item_made_internal_disappears_for_visitors(
    board, client, django_capture_on_commit_callbacks
):
    item = post_item(board, title="Kế hoạch thi đua", summary="Phát động.", audience="public")
    assert [r.entry.page_id for r in results(client, "thi dua")] == [item.pk]
    item.audience = "internal"
    with django_capture_on_commit_callbacks(execute=True):
        item.save_revision().publish()
    assert results(client, "thi dua") == []
