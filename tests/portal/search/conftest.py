"""Searchable pages for tests: HomePage is given a ``search_document()`` (the real page types
define their own) reading the title, the intro and an audience set per page, and more
HomePages are made below the site's home page (max_count only binds in the admin)."""

from html import unescape

import pytest
from django.utils.html import escape, strip_tags

from tests.factories import home_page


@pytest.fixture
def searchable(db, monkeypatch):
    from portal.home.models import HomePage

    audiences: dict[int, str] = {}

    def search_document(self):
        return {
            "title": self.title,
            "text": unescape(strip_tags(self.intro)),
            "audience": audiences.get(self.pk, "public"),
        }

    monkeypatch.setattr(HomePage, "search_document", search_document, raising=False)

    def make(title, text="", *, audience="public", parent=None, slug=None, publish=True):
        parent = parent or home_page()
        page = HomePage(
            title=title,
            slug=slug or f"trang-{HomePage.objects.count() + 1}",
            intro=f"<p>{escape(text)}</p>" if text else "",
        )
        parent.add_child(instance=page)
        audiences[page.pk] = audience
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()  # publishing worked on a copy made from the revision
        else:
            page.live = False
            page.save()
        return page

    return make


@pytest.fixture
def staff_user(db):
    from portal.accounts.models import User

    return User.objects.create_user(username="canbo", password="Mat-khau-2026", first_name="An")
