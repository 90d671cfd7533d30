import pytest
from wagtail.documents import get_document_model

from portal.disclosure.demo import disclosure_demo_ensure
from portal.disclosure.models import DisclosureItemPage
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_varied(client):
    home = home_page()
    first = disclosure_demo_ensure(home=home)
    again = disclosure_demo_ensure(home=home)
    assert first["created"] == 6 and again["created"] == 0
    assert again["board"] == first["board"]
    items = DisclosureItemPage.objects.live()
    assert {i.audience for i in items} == {"public", "internal"}
    assert any(i.requires_acknowledgement for i in items)
    assert any(i.is_expired() for i in items) and any(i.is_posted() for i in items)
    pdf = get_document_model().objects.get()
    assert pdf.file.read(5) == b"%PDF-"
    assert client.get(pdf.url).status_code == 200
    assert client.get(first["board"].url).status_code == 200
