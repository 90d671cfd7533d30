import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import leave_form

# Monday 23/11/2026, 09:00 in Hà Nội: the requests of these tests are in the weeks after.
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def leave_page(org):
    return leave_form()
