"""Month-by-month trends: how long requests took to be decided."""

import datetime

from django.db.models.functions import TruncMonth
from django.utils import timezone

from forms.models import Submission

from .access import Scope
from .period import Period
from .selectors import _as_date, _decided_in, _scoped
from .stats import durations_by_group


def decision_time_by_month(
    *, scope: Scope, period: Period, in_database: bool | None = None
) -> list[dict]:
    """Per month of decision: requests decided, median and p90 hours from submission."""
    submissions = _decided_in(
        _scoped(Submission.objects.filter(decided_at__isnull=False), "requester_unit", scope),
        period,
    ).annotate(month=TruncMonth("decided_at", tzinfo=timezone.get_current_timezone()))
    groups = durations_by_group(
        submissions,
        keys=["month"],
        later="decided_at",
        earlier="created_at",
        in_database=in_database,
    )
    rows = [{"month": _as_date(key[0]), **value} for key, value in groups.items()]
    return sorted(rows, key=lambda r: r["month"] or datetime.date.min)
