"""Trip requests and reports: checked by the form, kept in step with their Trip row."""

import datetime

import pytest

from forms.services import SubmissionError, submission_withdraw
from forms.trips.models import Trip
from portal.org.models import Delegation
from tests.forms.leave.support import decide, grant
from tests.forms.trips.conftest import MONDAY
from tests.forms.trips.support import form_for, report, request_trip, trip_data

pytestmark = pytest.mark.django_db

THURSDAY = datetime.date(2026, 11, 26)
FRIDAY = datetime.date(2026, 11, 27)
TUESDAY = datetime.date(2026, 12, 1)


def later(time_machine, day):
    time_machine.move_to(MONDAY.replace(month=day.month, day=day.day), tick=False)


def errors(page, user, data):
    form = form_for(page, user, data)
    assert not form.is_valid()
    return form.errors


def test_a_trip_stores_its_length_in_days(org, trip_page):
    submission = request_trip(trip_page, org["chuyenvien"], THURSDAY, FRIDAY)
    assert submission.data["days"] == 2
    trip = Trip.objects.get(submission=submission)
    assert (trip.scope, trip.start_date, trip.end_date, trip.report_due) == (
        "out_of_province",
        THURSDAY,
        FRIDAY,
        None,
    )


def test_the_return_may_not_precede_the_departure(org, trip_page):
    found = errors(trip_page, org["chuyenvien"], trip_data(FRIDAY, THURSDAY))
    assert found["end_date"] == ["Ngày về không được trước ngày đi."]


def test_a_trip_already_begun_is_reported_not_requested(org, trip_page):
    found = errors(trip_page, org["chuyenvien"], trip_data(datetime.date(2026, 11, 20)))
    assert "nộp báo cáo kết quả công tác" in found["start_date"][0]


def test_private_travel_is_only_for_trips_abroad(org, trip_page):
    found = errors(trip_page, org["chuyenvien"], trip_data(THURSDAY, private="on"))
    assert "private" in found
    assert request_trip(trip_page, org["chuyenvien"], THURSDAY, scope="abroad", private="on")


def test_a_unit_head_away_more_than_two_days_names_who_runs_the_unit(org, trip_page):
    head = org["truongphong"]
    found = errors(trip_page, head, trip_data(THURSDAY, datetime.date(2026, 11, 28)))
    assert "điều hành đơn vị" in found["handover_to"][0]
    assert request_trip(trip_page, head, THURSDAY, FRIDAY)  # two days: nobody needed


def test_approval_sets_the_report_deadline_in_working_days(org, trip_page):
    submission = grant(request_trip(trip_page, org["chuyenvien"], THURSDAY, FRIDAY))
    # Friday 27/11 + 2 working days, over the weekend: Tuesday 01/12.
    assert Trip.objects.get(submission=submission).report_due == TUESDAY


def test_a_rejected_trip_owes_no_report(org, trip_page):
    submission = decide(request_trip(trip_page, org["chuyenvien"], THURSDAY), "reject")
    assert Trip.objects.get(submission=submission).report_due is None


def test_a_heads_long_trip_delegates_the_unit_for_its_dates(org, trip_page):
    head = org["truongphong"]
    end = datetime.date(2026, 11, 28)
    submission = request_trip(trip_page, head, THURSDAY, end, handover_to="phophong")
    assert not Delegation.objects.exists()
    grant(submission)
    delegation = Delegation.objects.get(delegator=head)
    assert (delegation.delegate, delegation.start_date, delegation.end_date) == (
        org["phophong"],
        THURSDAY,
        end,
    )


def test_a_report_on_a_trip_takes_the_trips_scope_and_links_to_it(
    org, trip_page, report_page, time_machine
):
    trip = grant(request_trip(trip_page, org["chuyenvien"], THURSDAY, FRIDAY, scope="abroad"))
    later(time_machine, datetime.date(2026, 11, 30))
    filed = report(report_page, org["chuyenvien"], trip)
    assert filed.data["scope"] == "abroad" and filed.data["trip"] == trip.pk
    assert Trip.objects.get(submission=trip).report == filed
    submission_withdraw(submission=filed, user=org["chuyenvien"])
    assert Trip.objects.get(submission=trip).report is None


def test_one_standing_report_per_trip(org, trip_page, report_page, time_machine):
    trip = grant(request_trip(trip_page, org["chuyenvien"], THURSDAY))
    later(time_machine, FRIDAY)
    report(report_page, org["chuyenvien"], trip)
    # The trip is no longer offered; a client posting its id anyway is refused.
    form = form_for(report_page, org["chuyenvien"], {"trip": str(trip.pk), "results": "Lần hai"})
    assert not form.is_valid() and "trip" in form.errors


def test_the_report_form_offers_only_my_trips_that_have_begun(
    org, trip_page, report_page, time_machine
):
    mine = grant(request_trip(trip_page, org["chuyenvien"], THURSDAY))
    grant(request_trip(trip_page, org["chuyenvien"], TUESDAY))
    grant(request_trip(trip_page, org["phophong"], THURSDAY))
    later(time_machine, FRIDAY)
    choices = form_for(report_page, org["chuyenvien"], None).fields["trip"].choices
    assert [value for value, _label in choices if value] == [str(mine.pk)]


def test_a_report_on_an_unrequested_trip_carries_its_own_fields(org, report_page):
    found = errors(report_page, org["chuyenvien"], {"results": "Đã làm việc với Sở bạn"})
    assert {"destination", "scope", "start_date", "end_date"} <= set(found)
    filed = report(
        report_page,
        org["chuyenvien"],
        results="Đã làm việc với Sở bạn",
        **trip_data(datetime.date(2026, 11, 19), datetime.date(2026, 11, 20)),
    )
    assert filed.data["trip"] is None and filed.data["days"] == 2
    assert [s.approver.username for s in filed.steps.order_by("order")] == [
        "truongphong",
        "pgd1",
    ]


def test_an_unrequested_trip_must_have_begun(org, report_page):
    found = errors(
        report_page, org["chuyenvien"], {"results": "x", **trip_data(datetime.date(2026, 12, 3))}
    )
    assert "start_date" in found


def test_a_report_for_someone_elses_trip_is_refused(org, trip_page, report_page, time_machine):
    theirs = grant(request_trip(trip_page, org["phophong"], THURSDAY))
    later(time_machine, FRIDAY)
    found = errors(report_page, org["chuyenvien"], {"trip": str(theirs.pk), "results": "x"})
    assert "trip" in found
    with pytest.raises(SubmissionError):
        from forms.trips.services import report_check

        report_check(data={"trip": theirs.pk}, requester=org["chuyenvien"])
