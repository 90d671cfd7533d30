"""Shared set-up for the trust tests (IDOR, forged fields, uploads, injection).

Two requesters and their objects, with people around them who must learn nothing:
``owner`` (chuyenvien, Phòng Quản lý công nghiệp) files a request with a file; ``colleague``
sits in the same unit, ``outsider`` in another (Phòng Kế hoạch - Tài chính); ``approver`` is
the owner's unit head, whose task it is; ``other_approver`` is the Giám đốc Trung tâm, who
holds a task of his own (for vienchuc). Each secret text is searched for in the bodies that
others get back.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forms.models import ApprovalStep
from forms.services import submission_create
from portal.accounts.services import api_token_issue
from portal.org.models import Position
from tests.factories import login_with_mfa, member
from tests.forms.pages_support import PDF, content_name, generic_form

SECRET = "BÍ-MẬT-CỦA-AN-7731"
OTHER_SECRET = "VIỆC-RIÊNG-CỦA-VIÊN-CHỨC-5519"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()  # a real image: feedback strips metadata by parsing what it stores


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(user) -> Client:
    """A client of its own; everyone gets a TOTP device so MFA never hides a refusal."""
    return login_with_mfa(Client(), user)


def bearer(user) -> dict:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def active_step(submission) -> ApprovalStep:
    return submission.steps.get(round=submission.round, state=ApprovalStep.State.ACTIVE)


@pytest.fixture
def people(org):
    staff = Position.objects.get(code="chuyen-vien")
    return {
        "owner": org["chuyenvien"],
        "colleague": member(org["cn"], staff, "dongnghiep", first_name="Đồng Nghiệp"),
        "outsider": org["chuyenvien_kh"],
        "approver": org["truongphong"],
        "other_approver": org["giamdoc_tt"],
        "other_requester": org["vienchuc"],
    }


@pytest.fixture
def form(org):
    return generic_form()


@pytest.fixture
def filed(people, form):
    """The owner's pending request with a PDF, and vienchuc's request at giamdoc_tt."""
    field_names = {f.label: f.clean_name for f in form.get_form_fields()}
    upload = SimpleUploadedFile(f"{SECRET}.pdf", PDF, content_type="application/pdf")
    from forms.fielddefs import build_form

    built = build_form(
        form,
        {content_name(form): SECRET},
        {field_names["Tệp kèm theo"]: upload},
        user=people["owner"],
    )
    assert built.is_valid(), built.errors
    mine = submission_create(page=form, requester=people["owner"], cleaned_data=built.cleaned_data)
    theirs = submission_create(
        page=form,
        requester=people["other_requester"],
        cleaned_data={content_name(form): OTHER_SECRET},
    )
    return {"mine": mine, "theirs": theirs}
