"""Ngày phép của tôi (/nghi-phep/so-phep/): a person's own figures and ledger, by year.

Organisation: tests/factories.small_organisation (everyone started on 01/01/2015); today is
Monday 23/11/2026 (tests/forms/leave/conftest.py).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from forms.leave.models import LeaveSettings, LedgerEntry
from portal.org.models import Membership
from tests.forms.leave.support import apply, grant

pytestmark = pytest.mark.django_db

URL = "/nghi-phep/so-phep/"
FRIDAY = datetime.date(2026, 12, 4)
NEXT_TUESDAY = datetime.date(2026, 12, 8)
NEXT_WEDNESDAY = datetime.date(2026, 12, 9)


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)">\s*([^<\s]+)', html))


def page(client, user, **query) -> str:
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def adjust(user, days, note, year=2026):
    return LedgerEntry.objects.create(
        user=user, year=year, kind=LedgerEntry.Kind.ADJUSTMENT, days=Decimal(days), note=note
    )


def test_the_address_is_named_leave_balance():
    assert reverse("leave:balance") == URL


def test_visitors_must_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_shows_this_years_figures_with_the_seniority_explained(client, org, leave_page):
    person = org["chuyenvien"]
    Membership.objects.filter(user=person).update(start_date=datetime.date(2020, 6, 1))
    grant(apply(leave_page, person, NEXT_TUESDAY, NEXT_WEDNESDAY))
    apply(leave_page, person, FRIDAY)
    adjust(person, "1.5", "Chuyển phép năm 2025")
    html = page(client, person)
    assert "Ngày phép của tôi" in html
    assert "Ngày phép năm 2026" in html
    assert figures(html) == {
        "entitlement": "13",
        "adjustments": "+1,5",
        "used": "2",
        "pending": "1",
        "available": "11,5",
    }
    assert "12 ngày + 1 ngày thâm niên (đủ 5 năm công tác)" in html
    assert "01/06/2020" in html


def test_without_seniority_the_entitlement_is_the_base_days(client, org):
    person = org["chuyenvien"]
    Membership.objects.filter(user=person).update(start_date=datetime.date(2024, 3, 1))
    html = page(client, person)
    assert figures(html)["entitlement"] == "12"
    assert "thâm niên (đủ" not in html


def test_lists_the_persons_entries_with_links_to_their_requests(client, org, leave_page):
    person = org["chuyenvien"]
    granted = grant(apply(leave_page, person, NEXT_TUESDAY, NEXT_WEDNESDAY))
    adjust(person, "-1", "Điều chỉnh giảm")
    html = page(client, person)
    kinds = re.findall(r'<tr data-kind="(\w+)">', html)
    assert kinds == ["allocation", "reservation", "release", "deduction", "adjustment"]
    assert reverse("forms:submission_detail", args=[granted.pk]) in html
    assert "\u22122" in html
    assert "Điều chỉnh giảm" in html
    assert "23/11/2026" in html  # the day the entries were written


def test_never_shows_another_persons_ledger(client, org, leave_page):
    person, colleague = org["chuyenvien"], org["phophong"]
    theirs = grant(apply(leave_page, colleague, NEXT_TUESDAY, NEXT_WEDNESDAY))
    adjust(colleague, "5", "Ghi chú riêng của người khác")
    mine = apply(leave_page, person, FRIDAY)
    html = page(client, person)
    assert reverse("forms:submission_detail", args=[mine.pk]) in html
    assert reverse("forms:submission_detail", args=[theirs.pk]) not in html
    assert "Ghi chú riêng của người khác" not in html
    assert figures(html)["adjustments"] == "0"
    assert figures(html)["used"] == "0"


def test_switching_year_shows_that_years_ledger(client, org):
    person = org["chuyenvien"]
    adjust(person, "3", "Chuyển phép năm 2024", year=2025)
    adjust(person, "1", "Bù ngày trực 2026", year=2026)
    html = page(client, person, nam=2025)
    assert "Ngày phép năm 2025" in html
    assert "Chuyển phép năm 2024" in html
    assert "Bù ngày trực 2026" not in html
    assert figures(html)["adjustments"] == "+3"
    assert figures(html)["available"] == "17"  # 14 (10 full years by 1/1/2025) + 3
    # The allocation, written when the year is first looked at, still heads the list.
    assert re.findall(r'<tr data-kind="(\w+)">', html) == ["allocation", "adjustment"]
    assert '<option value="2025" selected>' in html
    assert '<option value="2026">' in html


def test_previous_year_is_offered_even_without_entries(client, org):
    html = page(client, org["chuyenvien"])
    assert '<option value="2026" selected>' in html
    assert '<option value="2025">' in html


@pytest.mark.parametrize(("asked", "shown"), [("abc", 2026), ("1900", 2000), ("2300", 2027)])
def test_an_odd_year_falls_back_to_a_sensible_one(client, org, asked, shown):
    html = page(client, org["chuyenvien"], nam=asked)
    assert f"Ngày phép năm {shown}" in html


def test_links_to_the_leave_form_when_one_is_live(client, org, leave_page):
    html = page(client, org["chuyenvien"])
    assert f'href="{leave_page.url}"' in html
    assert "Lập đơn xin nghỉ phép" in html


def test_no_form_link_without_a_live_leave_form(client, org, leave_page):
    leave_page.unpublish()
    html = page(client, org["chuyenvien"])
    assert "Lập đơn xin nghỉ phép" not in html


def test_mentions_the_advance_allowance_when_set(client, org):
    LeaveSettings.objects.update_or_create(defaults={"negative_allowance": Decimal("2.5")})
    html = page(client, org["chuyenvien"])
    assert "Khi hết phép, bạn được nghỉ trước tối đa 2,5 ngày." in html
