import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_vietnamese_is_served_even_when_the_browser_prefers_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.content.decode()


def test_the_language_switch_changes_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in page
    # The switch back is labelled in its own language.
    assert 'lang="vi">Tiếng Việt<' in page


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/accounts/login/")["Content-Language"] == "vi"
