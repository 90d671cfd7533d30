import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.org import roles
from tests.factories import add_to_role, trip_form, trip_report_form

# Monday 23/11/2026, 09:00 in Hà Nội.
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def trip_page(org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    return trip_form()


@pytest.fixture
def report_page(org, trip_page):
    return trip_report_form()
