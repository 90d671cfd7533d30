import pytest

from tests.factories import small_organisation


@pytest.fixture
def org(db):
    return small_organisation()
