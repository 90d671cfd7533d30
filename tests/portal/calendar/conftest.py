import pytest

from portal.calendar.cache import calendar_cache_clear


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """A test's overrides are rolled back with its transaction, which no signal reports."""
    calendar_cache_clear()
    yield
    calendar_cache_clear()
