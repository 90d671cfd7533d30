"""Filling in the trip and report forms as a requester would."""

import datetime

from forms.fielddefs import build_form
from forms.models import Submission
from forms.services import submission_create


def iso(day):
    return day.isoformat() if isinstance(day, datetime.date) else day


def trip_data(start, end=None, *, scope="out_of_province", **extra):
    return {
        "destination": "Hà Nội",
        "scope": scope,
        "start_date": iso(start),
        "end_date": iso(end or start),
        "purpose": "Dự hội nghị tổng kết ngành",
        **extra,
    }


def form_for(page, user, data, files=None):
    return build_form(page, data, files or {}, user=user)


def file(page, user, data, files=None) -> Submission:
    form = form_for(page, user, data, files)
    assert form.is_valid(), form.errors
    return submission_create(page=page, requester=user, cleaned_data=form.cleaned_data)


def request_trip(page, user, start, end=None, **kwargs) -> Submission:
    return file(page, user, trip_data(start, end, **kwargs))


def report(page, user, trip=None, **extra) -> Submission:
    data = {"results": "Đã dự hội nghị, tiếp thu ý kiến chỉ đạo.", **extra}
    if trip is not None:
        data["trip"] = str(trip.pk)
    return file(page, user, data)
