"""Leave requests on the demo organisation, submitted the way the leave form submits them.

The organisation is the one ``load_demo_data`` makes (portal/demo/data.py), loaded with the
real service. Dates fall in the week of Monday 30 November 2026, which has no public holiday
(the nearest, Ngày Văn hóa Việt Nam, is Tuesday 24 November), so the counts are exact:
Tuesday morning = ½ day, Tuesday = 1 day, Tuesday–Wednesday = 2 days.
"""

import datetime

from forms.fielddefs import build_form
from forms.models import Submission
from forms.services import submission_create
from portal.accounts.models import User
from portal.calendar.services import Session, is_working_day
from portal.org import roles

TUESDAY = datetime.date(2026, 12, 1)
WEDNESDAY = datetime.date(2026, 12, 2)
# The moment the requests are filed: the Monday before, during office hours.
FILED_AT = datetime.datetime(
    2026, 11, 30, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)
OFFICE = roles.GROUP_NAMES[roles.OFFICE]

# Working days → (start date, start session, end date, end session).
SPANS = {
    0.5: (TUESDAY, Session.MORNING, TUESDAY, Session.MORNING),
    1: (TUESDAY, Session.MORNING, TUESDAY, Session.AFTERNOON),
    2: (TUESDAY, Session.MORNING, WEDNESDAY, Session.AFTERNOON),
}
COLUMN_IDS = {0.5: "nua-ngay", 1: "1-ngay", 2: "2-ngay"}


def leave_data(days: float, *, leave_type: str = "annual", handover_to: str = "") -> dict:
    """What the browser posts for ``days`` working days from Tuesday 1 December 2026."""
    start, start_session, end, end_session = SPANS[days]
    return {
        "leave_type": leave_type,
        "start_date": start.isoformat(),
        "start_session": start_session,
        "end_date": end.isoformat(),
        "end_session": end_session,
        "reason": "Giải quyết việc gia đình.",
        "handover_to": handover_to,
    }


def leave_request(
    page,
    username: str,
    days: float,
    *,
    leave_type: str = "annual",
    handover_to: str = "",
) -> Submission:
    """Fill the leave form as ``username`` and submit it; the form must accept it."""
    assert all(is_working_day(day=d) for d in (TUESDAY, WEDNESDAY))
    requester = User.objects.get(username=username)
    data = leave_data(days, leave_type=leave_type, handover_to=handover_to)
    form = build_form(page, data, {}, user=requester)
    assert form.is_valid(), form.errors
    submission = submission_create(page=page, requester=requester, cleaned_data=form.cleaned_data)
    submission.refresh_from_db()
    return submission


def chain_of(submission: Submission) -> list[tuple[str, str]]:
    """(kind, approver's username — or the group's name for a group step) of each step."""
    steps = submission.steps.select_related("approver", "group").order_by("order")
    return [(s.kind, s.approver.username if s.approver else s.group.name) for s in steps]


def opinion(who: str) -> tuple[str, str]:
    return ("opinion", who)


def decision(who: str) -> tuple[str, str]:
    return ("decision", who)


def notice(who: str) -> tuple[str, str]:
    return ("notice", who)
