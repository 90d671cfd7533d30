"""The trip and post-trip report chains of domain.md §4 on the demo organisation.

The demo Sở is loaded with ``portal.demo.services.demo_data_load`` (as ``load_demo_data``
does), so it carries the demo «Đăng ký đi công tác» (``TRIP_POLICY``) and «Báo cáo kết quả
công tác» (``TRIP_REPORT_POLICY``) pages of forms/trips/demo.py. Who is who
(portal/demo/data.py): giamdoc is the Giám đốc Sở; phogiamdoc1 oversees Văn phòng and Phòng
QLCN, phogiamdoc2 Phòng QLTM and the Trung tâm; chanhvanphong heads Văn phòng (and is in the
Văn phòng group, with vanthu).

Requests are filed on Monday 30/11/2026 at 09:00 for a trip from Tuesday 1 to Thursday 3
December (3 days, so a head names who runs his unit); reports on Friday 4 December. Every
request and report goes through its page's form (``build_form`` + ``submission_create``).
"""

import datetime

import pytest

from flows.services import task_decide
from forms.fielddefs import build_form
from forms.models import Submission
from forms.services import SubmissionError, submission_create
from forms.trips.models import Trip, TripFormPage, TripReportFormPage
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from portal.notifications.models import Notification
from portal.org.models import Delegation
from tests.flows.leave_support import FILED_AT, OFFICE, chain_of, decision, notice, opinion
from tests.forms.leave.support import grant

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
THURSDAY = datetime.date(2026, 12, 3)
# The Friday after the trip, at 09:00: when the reports are filed.
REPORTED_AT = FILED_AT + datetime.timedelta(days=4)
# Thursday 3/12 + 2 working days, over the weekend.
REPORT_DUE = datetime.date(2026, 12, 7)

# Who runs the unit while a head is away (a head away more than 2 days must name one).
HANDOVER = {
    "truongphong_cn": "phophong_cn",
    "giamdoc_tt": "phogiamdoc_tt",
    "giamdoc": "phogiamdoc1",
}


@pytest.fixture
def demo(db, time_machine):
    """The demo organisation and its trip and report pages, on Monday 30/11/2026 09:00."""
    time_machine.move_to(FILED_AT, tick=False)
    demo_data_load(password="mat-khau-demo-2026", content=False)
    return (
        TripFormPage.objects.get(slug="di-cong-tac"),
        TripReportFormPage.objects.get(slug="bao-cao-cong-tac"),
    )


@pytest.fixture
def trip_page(demo):
    return demo[0]


@pytest.fixture
def report_page(demo):
    return demo[1]


def trip_data(username: str, scope: str, start=TUESDAY, end=THURSDAY, **extra) -> dict:
    data = {
        "destination": {"abroad": "Viêng Chăn, Lào", "in_province": "Huyện Tiên Lãng"}.get(
            scope, "Hà Nội"
        ),
        "scope": scope,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "purpose": "Làm việc về chương trình xúc tiến thương mại",
        "handover_to": HANDOVER.get(username, ""),
    }
    return {**data, **extra}


def file(page, username: str, data: dict) -> Submission:
    requester = User.objects.get(username=username)
    form = build_form(page, data, {}, user=requester)
    assert form.is_valid(), form.errors
    submission = submission_create(page=page, requester=requester, cleaned_data=form.cleaned_data)
    submission.refresh_from_db()
    return submission


def request_trip(page, username: str, scope: str, **extra) -> Submission:
    return file(page, username, trip_data(username, scope, **extra))


def report_on(page, username: str, trip: Submission | None = None, **extra) -> Submission:
    data = {"results": "Đã làm việc, thống nhất kế hoạch phối hợp năm 2027.", **extra}
    if trip is not None:
        data["trip"] = str(trip.pk)
    return file(page, username, data)


def status_of(expected: list[tuple[str, str]]) -> str:
    if any(kind != "notice" for kind, _who in expected):
        return Submission.Status.PENDING
    return Submission.Status.RECORDED


# Requester → chain for a trip in the province, out of the province, abroad (TRIP_POLICY).
# Abroad, every requester but the director goes to the Giám đốc Sở, and Văn phòng is told.
ABROAD_OFFICE = [decision("giamdoc"), notice(OFFICE)]
TRIP_CHAINS = {
    # Công chức: the Trưởng phòng decides in the province; out of it he gives his opinion
    # and the Lãnh đạo Sở phụ trách decides.
    "chuyenvien_cn": {
        "in_province": [decision("truongphong_cn")],
        "out_of_province": [opinion("truongphong_cn"), decision("phogiamdoc1")],
        "abroad": [opinion("truongphong_cn"), *ABROAD_OFFICE],
    },
    # The Phó trưởng phòng is routed as staff: the trip rules name no deputy positions.
    "phophong_cn": {
        "in_province": [decision("truongphong_cn")],
        "out_of_province": [opinion("truongphong_cn"), decision("phogiamdoc1")],
        "abroad": [opinion("truongphong_cn"), *ABROAD_OFFICE],
    },
    # The Trưởng phòng reports a trip in the province to his Lãnh đạo Sở phụ trách (recorded
    # at once); out of it the Lãnh đạo Sở phụ trách decides; abroad the "unit head" opinion
    # falls to the one above him — the Lãnh đạo Sở phụ trách.
    "truongphong_cn": {
        "in_province": [notice("phogiamdoc1")],
        "out_of_province": [decision("phogiamdoc1")],
        "abroad": [opinion("phogiamdoc1"), *ABROAD_OFFICE],
    },
    # A Phó Giám đốc Sở: the director decides; abroad the unit head's opinion and the
    # director's decision are one person, so one step.
    "phogiamdoc1": {
        "in_province": [decision("giamdoc")],
        "out_of_province": [decision("giamdoc")],
        "abroad": ABROAD_OFFICE,
    },
    # The Giám đốc Trung tâm is a unit head: his Lãnh đạo Sở phụ trách is phogiamdoc2.
    "giamdoc_tt": {
        "in_province": [notice("phogiamdoc2")],
        "out_of_province": [decision("phogiamdoc2")],
        "abroad": [opinion("phogiamdoc2"), *ABROAD_OFFICE],
    },
    # The Giám đốc Sở: Văn phòng (its Chánh Văn phòng) records every trip, abroad included.
    "giamdoc": {
        "in_province": [notice("chanhvanphong")],
        "out_of_province": [notice("chanhvanphong")],
        "abroad": [notice("chanhvanphong")],
    },
}


@pytest.mark.parametrize(
    ("username", "scope", "expected"),
    [
        pytest.param(username, scope, expected, id=f"{username}-{scope}")
        for username, chains in TRIP_CHAINS.items()
        for scope, expected in chains.items()
    ],
)
def test_trip_request_chain_by_position_and_scope(trip_page, username, scope, expected):
    submission = request_trip(trip_page, username, scope)

    assert submission.data["days"] == 3
    assert chain_of(submission) == expected
    assert submission.status == status_of(expected)


@pytest.mark.parametrize("username", ["truongphong_cn", "giamdoc_tt", "giamdoc"])
def test_a_head_away_more_than_two_days_must_name_who_runs_the_unit(trip_page, username):
    requester = User.objects.get(username=username)
    data = trip_data(username, "out_of_province", handover_to="")

    form = build_form(trip_page, data, {}, user=requester)

    assert not form.is_valid()
    assert list(form.errors) == ["handover_to"]
    # Two days need nobody.
    two_days = trip_data(username, "out_of_province", end=TUESDAY + datetime.timedelta(days=1))
    assert build_form(trip_page, {**two_days, "handover_to": ""}, {}, user=requester).is_valid()


def test_a_heads_three_day_trip_delegates_the_unit_once_approved(trip_page):
    submission = request_trip(trip_page, "truongphong_cn", "out_of_province")
    assert not Delegation.objects.filter(delegator__username="truongphong_cn").exists()

    submission = grant(submission)

    assert submission.status == Submission.Status.APPROVED
    delegation = Delegation.objects.get(delegator__username="truongphong_cn")
    assert (delegation.delegate.username, delegation.start_date, delegation.end_date) == (
        "phophong_cn",
        TUESDAY,
        THURSDAY,
    )
    trip = Trip.objects.get(submission=submission)
    assert (trip.delegation, trip.report_due) == (delegation, REPORT_DUE)


def test_a_heads_trip_in_the_province_is_recorded_and_delegates_at_once(trip_page):
    submission = request_trip(trip_page, "giamdoc_tt", "in_province")

    assert submission.status == Submission.Status.RECORDED
    delegation = Delegation.objects.get(delegator__username="giamdoc_tt")
    assert delegation.delegate.username == "phogiamdoc_tt"
    assert Trip.objects.get(submission=submission).report_due == REPORT_DUE


# Reports (TRIP_REPORT_POLICY): requester, scope of the trip → chain.
REPORT_CHAINS = [
    # Staff report to their Trưởng phòng and the Lãnh đạo Sở phụ trách (AG Đ11.5).
    pytest.param(
        "chuyenvien_cn",
        "out_of_province",
        [opinion("truongphong_cn"), decision("phogiamdoc1")],
        id="cong-chuc",
    ),
    # Unit heads report to the Lãnh đạo Sở phụ trách and the director (AG Đ13.3–13.4).
    pytest.param(
        "truongphong_cn",
        "out_of_province",
        [opinion("phogiamdoc1"), decision("giamdoc")],
        id="truong-phong",
    ),
    pytest.param(
        "giamdoc_tt", "in_province", [opinion("phogiamdoc2"), decision("giamdoc")], id="gd-tt"
    ),
    # A Phó Giám đốc Sở reports to the director.
    pytest.param("phogiamdoc1", "out_of_province", [decision("giamdoc")], id="pho-giam-doc-so"),
    # After a trip abroad: to the Giám đốc Sở, a copy to Văn phòng (HP Đ23.9).
    pytest.param("chuyenvien_cn", "abroad", ABROAD_OFFICE, id="nuoc-ngoai-cong-chuc"),
    pytest.param("truongphong_cn", "abroad", ABROAD_OFFICE, id="nuoc-ngoai-truong-phong"),
    # The director's own report is kept by Văn phòng.
    pytest.param("giamdoc", "out_of_province", [notice("chanhvanphong")], id="giam-doc-so"),
]


@pytest.mark.parametrize(("username", "scope", "expected"), REPORT_CHAINS)
def test_report_chain_by_position_and_the_trips_scope(
    trip_page, report_page, time_machine, username, scope, expected
):
    trip = grant(request_trip(trip_page, username, scope))
    assert trip.status in (Submission.Status.APPROVED, Submission.Status.RECORDED)
    time_machine.move_to(REPORTED_AT, tick=False)

    report = report_on(report_page, username, trip)

    assert report.data["trip"] == trip.pk and report.data["scope"] == scope
    assert chain_of(report) == expected
    assert report.status == status_of(expected)
    assert Trip.objects.get(submission=trip).report == report


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        pytest.param(
            "out_of_province",
            [opinion("truongphong_cn"), decision("phogiamdoc1")],
            id="ngoai-tinh",
        ),
        pytest.param("abroad", ABROAD_OFFICE, id="nuoc-ngoai"),
    ],
)
def test_a_report_on_an_unrequested_trip_is_routed_by_its_own_scope(
    report_page, time_machine, scope, expected
):
    time_machine.move_to(REPORTED_AT, tick=False)
    # A trip given by telephone last week, never requested on the portal.
    start, end = datetime.date(2026, 11, 25), datetime.date(2026, 11, 27)
    fields = trip_data("chuyenvien_cn", scope, start=start, end=end)
    fields.pop("handover_to")

    report = report_on(report_page, "chuyenvien_cn", **fields)

    assert report.data["trip"] is None
    assert (report.data["scope"], report.data["days"]) == (scope, 3)
    assert chain_of(report) == expected
    assert not Trip.objects.filter(report=report).exists()


def test_a_second_report_for_the_same_trip_is_refused(trip_page, report_page, time_machine):
    trip = grant(request_trip(trip_page, "chuyenvien_cn", "out_of_province"))
    time_machine.move_to(REPORTED_AT, tick=False)
    requester = User.objects.get(username="chuyenvien_cn")
    # Two tabs: both forms were valid when opened, the first one is sent.
    data = {"trip": str(trip.pk), "results": "Đã làm việc với Sở Công Thương Hà Nội."}
    first, second = (build_form(report_page, data, {}, user=requester) for _ in range(2))
    assert first.is_valid() and second.is_valid()
    filed = submission_create(
        page=report_page, requester=requester, cleaned_data=first.cleaned_data
    )

    with pytest.raises(SubmissionError, match=f"đã có báo cáo \\(đơn số {filed.pk}\\)"):
        submission_create(page=report_page, requester=requester, cleaned_data=second.cleaned_data)

    assert Submission.objects.filter(kind="trip_report").count() == 1
    assert Trip.objects.get(submission=trip).report == filed


def test_a_report_for_someone_elses_trip_is_refused(trip_page, report_page, time_machine):
    theirs = grant(request_trip(trip_page, "phophong_cn", "out_of_province"))
    time_machine.move_to(REPORTED_AT, tick=False)
    requester = User.objects.get(username="chuyenvien_cn")

    form = build_form(
        report_page, {"trip": str(theirs.pk), "results": "Báo cáo hộ"}, {}, user=requester
    )

    assert not form.is_valid()
    # Not among my trips: refused as a choice (and, without a trip, its own fields are missing).
    assert "trip" in form.errors
    assert str(theirs.pk) not in [value for value, _label in form.fields["trip"].choices]
    assert Trip.objects.get(submission=theirs).report is None


def test_a_staff_trip_abroad_runs_to_the_end_and_office_is_told(trip_page):
    submission = request_trip(trip_page, "chuyenvien_cn", "abroad", vehicle="on")

    deciders = []
    while submission.status == Submission.Status.PENDING:
        step = submission.steps.get(round=submission.round, state="active")
        deciders.append(step.actor.username)
        submission = task_decide(step=step, user=step.actor, decision="approve")

    assert deciders == ["truongphong_cn", "giamdoc"]
    assert submission.status == Submission.Status.APPROVED
    trip = Trip.objects.get(submission=submission)
    assert trip.report_due == REPORT_DUE
    # The office car was asked for: both Văn phòng members hear of it.
    told = Notification.objects.filter(title__startswith="Cần bố trí xe").values_list(
        "user__username", flat=True
    )
    assert sorted(told) == ["chanhvanphong", "vanthu"]
