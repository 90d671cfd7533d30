"""The demo overtime registration on the demo organisation: the unit head decides (the
Trưởng phòng's own overtime goes to his Lãnh đạo Sở phụ trách), Văn phòng and bảo vệ are
told once it is decided."""

import datetime

import pytest

from forms.fielddefs import build_form
from forms.overtime.models import OvertimeEntry, OvertimeFormPage
from forms.services import submission_create
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from portal.org import roles
from tests.forms.leave.support import grant

pytestmark = pytest.mark.django_db

FILED_AT = datetime.datetime(
    2026, 11, 30, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)
OFFICE, SECURITY = roles.GROUP_NAMES[roles.OFFICE], roles.GROUP_NAMES[roles.SECURITY]


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(FILED_AT, tick=False)
    demo_data_load(password="mat-khau-demo-2026", content=False)
    return OvertimeFormPage.objects.get(slug="lam-ngoai-gio")


def register(page, username, participants=None):
    user = User.objects.get(username=username)
    data = {
        "date": "2026-12-02",
        "start_time": "17:00",
        "end_time": "19:00",
        "location": "Phòng họp tầng 2",
        "tasks": "Chuẩn bị hồ sơ hội nghị",
    }
    if participants:
        data["participants"] = participants
    form = build_form(page, data, {}, user=user)
    assert form.is_valid(), form.errors
    return submission_create(page=page, requester=user, cleaned_data=form.cleaned_data)


def chain(submission):
    return [
        (s.kind, s.approver.username if s.approver else s.group.name)
        for s in submission.steps.select_related("approver", "group").order_by("order")
    ]


@pytest.mark.parametrize(
    ("username", "decider"),
    [
        ("chuyenvien_cn", "truongphong_cn"),
        ("phophong_cn", "truongphong_cn"),
        ("truongphong_cn", "phogiamdoc1"),
        ("vienchuc_tt", "giamdoc_tt"),
        ("giamdoc_tt", "phogiamdoc2"),
    ],
)
def test_the_unit_head_decides_and_office_and_security_are_told(demo, username, decider):
    submission = register(demo, username)
    assert chain(submission) == [
        ("decision", decider),
        ("notice", OFFICE),
        ("notice", SECURITY),
    ]


def test_once_approved_the_security_desk_hears_of_it(demo):
    submission = grant(register(demo, "chuyenvien_cn", ["chuyenvien_cn", "phophong_cn"]))
    assert submission.status == "approved"
    assert sorted(
        OvertimeEntry.objects.filter(submission=submission).values_list("user__username", flat=True)
    ) == ["chuyenvien_cn", "phophong_cn"]
    guard = User.objects.get(username="baove")
    assert guard.notifications.filter(title__startswith="Thông báo").exists()
