"""Filling in the overtime form as a requester would."""

import datetime

from forms.fielddefs import build_form
from forms.models import Submission
from forms.services import submission_create


def overtime_data(day, start, end, participants=None, **extra):
    data = {
        "date": day.isoformat() if isinstance(day, datetime.date) else day,
        "start_time": start,
        "end_time": end,
        "location": "Phòng 302",
        "tasks": "Hoàn thiện báo cáo quý",
        **extra,
    }
    if participants is not None:
        data["participants"] = participants
    return data


def form_for(page, user, data):
    return build_form(page, data, {}, user=user)


def register(page, user, day, start, end, participants=None, **extra) -> Submission:
    form = form_for(page, user, overtime_data(day, start, end, participants, **extra))
    assert form.is_valid(), form.errors
    return submission_create(page=page, requester=user, cleaned_data=form.cleaned_data)
