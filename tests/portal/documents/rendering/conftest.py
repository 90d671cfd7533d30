"""Real submissions of the four forms, filed through their forms on the small organisation."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.models import ApprovalStep, Submission
from portal.org import roles
from portal.org.models import Position
from tests.factories import (
    add_to_role,
    leave_form,
    member,
    overtime_form,
    position,
    trip_form,
    trip_report_form,
)
from tests.forms.leave.support import apply
from tests.forms.overtime.support import register
from tests.forms.trips.support import report, request_trip

# Monday 23/11/2026, 09:00 in Hà Nội.
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TUESDAY = datetime.date(2026, 12, 1)
WEDNESDAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def templates(db):
    from portal.documents.defaults import document_templates_ensure

    document_templates_ensure()
    from portal.documents.models import DocumentTemplate

    return {t.code: t for t in DocumentTemplate.objects.all()}


@pytest.fixture
def office(org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    guard = position(Position.Level.MEMBER, "Bảo vệ", "bao-ve", 95)
    org["baove"] = member(org["vp"], guard, "baove")
    add_to_role(org["baove"], roles.SECURITY)
    return org


@pytest.fixture
def leave_submission(office, templates) -> Submission:
    page = leave_form(document_template=templates["leave"])
    # Two days for a chuyên viên: opinions of his head and the deputy in charge, then the
    # director's decision (An Giang table).
    return apply(page, office["chuyenvien"], TUESDAY, WEDNESDAY)


@pytest.fixture
def overtime_submission(office, templates) -> Submission:
    page = overtime_form(document_template=templates["overtime"])
    return register(page, office["chuyenvien"], datetime.date(2026, 11, 28), "08:00", "11:00")


@pytest.fixture
def trip_submission(office, templates) -> Submission:
    page = trip_form(document_template=templates["trip"])
    return request_trip(page, office["chuyenvien"], TUESDAY, WEDNESDAY)


@pytest.fixture
def trip_report_submission(office, templates) -> Submission:
    page = trip_report_form(document_template=templates["trip_report"])
    return report(
        page,
        office["chuyenvien"],
        destination="Hà Nội",
        scope="out_of_province",
        start_date="2026-11-10",
        end_date="2026-11-12",
        purpose="Dự hội nghị tổng kết ngành",
    )


def document_for(submission: Submission):
    """The (not yet numbered) document of the submission's current round."""
    from portal.documents.models import Document

    page = submission.form_page.specific
    document, _created = Document.objects.get_or_create(
        submission=submission,
        version=submission.round,
        defaults={"template": page.document_template},
    )
    return document


def steps_of(submission: Submission) -> list[ApprovalStep]:
    return list(submission.steps.filter(round=submission.round).order_by("order"))
