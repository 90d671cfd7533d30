"""Anonymous visitors get regulations from the shared page cache; publishing clears it."""

import pytest

from portal.regulations.models import RegulationPage

pytestmark = pytest.mark.django_db


def test_a_regulation_is_cached_for_anonymous_visitors_until_the_next_publish(
    client, regulation_index
):
    page = RegulationPage(title="Quy chế chi tiêu nội bộ", slug="chi-tieu")
    regulation_index.add_child(instance=page)
    page.save_revision().publish()

    assert client.get(page.url)["X-Disclosure-Cache"] == "miss"
    assert client.get(regulation_index.url)["X-Disclosure-Cache"] == "miss"
    assert client.get(page.url)["X-Disclosure-Cache"] == "hit"

    page.title = "Quy chế chi tiêu nội bộ (sửa đổi)"
    page.save_revision().publish()

    fresh = client.get(page.url)
    assert fresh["X-Disclosure-Cache"] == "miss" and "(sửa đổi)" in fresh.text
