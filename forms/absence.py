"""A unit head away (on leave, on a trip) hands his work to a colleague by a delegation."""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts.models import User
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org.models import Delegation
from portal.org.services import delegation_create

from .models import Submission


def absence_delegation_create(
    *,
    submission: Submission,
    delegator: User,
    delegate: User,
    start_date: date,
    end_date: date,
    reason: str,
    failure_title: str,
) -> Delegation | None:
    """The delegation for the absence, or None when it clashes with another one: the absence
    stands all the same, and the head is told to arrange the handover himself."""
    try:
        return delegation_create(
            delegator=delegator,
            delegate=delegate,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
        )
    except ValidationError as exc:
        notify(
            users=[delegator],
            verb=Notification.Verb.NOTICE,
            title=failure_title,
            body=" ".join(exc.messages),
            url=reverse("forms:submission_detail", args=[submission.pk]),
        )
        return None
