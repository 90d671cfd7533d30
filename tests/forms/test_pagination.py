import pytest

from forms.services import submission_create
from tests.factories import approval_form, two_step_policy

pytestmark = pytest.mark.django_db


def test_my_submissions_are_paged_25_at_a_time(client, org):
    page = approval_form(title="Giấy đề nghị", slug="giay-de-nghi", policy=two_step_policy())
    for _ in range(27):
        submission_create(page=page, requester=org["chuyenvien"], cleaned_data={})
    client.force_login(org["chuyenvien"])
    first = client.get("/bieu-mau/don-cua-toi/")
    assert first.status_code == 200
    assert len(first.context["submissions"]) == 25
    assert "Trang 1/2" in first.content.decode()
    second = client.get("/bieu-mau/don-cua-toi/?page=2&status=pending")
    assert len(second.context["submissions"]) == 2
    # A nonsense page number shows the last page instead of an error.
    assert client.get("/bieu-mau/don-cua-toi/?page=abc").status_code == 200
