"""Generated submissions (Hypothesis) through the form page and the API: odd text in NFC and
NFD, emoji, control characters, 10,000 characters; boundary dates and times.

Never a 500: either a Vietnamese validation error, or the submission is stored and shown
exactly as sent. The one normalisation is Django's own: text fields are stripped of leading
and trailing whitespace (``CharField(strip=True)``); NFD stays NFD, nothing is NFC-normalised.
Dates and times come back as the same day and instant (ISO text in the API, dd/mm/yyyy and
HH:MM on the page).
"""

import datetime
import unicodedata
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from forms.models import FormField, Submission
from portal.accounts.services import api_token_issue
from tests.factories import approval_form, leave_form
from tests.flows.support import rule, step

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VIETNAMESE = "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
# Control characters (NUL, ESC, right-to-left override), invisible ones, CRLF, emoji sequences.
ODD = ["\x00", "\x1b", "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "\U0010ffff"]
EMOJI = ["😀", "👨\u200d👩\u200d👧", "🇻🇳"]
TODAY = timezone.localdate()
DATES = [
    datetime.date(2026, 1, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2024, 2, 29),
    datetime.date(1, 1, 1),
    datetime.date(9999, 12, 31),
    TODAY,
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


pieces = st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper()) + ODD + EMOJI)
short_text = st.lists(st.one_of(pieces, st.characters(codec="utf-8")), max_size=30).map("".join)
texts = st.one_of(
    short_text,
    short_text.map(nfd),
    short_text.map(lambda t: unicodedata.normalize("NFC", t)),
    st.sampled_from(["ệ", "a", "😀", nfd("ệ"), "\x1b"]).map(lambda c: (c * 10_000)[:10_000]),
)
iso_dates = st.one_of(
    st.sampled_from(DATES).map(datetime.date.isoformat),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["2025-02-29", "0000-01-01", "9999-12-32", "10000-01-01", "", "\x00"]),
)
iso_datetimes = st.one_of(
    st.builds(
        lambda day, t: f"{day.isoformat()}T{t.isoformat(timespec='minutes')}",
        st.sampled_from(DATES) | st.dates(),
        st.sampled_from([datetime.time(0, 0), datetime.time(23, 59)]) | st.times(),
    ),
    st.sampled_from(["2026-11-23T24:00", "2026-11-23 00:00", ""]),
)


def is_vietnamese(message: str) -> bool:
    return any(ch in VIETNAMESE for ch in unicodedata.normalize("NFC", message.lower()))


@contextmanager
def rolled_back():
    """Each example starts from the same database: its submission is undone afterwards."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            yield
            raise Undo
    except Undo:
        pass


@pytest.fixture
def request_form(org):
    page = approval_form(
        title="Giấy đề nghị",
        slug="de-nghi",
        policy=rule(step("opinion", "unit_head"), step("decision", "director")),
    )
    fields = [
        ("Nội dung", "multiline", True),
        ("Tiêu đề", "singleline", False),
        ("Từ ngày", "date", True),
        ("Thời điểm", "datetime", False),
    ]
    for order, (label, field_type, required) in enumerate(fields):
        page.form_fields.add(
            FormField(label=label, field_type=field_type, required=required, sort_order=order)
        )
    page.save_revision().publish()
    return page


@pytest.fixture
def clients(org):
    """The requester on the site (session) and on the API (Bearer token)."""
    site = Client()
    site.force_login(org["chuyenvien"])
    _token, raw = api_token_issue(user=org["chuyenvien"])
    return site, Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def expected_datetime(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def check_stored(site, api, submission_id: int, sent: dict) -> None:
    """What was accepted reads back exactly: stored, in the API and on the page."""
    submission = Submission.objects.get(pk=submission_id)
    data = submission.data
    body = api.get(f"/api/v1/submissions/{submission_id}/").json()
    page = site.get(reverse("forms:submission_detail", args=[submission_id])).content.decode()
    for name in ("noi_dung", "tieu_de"):
        value = sent.get(name, "").strip()
        assert data.get(name, "") == value and body["data"].get(name, "") == value
        if value:
            assert linebreaksbr(value, autoescape=True) in page
    day = datetime.date.fromisoformat(sent["tu_ngay"])
    assert data["tu_ngay"] == body["data"]["tu_ngay"] == day.isoformat()
    assert date_filter(day, "d/m/Y") in page
    if sent.get("thoi_diem"):
        moment = expected_datetime(sent["thoi_diem"].replace(" ", "T"))
        assert datetime.datetime.fromisoformat(data["thoi_diem"]) == moment
        assert body["data"]["thoi_diem"] == data["thoi_diem"]
        assert date_filter(timezone.localtime(moment), "H:i d/m/Y") in page


payloads = st.fixed_dictionaries(
    {"noi_dung": texts, "tu_ngay": iso_dates},
    optional={"tieu_de": texts, "thoi_diem": iso_datetimes},
)


@BOUNDED
@example(
    sent={
        "noi_dung": nfd("Xin nghỉ để đi khám bệnh"),
        "tieu_de": "\u202e😀\x1b[31m",
        "tu_ngay": "0001-01-01",
        "thoi_diem": "0001-01-01T00:00",
    }
)
@example(sent={"noi_dung": "ệ" * 10_000, "tu_ngay": "9999-12-31", "thoi_diem": "9999-12-31T23:59"})
@example(sent={"noi_dung": "a\x00b", "tu_ngay": "2024-02-29", "thoi_diem": "2025-02-29T00:00"})
@given(sent=payloads)
def test_the_api_answers_a_vietnamese_error_or_keeps_the_values_exactly(
    request_form, clients, sent
):
    site, api = clients
    with rolled_back():
        response = api.post(
            "/api/v1/forms/de-nghi/submissions/", sent, content_type="application/json"
        )
        assert response.status_code in (201, 400), response.content[:500]
        if response.status_code == 400:
            errors = response.json()["errors"]
            messages = [m for field in errors.values() for m in field]
            assert messages and all(is_vietnamese(m) for m in messages), errors
            event(f"refused: {sorted(errors)}")
            return
        event("accepted")
        check_stored(site, api, response.json()["id"], sent)


@BOUNDED
@example(
    sent={
        "noi_dung": nfd("Xin nghỉ để đi khám bệnh"),
        "tieu_de": "\u202e😀\x1b[31m",
        "tu_ngay": "0001-01-01",
        "thoi_diem": "0001-01-01T00:00",
    }
)
@example(sent={"noi_dung": "ệ" * 10_000, "tu_ngay": "9999-12-31", "thoi_diem": "9999-12-31T23:59"})
@example(sent={"noi_dung": "a\x00b", "tu_ngay": "2024-02-29", "thoi_diem": "2025-02-29T00:00"})
@given(sent=payloads)
def test_the_form_page_shows_a_vietnamese_error_or_keeps_the_values_exactly(
    request_form, clients, sent
):
    site, api = clients
    with rolled_back():
        response = site.post(request_form.url, sent)
        assert response.status_code in (200, 302), response.content[:500]
        if response.status_code == 200:
            errors = response.context["form"].errors
            messages = [m for field in errors.values() for m in field]
            assert messages and all(is_vietnamese(m) for m in messages), errors
            event(f"refused: {sorted(errors)}")
            return
        event("accepted")
        submission_id = int(response.url.rstrip("/").rsplit("/", 1)[-1])
        check_stored(site, api, submission_id, sent)


@pytest.fixture
def leave_page(org):
    return leave_form(policy=rule(step("decision", "unit_head")))


def leave_sent(start: str, end: str, reason: str = "Việc gia đình") -> dict:
    return {
        "leave_type": "annual",
        "start_date": start,
        "start_session": "morning",
        "end_date": end,
        "end_session": "afternoon",
        "reason": reason,
    }


leave_payloads = st.fixed_dictionaries(
    {
        "leave_type": st.just("annual"),
        "start_date": iso_dates,
        "start_session": st.sampled_from(["morning", "afternoon"]),
        "end_date": iso_dates,
        "end_session": st.sampled_from(["morning", "afternoon"]),
        "reason": texts,
    }
)


@BOUNDED
@example(sent=leave_sent("0001-01-01", "9999-12-31"))
@example(sent=leave_sent("2026-12-31", "2026-01-01"))
@example(sent=leave_sent("2024-02-29", "2024-02-29"))
@example(sent=leave_sent(TODAY.isoformat(), TODAY.isoformat(), reason=nfd("Việc gia đình")))
@given(sent=leave_payloads)
def test_leave_dates_at_the_edges_are_refused_in_vietnamese_or_kept(leave_page, clients, sent):
    _site, api = clients
    with rolled_back():
        response = api.post(
            "/api/v1/forms/nghi-phep/submissions/", sent, content_type="application/json"
        )
        assert response.status_code in (201, 400), response.content[:500]
        if response.status_code == 400:
            errors = response.json()["errors"]
            messages = [m for field in errors.values() for m in field]
            assert messages and all(is_vietnamese(m) for m in messages), errors
            event(f"refused: {sorted(errors)}")
            return
        event("accepted")
        data = Submission.objects.get(pk=response.json()["id"]).data
        assert data["start_date"] == sent["start_date"] and data["end_date"] == sent["end_date"]
        assert data["reason"] == sent["reason"].strip()
