"""Leave in the Wagtail admin: leave types, Cài đặt nghỉ phép and the Sổ ngày phép.

Organisation: tests/factories.small_organisation (everyone started on 01/01/2015, so 14 days
in 2026); today is Monday 23/11/2026 (tests/forms/leave/conftest.py).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms.leave.ledger import leave_balance
from forms.leave.ledger_selectors import balances_for
from forms.leave.models import Leave, LeaveSettings, LeaveType, LedgerEntry
from portal.org.models import Membership
from tests.factories import UserFactory, login_with_mfa, member
from tests.forms.leave.support import apply, grant

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
FRIDAY = datetime.date(2026, 12, 4)
NEXT_TUESDAY = datetime.date(2026, 12, 8)
NEXT_WEDNESDAY = datetime.date(2026, 12, 9)

LEDGER = "/admin/nghi-phep/so-phep/"
TYPES = "/admin/snippets/leave/leavetype/"


@pytest.fixture
def login(client):
    """Logs a user in with TOTP set up, so the MFA middleware lets administrators through."""

    def log_in(user):
        return login_with_mfa(client, user)

    return log_in


@pytest.fixture
def superuser(org):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


def admin_user(username, *codenames):
    """A Wagtail admin user holding the given permissions (app label "leave" unless dotted)."""
    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="leave", codename=codename)
        )
    return user


def person_url(user, year=2026):
    return reverse("leave_ledger_person", args=[user.pk]) + f"?year={year}"


def row_figures(html: str, username: str) -> dict[str, str]:
    row = re.search(rf'<tr data-user="{username}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {username}"
    return _figures(row.group(1))


def _figures(html: str) -> dict[str, str]:
    found = re.findall(r'data-figure="(\w+)"[^>]*>(?:<strong[^>]*>)?\s*([^<\s]+)', html)
    return dict(found)


# Access


def test_superuser_opens_the_ledger_of_the_year(org, login, superuser):
    response = login(superuser).get(LEDGER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sổ ngày phép" in html
    assert "Năm 2026" in html
    for username in ("giamdoc", "chuyenvien", "vienchuc"):
        assert f'data-user="{username}"' in html


def test_staff_without_admin_access_are_sent_to_the_login_page(org, client):
    person = org["chuyenvien"]
    client.force_login(person)
    for url in (LEDGER, person_url(person)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    client.post(person_url(person), {"year": 2026, "days": "5", "note": "Tự cộng"})
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.ADJUSTMENT).exists()


def test_admin_users_without_a_ledger_permission_are_turned_away(org, login):
    other_admin = admin_user("bientap")
    client = login(other_admin)
    for url in (LEDGER, person_url(org["chuyenvien"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    client.post(person_url(org["chuyenvien"]), {"year": 2026, "days": "5", "note": "x"})
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.ADJUSTMENT).exists()


def test_view_permission_shows_the_ledger_without_the_adjustment_form(org, login):
    client = login(admin_user("xemso", "view_ledgerentry"))
    assert client.get(LEDGER).status_code == 200
    response = client.get(person_url(org["chuyenvien"]))
    assert response.status_code == 200
    assert "Ghi điều chỉnh" not in response.content.decode()
    response = client.post(person_url(org["chuyenvien"]), {"days": "2", "note": "Thử"})
    assert response.status_code == 302
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.ADJUSTMENT).exists()


def test_add_permission_lets_an_officer_adjust(org, login):
    officer = admin_user("tccb", "add_ledgerentry")
    response = login(officer).post(
        person_url(org["chuyenvien"]), {"days": "1", "note": "Bù ngày trực Tết"}
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.ADJUSTMENT)
    assert entry.created_by == officer


def test_the_leave_menu_lists_the_ledger_and_the_settings(org, login, superuser):
    html = login(superuser).get(reverse("wagtailadmin_home")).content.decode()
    assert "leave-ledger" in html
    assert LEDGER in html
    assert "leave-settings" in html


def test_the_ledger_menu_item_is_hidden_from_admins_without_permission(org, login):
    html = login(admin_user("bientap")).get(reverse("wagtailadmin_home")).content.decode()
    assert "leave-ledger" not in html


# Figures


def test_ledger_row_shows_a_reservation_and_a_deduction(org, login, superuser, leave_page):
    person = org["chuyenvien"]
    grant(apply(leave_page, person, NEXT_TUESDAY, NEXT_WEDNESDAY))  # 2 days, approved
    apply(leave_page, person, FRIDAY)  # 1 day, waiting
    html = login(superuser).get(LEDGER).content.decode()
    assert row_figures(html, "chuyenvien") == {
        "entitlement": "14",
        "adjustments": "0",
        "used": "2",
        "pending": "1",
        "available": "11",
    }
    assert row_figures(html, "phophong")["available"] == "14"


def test_person_page_lists_every_entry_of_the_year_with_its_request(
    org, login, superuser, leave_page
):
    person = org["chuyenvien"]
    granted = grant(apply(leave_page, person, NEXT_TUESDAY, NEXT_WEDNESDAY))
    waiting = apply(leave_page, person, FRIDAY)
    response = login(superuser).get(person_url(person))
    html = response.content.decode()
    assert _figures(html)["available"] == "11"
    kinds = re.findall(r'<tr data-kind="(\w+)">', html)
    assert kinds == ["allocation", "reservation", "release", "deduction", "reservation"]
    assert reverse("forms:submission_detail", args=[granted.pk]) in html
    assert reverse("forms:submission_detail", args=[waiting.pk]) in html
    assert "\u22122" in html  # the deduction, with a real minus sign
    assert "12 ngày + 2 ngày thâm niên (đủ 10 năm công tác)" in html


def test_overview_figures_are_those_of_leave_balance(org, leave_page):
    grant(apply(leave_page, org["chuyenvien"], NEXT_TUESDAY, NEXT_WEDNESDAY))
    apply(leave_page, org["phophong"], FRIDAY)
    Membership.objects.filter(user=org["vienchuc"]).update(start_date=datetime.date(2024, 5, 1))
    LedgerEntry.objects.create(
        user=org["giamdoc"], year=2026, kind=LedgerEntry.Kind.ADJUSTMENT, days=Decimal("-1.5")
    )
    LeaveSettings.objects.update_or_create(defaults={"annual_days": Decimal(13)})
    users = [org[name] for name in ("chuyenvien", "phophong", "vienchuc", "giamdoc", "pgd1")]
    computed = balances_for(user_ids=[u.pk for u in users], year=2026)
    for user in users:
        assert computed[user.pk] == leave_balance(user=user, year=2026), user.username


def test_overview_queries_do_not_grow_with_the_number_of_people(org, login, superuser):
    client = login(superuser)
    client.get(LEDGER)  # warm up: session, settings, permissions
    with CaptureQueriesContext(connection) as few:
        client.get(LEDGER)
    for n in range(15):
        user = member(org["kh"], Membership.objects.first().position, f"them{n}")
        LedgerEntry.objects.create(
            user=user, year=2026, kind=LedgerEntry.Kind.ADJUSTMENT, days=Decimal(1)
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(LEDGER).content.decode()
    assert 'data-user="them14"' in html
    assert len(many) == len(few)


def test_unit_filter_keeps_the_unit_and_its_sub_units(org, login, superuser):
    html = login(superuser).get(LEDGER, {"unit": org["tt"].pk}).content.decode()
    assert 'data-user="giamdoc_tt"' in html
    assert 'data-user="vienchuc"' in html  # Phòng Tổng hợp of the Trung tâm
    assert 'data-user="chuyenvien"' not in html


def test_year_is_read_from_the_query(org, login, superuser):
    LedgerEntry.objects.create(
        user=org["chuyenvien"], year=2025, kind=LedgerEntry.Kind.ADJUSTMENT, days=Decimal(2)
    )
    html = login(superuser).get(LEDGER, {"year": 2025}).content.decode()
    assert "Năm 2025" in html
    assert row_figures(html, "chuyenvien")["adjustments"] == "+2"
    assert row_figures(html, "chuyenvien")["entitlement"] == "14"  # 10 full years by 1/1/2025


# Adjustments


def test_adding_an_adjustment_changes_available_and_records_who_added_it(org, login, superuser):
    person = org["chuyenvien"]
    client = login(superuser)
    response = client.post(
        person_url(person), {"year": 2026, "days": "3", "note": "Chuyển phép năm 2025"}
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(user=person, kind=LedgerEntry.Kind.ADJUSTMENT)
    assert (entry.year, entry.days, entry.note) == (2026, Decimal(3), "Chuyển phép năm 2025")
    assert entry.created_by == superuser
    assert leave_balance(user=person, year=2026).available == Decimal(17)
    html = client.get(response["Location"]).content.decode()
    assert "Đã ghi điều chỉnh +3 ngày vào sổ phép năm 2026" in html
    assert _figures(html)["available"] == "17"


def test_a_negative_adjustment_with_a_decimal_comma_takes_days_away(org, login, superuser):
    person = org["chuyenvien"]
    login(superuser).post(person_url(person), {"days": "-1,5", "note": "Điều chỉnh giảm"})
    assert leave_balance(user=person, year=2026).adjustments == Decimal("-1.5")
    assert leave_balance(user=person, year=2026).available == Decimal("12.5")


def test_adjustment_goes_to_the_year_being_viewed(org, login, superuser):
    person = org["chuyenvien"]
    login(superuser).post(person_url(person, 2025), {"days": "2", "note": "Bổ sung"})
    assert LedgerEntry.objects.get(kind=LedgerEntry.Kind.ADJUSTMENT).year == 2025


def test_adjustment_without_a_note_is_refused_in_vietnamese(org, login, superuser):
    response = login(superuser).post(person_url(org["chuyenvien"]), {"days": "2", "note": "  "})
    assert response.status_code == 200
    assert "Hãy ghi lý do điều chỉnh." in response.content.decode()
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.ADJUSTMENT).exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("0", "Số ngày điều chỉnh phải khác 0."),
        ("0,3", "Số ngày tính theo nửa ngày"),
        ("", "Hãy nhập số ngày điều chỉnh."),
    ],
)
def test_adjustment_days_must_be_a_non_zero_number_of_half_days(
    org, login, superuser, days, message
):
    response = login(superuser).post(person_url(org["chuyenvien"]), {"days": days, "note": "x"})
    assert message in response.content.decode()
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.ADJUSTMENT).exists()


def test_unknown_person_is_not_found(org, login, superuser):
    assert login(superuser).get("/admin/nghi-phep/so-phep/999999/").status_code == 404


# Leave types


def test_leave_types_are_listed_in_order_with_their_rules(org, login, superuser):
    html = login(superuser).get(TYPES).content.decode()
    names = ["Nghỉ phép năm", "bản thân kết hôn", "con kết hôn", "Nghỉ không hưởng lương"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Không giới hạn" in html
    assert "3 ngày" in html
    assert "Trừ vào phép năm" in html
    assert "Cần giấy tờ" in html


def test_leave_types_can_be_searched_by_code(org, login, superuser):
    html = login(superuser).get(TYPES, {"q": "sick"}).content.decode()
    assert "Nghỉ ốm" in html
    assert "Nghỉ phép năm" not in html


def test_deleting_a_leave_type_in_use_is_refused_with_an_explanation(
    org, login, superuser, leave_page
):
    apply(leave_page, org["chuyenvien"], FRIDAY)
    annual = LeaveType.objects.get(code="annual")
    client = login(superuser)
    delete_url = reverse(LeaveType.snippet_viewset.get_url_name("delete"), args=[annual.pk])
    edit_url = reverse(LeaveType.snippet_viewset.get_url_name("edit"), args=[annual.pk])
    for method in (client.get, client.post):
        response = method(delete_url)
        assert response.status_code == 302
        assert response["Location"] == edit_url
    assert LeaveType.objects.filter(pk=annual.pk).exists()
    html = client.get(edit_url).content.decode()
    assert "Không xóa được loại nghỉ “Nghỉ phép năm” vì đã có đơn nghỉ dùng loại này." in html
    assert "bỏ chọn “Đang dùng”" in html


def test_bulk_deleting_leave_types_in_use_is_refused(org, login, superuser, leave_page):
    apply(leave_page, org["chuyenvien"], FRIDAY)
    annual = LeaveType.objects.get(code="annual")
    sick = LeaveType.objects.get(code="sick")
    url = reverse("wagtail_bulk_action", args=["leave", "leavetype", "delete"])
    response = login(superuser).post(f"{url}?id={annual.pk}&id={sick.pk}")
    assert response.status_code == 302
    assert LeaveType.objects.filter(pk__in=[annual.pk, sick.pk]).count() == 2


def test_an_unused_leave_type_can_be_deleted(org, login, superuser):
    spare = LeaveType.objects.create(code="thu-nghiem", name="Loại thử nghiệm")
    url = reverse(LeaveType.snippet_viewset.get_url_name("delete"), args=[spare.pk])
    response = login(superuser).post(url)
    assert response.status_code == 302
    assert not LeaveType.objects.filter(pk=spare.pk).exists()
    assert Leave.objects.count() == 0


def test_a_leave_type_can_be_stopped_instead_of_deleted(org, login, superuser):
    from forms.leave.selectors import leave_type_choices

    marriage = LeaveType.objects.get(code="marriage")
    url = reverse(LeaveType.snippet_viewset.get_url_name("edit"), args=[marriage.pk])
    data = {
        "name": marriage.name,
        "code": marriage.code,
        "uses_balance": "",
        "paid": "on",
        "max_days": "3",
        "requires_attachment": "",
        "sort_order": "20",
        "is_active": "",
    }
    response = login(superuser).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    marriage.refresh_from_db()
    assert not marriage.is_active
    assert "marriage" not in dict(leave_type_choices())


# Settings


def test_leave_settings_are_edited_under_settings(org, login, superuser):
    url = reverse("wagtailsettings:edit", args=["leave", "leavesettings"])
    client = login(superuser)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "Cài đặt nghỉ phép" in response.content.decode()
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(
        edit_url, {"annual_days": "12", "seniority_years": "5", "negative_allowance": "2"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert LeaveSettings.load().negative_allowance == Decimal(2)
    html = client.get(LEDGER).content.decode()
    assert "Được nghỉ trước tối đa 2 ngày khi đã hết phép." in html
