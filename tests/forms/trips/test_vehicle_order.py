"""Lệnh điều xe: Văn phòng records the car and driver of an approved trip that asked for one."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from forms.trips.models import VehicleOrder
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import UserFactory, login_with_mfa
from tests.forms.leave.support import grant
from tests.forms.trips.support import request_trip

pytestmark = pytest.mark.django_db

THURSDAY = datetime.date(2026, 11, 26)
FRIDAY = datetime.date(2026, 11, 27)
ORDER = {
    "number": "125/LĐX-VP",
    "vehicle": "15a-123.45",
    "driver": "  Nguyễn   Văn Tài ",
    "note": "Đón tại cổng Sở lúc 06:30",
}


@pytest.fixture
def login(client):
    """Log ``user`` in; approvers and Văn phòng get a TOTP device first, as MFA requires."""

    def as_user(user):
        return login_with_mfa(client, user)

    return as_user


@pytest.fixture
def trip(org, trip_page):
    """chuyenvien's approved trip to Hà Nội, with the office car."""
    return grant(request_trip(trip_page, org["chuyenvien"], THURSDAY, FRIDAY, vehicle="on"))


def url(submission) -> str:
    return reverse("trips:vehicle_order", args=[submission.pk])


def test_the_address(trip):
    assert url(trip) == f"/cong-tac/{trip.pk}/lenh-dieu-xe/"


def test_office_records_the_order_and_the_requester_is_told(org, trip, login):
    client = login(org["chanhvp"])

    page = client.get(url(trip))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ghi lệnh điều xe" in html and "Hà Nội" in html and "26/11/2026" in html

    response = client.post(url(trip), ORDER)

    assert response.status_code == 302
    order = VehicleOrder.objects.get(trip__submission=trip)
    assert (order.number, order.vehicle, order.driver, order.recorded_by) == (
        "125/LĐX-VP",
        "15A-123.45",
        "Nguyễn Văn Tài",
        org["chanhvp"],
    )
    told = Notification.objects.get(user=org["chuyenvien"], title__startswith="Đã bố trí xe")
    assert told.title.startswith("Đã bố trí xe: 15A-123.45, lái xe Nguyễn Văn Tài — ")
    assert "125/LĐX-VP" in told.body and "06:30" in told.body
    assert told.url == reverse("forms:submission_detail", args=[trip.pk])


def test_the_order_is_one_per_trip_and_editable(org, trip, login):
    client = login(org["chanhvp"])
    client.post(url(trip), ORDER)

    assert "Sửa lệnh điều xe" in client.get(url(trip)).content.decode()
    client.post(url(trip), {**ORDER, "driver": "Trần Văn Lộc"})

    order = VehicleOrder.objects.get()
    assert order.driver == "Trần Văn Lộc"
    titles = list(
        Notification.objects.filter(user=org["chuyenvien"], title__startswith="Đã bố trí xe")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert len(titles) == 2 and "(đã sửa)" in titles[1] and "Trần Văn Lộc" in titles[1]


def test_saving_the_same_order_again_tells_nobody(org, trip, login):
    client = login(org["chanhvp"])
    client.post(url(trip), ORDER)
    before = Notification.objects.filter(user=org["chuyenvien"]).count()

    client.post(url(trip), ORDER)

    assert Notification.objects.filter(user=org["chuyenvien"]).count() == before


def test_a_superuser_may_record_the_order(org, trip, login):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    assert login(admin).post(url(trip), ORDER).status_code == 302
    assert VehicleOrder.objects.get().recorded_by == admin


@pytest.mark.parametrize("username", ["chuyenvien", "truongphong", "pgd1", "giamdoc"])
def test_anyone_else_gets_404(org, trip, login, username):
    client = login(org[username])
    assert client.get(url(trip)).status_code == 404
    assert client.post(url(trip), ORDER).status_code == 404
    assert not VehicleOrder.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, trip):
    response = client.get(url(trip))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_only_approved_trips_with_the_car_take_an_order(org, trip_page, login):
    pending = request_trip(trip_page, org["chuyenvien"], THURSDAY, vehicle="on")
    no_car = grant(request_trip(trip_page, org["phophong"], THURSDAY))
    client = login(org["chanhvp"])

    assert client.get(url(pending)).status_code == 404
    assert client.get(url(no_car)).status_code == 404
    assert client.get(reverse("trips:vehicle_order", args=[999999])).status_code == 404


def test_missing_car_and_driver_are_refused_in_vietnamese(org, trip, login):
    response = login(org["chanhvp"]).post(url(trip), {"number": "", "vehicle": " ", "driver": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["vehicle"] == ["Hãy nhập biển số xe."]
    assert errors["driver"] == ["Hãy nhập họ tên lái xe."]
    assert "Chưa gửi được, vui lòng kiểm tra lại" in response.content.decode()
    assert not VehicleOrder.objects.exists()


def test_the_trip_page_shows_the_order_and_the_button_to_office(org, trip, trip_page, login):
    # Văn phòng reads every trip (as the demo page sets it up).
    trip_page.viewer_groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.OFFICE]))
    trip_page.save_revision().publish()
    detail = reverse("forms:submission_detail", args=[trip.pk])
    office = login(org["chanhvp"])

    html = office.get(detail).content.decode()
    assert "Chờ Văn phòng bố trí xe" in html
    assert f'href="{url(trip)}"' in html and "Ghi lệnh điều xe" in html

    response = office.post(url(trip), ORDER)
    assert response.status_code == 302 and response.url == detail
    html = office.get(detail).content.decode()
    assert "15A-123.45 — Nguyễn Văn Tài" in html and "Sửa lệnh điều xe" in html

    mine = login(org["chuyenvien"]).get(detail).content.decode()
    assert "15A-123.45 — Nguyễn Văn Tài" in mine
    assert url(trip) not in mine


def test_without_access_to_the_trip_page_office_comes_back_to_the_order(org, trip, login):
    response = login(org["chanhvp"]).post(url(trip), ORDER)
    assert response.url == url(trip)
