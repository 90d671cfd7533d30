import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.org import roles
from portal.org.models import Position
from tests.factories import add_to_role, member, overtime_form, position

# Monday 23/11/2026, 09:00 in Hà Nội: registrations of these tests are in the days after.
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def overtime_page(org):
    # The demo policy tells Văn phòng and the security desk: both groups need a member.
    add_to_role(org["chanhvp"], roles.OFFICE)
    guard = position(Position.Level.MEMBER, "Bảo vệ", "bao-ve", 95)
    org["baove"] = member(org["vp"], guard, "baove")
    add_to_role(org["baove"], roles.SECURITY)
    return overtime_form()
