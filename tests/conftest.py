from pathlib import Path

import pytest

from tests.factories import small_organisation

# Browser journeys and fault tests (real Chromium, real worker processes) run apart, by
# `make test-e2e`, so that `make test` stays quick; CI runs both.
E2E_DIRS = tuple(Path(__file__).parent / name for name in ("browser", "faults"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if any(path.is_relative_to(folder) for folder in E2E_DIRS):
            item.add_marker(pytest.mark.e2e)


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
