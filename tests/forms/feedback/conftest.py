import pytest


@pytest.fixture(autouse=True)
def _categories(request):
    """The categories migration 0002 creates: transactional tests elsewhere flush them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from forms.feedback.defaults import categories_ensure

    categories_ensure()


@pytest.fixture
def board(db, settings, tmp_path):
    """A live công khai board with the default categories and its moderation workflow."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from portal.disclosure.models import DisclosureIndexPage
    from portal.disclosure.services import disclosure_categories_ensure
    from tests.factories import home_page

    disclosure_categories_ensure()
    # Creating a board also assigns it the workflow "Duyệt công khai" (disclosure.signals).
    return home_page().add_child(instance=DisclosureIndexPage(title="Công khai", slug="cong-khai"))


@pytest.fixture
def mfa_client(client):
    """Logs a user in with TOTP set up, so the MFA middleware lets handlers through."""
    from tests.factories import login_with_mfa

    def login(user):
        return login_with_mfa(client, user)

    return login
