"""Shared set-up for the page tests (tests/forms/test_pages_*.py, tests/flows/test_pages_*.py).

The generic «Giấy đề nghị» of the demo: a required multiline field and an optional file,
open to all staff, unit head's opinion then the Lãnh đạo Sở phụ trách's decision. In
small_organisation() that is truongphong, then pgd1, for chuyenvien.
"""

from django.test import Client

from forms.models import Submission
from forms.services import submission_create
from tests.factories import approval_form, login_with_mfa, two_step_policy

FIELDS = (("Nội dung đề nghị", "multiline", True), ("Tệp kèm theo", "file", False))
# The smallest file `filetype` recognises as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def generic_form(**extra):
    return approval_form(
        title="Giấy đề nghị", slug="giay-de-nghi", policy=two_step_policy(), fields=FIELDS, **extra
    )


def names(page) -> dict[str, str]:
    """Field label → form field name (Wagtail's clean name)."""
    return {field.label: field.clean_name for field in page.get_form_fields()}


def content_name(page) -> str:
    return names(page)["Nội dung đề nghị"]


def submit(page, user, text: str = "Đề nghị cấp 5 ram giấy A4.") -> Submission:
    return submission_create(page=page, requester=user, cleaned_data={content_name(page): text})


def login(user, *, mfa: bool = False) -> Client:
    """A client of its own for ``user``; approvers get a TOTP device so MFA lets them in."""
    client = Client()
    if mfa:
        return login_with_mfa(client, user)
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()
