import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.disclosure.models import (
    Audience,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from portal.disclosure.services import disclosure_categories_ensure
from tests.factories import home_page, login_with_mfa

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def board(db):
    disclosure_categories_ensure()
    home = home_page()
    return home.add_child(instance=DisclosureIndexPage(title="Công khai", slug="cong-khai"))


def category(code: str = "ke-hoach-cong-tac") -> DisclosureCategory:
    return DisclosureCategory.objects.get(code=code)


def document(title: str = "Kế hoạch", name: str = "ke-hoach.pdf"):
    Document = get_document_model()
    return Document.objects.create(
        title=title,
        file=ContentFile(PDF, name=name),
        collection=Collection.get_first_root_node(),
    )


def publish_item(board, *, title="Kế hoạch công tác năm 2026", documents=(), **fields):
    """An item created and published through a revision, as the admin does."""
    today = timezone.localdate()
    values = {
        "category": category(),
        "summary": "Tóm tắt kế hoạch công tác.",
        "body": "<p>Nội dung <b>chi tiết</b> &amp; phân công.</p>",
        "posted_from": today - datetime.timedelta(days=3),
        "posted_until": today + datetime.timedelta(days=30),
        "audience": Audience.PUBLIC,
        **fields,
    }
    item = DisclosureItemPage(title=title, live=False, **values)
    for doc in documents:
        item.attachments.add(DisclosureAttachment(document=doc))
    board.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


@pytest.fixture
def mfa_login(client):
    """Logs a user in with TOTP set up, so the MFA middleware lets approvers through."""

    def login(user):
        return login_with_mfa(client, user)

    return login


__all__ = ["DisclosureItemPage", "category", "document", "publish_item"]
