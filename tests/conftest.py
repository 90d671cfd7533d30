import pytest

from tests.factories import small_organisation


@pytest.fixture
def org(db):
    return small_organisation()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached per-user answers (e.g. "needs MFA") must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
