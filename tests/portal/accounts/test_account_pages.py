"""The allauth pages as people see them: Vietnamese, no public sign-up, login by username
or email, and a complete Vietnamese catalogue for allauth's own strings."""

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
PASSWORD = "pass-1234"  # UserFactory's password


@pytest.fixture
def vi_client(client):
    """A visitor who has chosen Vietnamese (also the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def test_login_page_is_vietnamese_without_a_signup_link(vi_client):
    response = vi_client.get(reverse("account_login"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in page
    assert "Tên đăng nhập hoặc email" in page
    assert "Mật khẩu" in page
    assert f'href="{reverse("account_reset_password")}"' in page
    assert "Quên mật khẩu?" in page
    assert "csrfmiddlewaretoken" in page
    assert "Văn phòng" in page
    # No way to sign up, in any wording.
    assert reverse("account_signup") not in page
    assert "Đăng ký" not in page and "Sign Up" not in page
    # allauth's English must not leak through.
    for english in ("Sign In", "Login:", "Forgot your password?", "Password"):
        assert english not in page


def test_login_page_keeps_the_next_parameter(vi_client):
    page = vi_client.get(reverse("account_login") + "?next=/bieu-mau/").content.decode()
    assert 'name="next" value="/bieu-mau/"' in page


def test_every_login_field_has_a_label(vi_client):
    page = vi_client.get(reverse("account_login")).content.decode()
    for input_id in re.findall(r'<input[^>]+type="(?:text|email|password)"[^>]*id="([^"]+)"', page):
        assert f'<label for="{input_id}">' in page


def test_signup_page_says_signup_is_closed(vi_client):
    response = vi_client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Không mở đăng ký" in page
    assert "<form" not in page.split('id="main"', 1)[1].split("</main>", 1)[0]


def test_posting_to_signup_creates_no_account(vi_client):
    before = User.objects.count()

    response = vi_client.post(
        reverse("account_signup"),
        {
            "username": "ke_la",
            "email": "ke.la@example.com",
            "password1": "mot-mat-khau-dai-2026",
            "password2": "mot-mat-khau-dai-2026",
        },
    )

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert User.objects.count() == before
    assert not User.objects.filter(username="ke_la").exists()
    assert "_auth_user_id" not in vi_client.session


@pytest.mark.parametrize("login_with", ["username", "email"])
def test_login_by_username_or_email(vi_client, login_with):
    user = UserFactory(username="chuyenvien_a", email="chuyenvien.a@example.gov.vn")

    response = vi_client.post(
        reverse("account_login"),
        {"login": getattr(user, login_with), "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert vi_client.session["_auth_user_id"] == str(user.pk)


def test_login_by_email_ignores_case(vi_client):
    user = UserFactory(username="chuyenvien_b", email="chuyenvien.b@example.gov.vn")

    response = vi_client.post(
        reverse("account_login"), {"login": "ChuyenVien.B@Example.gov.vn", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert vi_client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_in_vietnamese(vi_client):
    UserFactory(username="chuyenvien_c")

    response = vi_client.post(
        reverse("account_login"), {"login": "chuyenvien_c", "password": "sai-mat-khau"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in vi_client.session
    assert "mật khẩu bạn nhập không đúng" in response.content.decode()


def test_password_reset_page_is_vietnamese(vi_client):
    page = vi_client.get(reverse("account_reset_password")).content.decode()
    assert "Đặt lại mật khẩu" in page
    assert "Password Reset" not in page


def test_totp_setup_page_explains_the_apps_and_shows_the_qr_code(vi_client):
    UserFactory(username="quantri_a", is_staff=True, is_superuser=True)
    # A real login (not force_login): allauth wants a recent authentication for MFA setup.
    vi_client.post(reverse("account_login"), {"login": "quantri_a", "password": PASSWORD})

    response = vi_client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kích hoạt ứng dụng xác thực" in page
    for app in ("Google Authenticator", "Microsoft Authenticator", "FreeOTP"):
        assert app in page
    # The QR code is inline SVG with a text alternative, not a data: URI image.
    qr = re.search(r'<div class="qr-code" role="img" aria-label="[^"]+">\s*<svg[^>]*>', page)
    assert qr
    assert "<?xml" not in page
    assert "data:image" not in page
    assert 'href="otpauth://totp/' in page
    assert 'id="authenticator_secret"' in page and "readonly" in page
    assert "Activate" not in page


def test_a_superuser_is_sent_to_totp_setup_after_login(vi_client):
    UserFactory(username="quantri_b", is_staff=True, is_superuser=True)

    response = vi_client.post(
        reverse("account_login"), {"login": "quantri_b", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "Google Authenticator" in response.content.decode()


def _po_entries(path: Path) -> list[dict]:
    """Just enough of a PO reader: msgctxt/msgid/msgid_plural/msgstr[n] and flags."""
    entries, entry, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, None
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def test_allauth_catalogue_is_complete():
    entries = _po_entries(CATALOGUE)
    header, messages = entries[0], entries[1:]

    assert header["msgid"] == ""
    assert "Language: vi\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    assert len(messages) > 350
    for entry in messages:
        assert "fuzzy" not in entry.get("flags", set()), entry["msgid"]
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert translations and all(t.strip() for t in translations), entry["msgid"]
        if "msgid_plural" in entry:
            assert set(k for k in entry if k.startswith("msgstr")) == {"msgstr[0]"}
        # Placeholders survive translation.
        source = entry["msgid"] + entry.get("msgid_plural", "")
        pattern = r"%\(\w+\)[sd]|%[sd]|\{\w*\}"
        for translated in translations:
            assert sorted(set(re.findall(pattern, source))) == sorted(
                set(re.findall(pattern, translated))
            ), entry["msgid"]


def test_allauth_catalogue_covers_the_login_and_mfa_strings():
    ids = {e["msgid"] for e in _po_entries(CATALOGUE)}
    for msgid in (
        "Sign In",
        "Sign Out",
        "Password",
        "Forgot your password?",
        "Two-Factor Authentication",
        "Authenticator App",
        "Recovery Codes",
        "Sign Up Closed",
    ):
        assert msgid in ids


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) not installed")
def test_allauth_catalogue_passes_msgfmt_check(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert re.match(r"\d+ translated messages\.", result.stderr.strip())


def test_compiled_catalogue_matches_the_po_file():
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in _po_entries(CATALOGUE)[1:]:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], msgid) == entry["msgstr"]
        elif "msgid_plural" in entry:
            assert compiled.ngettext(msgid, entry["msgid_plural"], 1) == entry["msgstr[0]"]
        else:
            assert compiled.gettext(msgid) == entry["msgstr"], msgid
