"""Queries of trips: which trips await a report, and a trip's block on its page."""

from django.db.models import Q
from django.utils import formats, timezone

from forms.models import Submission
from portal.accounts.models import User

from .models import Trip

GRANTED, STANDING = Submission.GRANTED, Submission.STANDING


def _without_report():
    return Q(report__isnull=True) | ~Q(report__status__in=STANDING)


def reportable_trip_choices(*, user: User) -> list[tuple[str, str]]:
    """The person's granted trips that have started and have no standing report yet."""
    trips = (
        Trip.objects.filter(user=user, submission__status__in=GRANTED)
        .filter(start_date__lte=timezone.localdate())
        .filter(_without_report())
        .order_by("-start_date")
    )
    return [
        (
            str(t.pk),
            f"{t.destination} ({formats.date_format(t.start_date, 'SHORT_DATE_FORMAT')}–"
            f"{formats.date_format(t.end_date, 'SHORT_DATE_FORMAT')})",
        )
        for t in trips
    ]


def reports_due(*, user: User | None = None):
    """Granted trips whose report deadline is set and whose report is not filed."""
    trips = Trip.objects.filter(submission__status__in=GRANTED, report_due__isnull=False).filter(
        _without_report()
    )
    if user is not None:
        trips = trips.filter(user=user)
    return trips.select_related("submission", "user", "unit").order_by("report_due", "pk")


def report_page_url() -> str:
    """Where reports are filed: the first live report form page."""
    from .models import TripReportFormPage

    page = TripReportFormPage.objects.live().order_by("path").first()
    return page.get_url() if page else ""


def trip_detail_context(*, user: User, submission: Submission) -> dict:
    context = {"extra_template": "trips/submission_trip.html"}
    if submission.kind == "trip_report":
        trip_id = (submission.data or {}).get("trip")
        context["report_trip"] = Trip.objects.filter(submission_id=trip_id).first()
        return context
    trip = Trip.objects.filter(submission=submission).select_related("report").first()
    context["trip"] = trip
    if trip is not None:
        today = timezone.localdate()
        has_report = trip.report is not None and trip.report.status in STANDING
        context.update(
            has_report=has_report,
            overdue=bool(trip.report_due and not has_report and trip.report_due < today),
            can_report=submission.requester_id == user.pk
            and submission.status in GRANTED
            and not has_report
            and trip.start_date <= today,
            vehicle_order=getattr(trip, "vehicle_order", None),
            report_url=report_page_url(),
        )
        if not context["report_url"]:
            context["can_report"] = False
    return context
