import pytest


@pytest.fixture(autouse=True)
def _categories(request):
    """The categories migration 0002 creates: transactional tests elsewhere flush them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from forms.feedback.defaults import categories_ensure

    categories_ensure()
