"""The site has an icon, linked from every page and at the address browsers guess."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_root_icon_address_leads_to_the_portal_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_pages_link_the_icon_and_the_icon_exists(client, org):
    response = client.get("/gop-y/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'rel="icon"' in html
    assert "img/favicon.svg" in html
    assert finders.find("img/favicon.svg")


def test_an_approver_who_must_still_set_up_mfa_gets_the_icon_too(client, org):
    client.force_login(org["truongphong"])
    assert client.get("/favicon.ico").status_code == 301
