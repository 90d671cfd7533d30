"""Anonymous feedback leaves no trace of its sender, whatever he is logged in as.

The proof: take a picture of every row of every table (all models of every installed app,
Viewflow's, allauth's, sessions, notifications, the audit log included), send anonymous
feedback from a logged-in session with a recognisable address and browser, take the picture
again, and search every column of every row the submission added or changed — and every line
logged meanwhile — for anything that points at the sender.
"""

import json
import logging

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from forms.feedback.models import FeedbackCase
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "TrinhDuyetRieng/9.9 (dau-vet-0xBEEF)"


def snapshot() -> dict:
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        for values in model._base_manager.values_list(*names):
            rows[(model._meta.label, values[0])] = (model, dict(zip(names, values, strict=True)))
    return rows


def user_columns(model) -> set[str]:
    """Columns that point at an account: foreign keys to the user model."""
    user_model = get_user_model()
    return {
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is user_model
    }


def traces(before: dict, after: dict, user, needles: list[str]) -> list[str]:
    found = []
    for key, (model, row) in after.items():
        if before.get(key, (None, None))[1] == row:
            continue  # unchanged since before the submission
        pointing = user_columns(model)
        for column, value in row.items():
            if column in pointing and value == user.pk:
                found.append(f"{key} {column} = the sender's id")
            text = value if isinstance(value, str) else json.dumps(value, default=str)
            for needle in needles:
                if needle and needle.lower() in text.lower():
                    found.append(f"{key} {column} contains {needle!r}")
    return found


@pytest.fixture
def sender(org):
    return UserFactory(
        username="nguoigopy", email="nguoigopy@so.gov.vn", first_name="Gợi", last_name="Ý Lê"
    )


@pytest.mark.parametrize("via", ["web", "api"])
def test_logged_in_anonymous_feedback_stores_nothing_about_the_sender(client, sender, caplog, via):
    client.force_login(sender)
    session_before = dict(client.session.items())
    before = snapshot()
    caplog.set_level(logging.DEBUG)
    values = {
        "recipient": "union",
        "category": "phan-anh",
        "title": "Phân công trực không công bằng",
        "content": "Lịch trực tháng này dồn cho một số người.",
        "anonymous": "on",
    }
    extra = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT}
    if via == "web":
        response = client.post("/gop-y/", values, **extra)
        assert response.status_code == 200
    else:
        body = {**values, "anonymous": True}
        response = client.post("/api/v1/feedback/", body, content_type="application/json", **extra)
        assert response.status_code == 201, response.content
        assert set(response.json()) == {"receipt"}

    case = FeedbackCase.objects.get()
    assert case.anonymous and case.sender_id is None and case.receipt_hash
    after = snapshot()
    needles = [
        sender.username,
        sender.email,
        sender.get_full_name(),
        ADDRESS,
        AGENT,
        client.session.session_key,
    ]
    assert traces(before, after, sender, needles) == []
    assert [r for r in caplog.records if any(n in r.getMessage() for n in needles)] == []
    # The session is exactly as it was: nothing ties it to the case or its receipt.
    assert dict(client.session.items()) == session_before
    # Dates only: the models have no time-of-day column at all.
    timestamp_columns = [
        f.name for f in FeedbackCase._meta.concrete_fields if isinstance(f, models.DateTimeField)
    ]
    assert timestamp_columns == []


def test_the_proof_would_catch_a_sender_stored_by_mistake(client, sender):
    before = snapshot()
    from forms.feedback.models import FeedbackCategory
    from forms.feedback.services import feedback_submit

    filed = feedback_submit(
        recipient="union",
        category=FeedbackCategory.objects.get(code="gop-y"),
        title="Góp ý có tên",
        content="Nội dung",
        anonymous=False,
        user=sender,
    )
    assert filed.receipt is None
    found = traces(before, snapshot(), sender, [sender.username])
    assert any("sender_id = the sender's id" in line for line in found)
