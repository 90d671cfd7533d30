import pytest

from tests.factories import leave_form


@pytest.fixture
def leave_page(org):
    return leave_form()
