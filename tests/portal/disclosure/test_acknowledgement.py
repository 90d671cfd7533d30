"""“Tôi đã đọc”: one record per person, and Văn phòng's statistics per unit."""

import pytest
from django.urls import reverse

from portal.disclosure.models import Acknowledgement, Audience
from portal.org import roles
from tests.factories import add_to_role

from .conftest import publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(board):
    return publish_item(
        board,
        title="Quy chế chi tiêu nội bộ",
        audience=Audience.INTERNAL,
        requires_acknowledgement=True,
    )


def _ack(client, item):
    return client.post(reverse("disclosure:acknowledge", args=[item.pk]))


def test_acknowledging_twice_keeps_one_record_with_the_first_time(client, item, org):
    client.force_login(org["chuyenvien"])
    assert _ack(client, item).status_code == 302
    first = Acknowledgement.objects.get(page=item, user=org["chuyenvien"]).read_at
    response = _ack(client, item)
    assert response["Location"] == item.url
    assert Acknowledgement.objects.filter(page=item).count() == 1
    assert Acknowledgement.objects.get(page=item).read_at == first
    assert "Bạn đã xác nhận đọc lúc" in client.get(item.url).text


def test_acknowledging_needs_login_and_post(client, item, org):
    response = _ack(client, item)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(org["chuyenvien"])
    assert client.get(reverse("disclosure:acknowledge", args=[item.pk])).status_code == 405
    assert not Acknowledgement.objects.exists()


def test_acknowledging_needs_the_csrf_token(item, org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org["chuyenvien"])
    assert _ack(strict, item).status_code == 403
    page = strict.get(item.url).text
    assert "Tôi đã đọc" in page and "csrfmiddlewaretoken" in page


def test_an_item_without_the_flag_cannot_be_acknowledged(client, board, org):
    plain = publish_item(board, audience=Audience.INTERNAL)
    client.force_login(org["chuyenvien"])
    _ack(client, plain)
    assert not Acknowledgement.objects.exists()


def _office(org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    return org["chanhvp"]


def test_statistics_show_who_has_and_has_not_read_per_unit(mfa_login, item, org):
    for username in ("chuyenvien", "truongphong", "vienchuc"):
        Acknowledgement.objects.create(page=item, user=org[username])
    client = mfa_login(_office(org))
    response = client.get(reverse("disclosure:stats_item", args=[item.pk]))
    assert response.status_code == 200
    groups = {g.unit.code: g for g in response.context["groups"] if g.unit}
    assert {u.username for u, _when in groups["QLCN"].read} == {"chuyenvien", "truongphong"}
    assert [u.username for u in groups["QLCN"].unread] == ["phophong"]
    assert [u.username for u in groups["KHTC"].unread] == ["chuyenvien_kh"]
    assert len(groups["TTKC-TH"].read) == 1 and not groups["TTKC-TH"].unread
    assert response.context["read_count"] == 3
    assert response.context["total"] == 10  # every active member of the small organisation
    assert "3 / 10 người đã xác nhận đọc." in response.text
    index = client.get(reverse("disclosure:stats"))
    assert index.status_code == 200
    assert index.context["rows"] == [(item, 3, 10, 7)]


@pytest.mark.parametrize("username", ["chuyenvien", "truongphong", "giamdoc"])
def test_statistics_are_refused_to_anyone_but_the_office(mfa_login, item, org, username):
    client = mfa_login(org[username])
    assert client.get(reverse("disclosure:stats")).status_code == 403
    assert client.get(reverse("disclosure:stats_item", args=[item.pk])).status_code == 403


def test_statistics_ask_anonymous_visitors_to_log_in(client, item):
    response = client.get(reverse("disclosure:stats"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
