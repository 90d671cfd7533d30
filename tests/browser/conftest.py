"""Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots of key pages go to test-artifacts/ so that a person can look at them.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself are still synchronous, so Django's async-safety guard must be relaxed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make system-packages installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(*, width: int = 1280, height: int = 900, locale: str = "vi-VN"):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            timezone_id="Asia/Ho_Chi_Minh",
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _no_admin_autosave(settings):
    """Wagtail 8 autosaves the page editor half a second after each change; on SQLite the
    live server's threads share one in-memory connection, so an autosave racing the Publish
    click can find the table locked. The clicks the journeys make are the same without it."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """Ends, before the test database is dropped, any PostgreSQL session still open on it.

    The live server answers each request in a thread of its own; a request still running when
    a journey's browser closes (a page's last fetch, a download) can hold its connection past
    the last test, and PostgreSQL then refuses to drop the database ("being accessed by other
    users"). Requesting ``django_db_setup`` makes this run before that teardown."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
