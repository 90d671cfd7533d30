"""Lịch vắng mặt: who may see which units, the month's days, half days and navigation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from forms.leave.away import may_see_away
from forms.leave.cancellation import leave_cancel
from forms.models import Submission
from forms.signals import submission_changed_send
from portal.org import roles
from tests.factories import UserFactory, add_to_role, login_with_mfa
from tests.forms.leave.support import apply, grant

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = reverse("leave:away")
THU_3 = datetime.date(2026, 12, 3)
FRI_4 = datetime.date(2026, 12, 4)
MON_7 = datetime.date(2026, 12, 7)
TUE_8 = datetime.date(2026, 12, 8)


@pytest.fixture(autouse=True)
def _monday_30_november(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=HCM), tick=False)


@pytest.fixture
def mfa_client(client):
    """A test client whose users have TOTP set up, so the MFA middleware lets them in."""

    def login(user):
        return login_with_mfa(client, user)

    return login


def approved(page, user, start, end=None, **kwargs) -> Submission:
    """A leave filed through the form, then approved without walking the chain (fast)."""
    submission = apply(page, user, start, end, **kwargs)
    submission.status = Submission.Status.APPROVED
    submission.save(update_fields=["status"])
    submission_changed_send(submission)
    return submission


def away_names(response, day: datetime.date) -> list[str]:
    entry = next(d for d in response.context["days"] if d["date"] == day)
    return sorted(item["leave"].user.username for item in entry["away"])


def all_names(response) -> set[str]:
    return {item["leave"].user.username for d in response.context["days"] for item in d["away"]}


@pytest.fixture
def december(org, leave_page):
    """Approved leaves in three units, one still pending, one cancelled before it starts."""
    return {
        "cn": approved(leave_page, org["chuyenvien"], THU_3, FRI_4),
        "kh": approved(leave_page, org["chuyenvien_kh"], THU_3),
        "tt_th": approved(leave_page, org["vienchuc"], MON_7),
        "pending": apply(leave_page, org["phophong"], THU_3),
        "cancelled": leave_cancel(
            submission=approved(leave_page, org["chuyenvien_kh"], TUE_8),
            user=org["chuyenvien_kh"],
        ),
    }


def test_unit_head_sees_own_unit_only(org, december, mfa_client):
    response = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12"})

    assert response.status_code == 200
    assert all_names(response) == {"chuyenvien"}
    assert away_names(response, THU_3) == ["chuyenvien"]


def test_deputy_sees_own_unit_too(org, december, mfa_client):
    response = mfa_client(org["phophong"]).get(URL, {"thang": "2026-12"})

    assert all_names(response) == {"chuyenvien"}


def test_centre_head_sees_the_units_under_the_centre(org, december, mfa_client):
    response = mfa_client(org["giamdoc_tt"]).get(URL, {"thang": "2026-12"})

    assert all_names(response) == {"vienchuc"}
    assert away_names(response, MON_7) == ["vienchuc"]


def test_centre_head_may_filter_its_own_division(org, december, mfa_client):
    client = mfa_client(org["giamdoc_tt"])

    response = client.get(URL, {"thang": "2026-12", "don_vi": "TTKC-TH"})

    labels = [label for _unit, label in response.context["units"]]
    assert labels == ["Trung tâm Khuyến công", "— Phòng Tổng hợp"]
    assert response.context["chosen"] == org["tt_th"]
    assert all_names(response) == {"vienchuc"}


def test_director_heads_the_root_so_sees_every_unit(org, december, mfa_client):
    response = mfa_client(org["giamdoc"]).get(URL, {"thang": "2026-12"})

    assert all_names(response) == {"chuyenvien", "chuyenvien_kh", "vienchuc"}


def test_office_member_sees_all_units_and_may_filter_one(org, december, mfa_client):
    clerk = org["chuyenvien_kh"]
    add_to_role(clerk, roles.OFFICE)
    client = mfa_client(clerk)

    everyone = client.get(URL, {"thang": "2026-12"})
    centre = client.get(URL, {"thang": "2026-12", "don_vi": "TTKC"})
    division = client.get(URL, {"thang": "2026-12", "don_vi": "QLCN"})

    assert all_names(everyone) == {"chuyenvien", "chuyenvien_kh", "vienchuc"}
    assert all_names(centre) == {"vienchuc"}  # the centre with its own phòng
    assert all_names(division) == {"chuyenvien"}
    options = [unit.code for unit, _label in everyone.context["units"]]
    assert options[0] == "SCT" and set(options) == {"SCT", "VP", "QLCN", "KHTC", "TTKC", "TTKC-TH"}
    assert options.index("TTKC-TH") == options.index("TTKC") + 1  # a tree: children follow
    assert "don_vi=TTKC" in centre.content.decode()  # month links keep the filter


def test_head_cannot_filter_a_unit_outside_his_own(org, december, mfa_client):
    response = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12", "don_vi": "KHTC"})

    assert response.context["chosen"] is None
    assert all_names(response) == {"chuyenvien"}


def test_superuser_sees_every_unit(org, december, mfa_client):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)

    response = mfa_client(admin).get(URL, {"thang": "2026-12"})

    assert all_names(response) == {"chuyenvien", "chuyenvien_kh", "vienchuc"}


def test_staff_member_gets_a_friendly_403(org, december, client):
    client.force_login(org["chuyenvien"])

    response = client.get(URL)

    assert response.status_code == 403
    assert "Bạn không xem được lịch vắng mặt" in response.content.decode()
    assert "days" not in response.context


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_pending_and_cancelled_leaves_are_not_shown(org, december, mfa_client):
    response = mfa_client(org["giamdoc"]).get(URL, {"thang": "2026-12"})

    assert "phophong" not in all_names(response)
    assert away_names(response, TUE_8) == []


def test_only_working_days_are_listed_and_a_weekday_holiday_is_named(org, mfa_client):
    client = mfa_client(org["truongphong"])

    december = client.get(URL, {"thang": "2026-12"}).context["days"]
    september = client.get(URL, {"thang": "2026-09"}).context["days"]

    assert all(d["date"].weekday() < 5 for d in december)
    assert len(december) == 23 and december[0]["date"] == datetime.date(2026, 12, 1)
    national_day = next(d for d in september if d["date"] == datetime.date(2026, 9, 2))
    assert national_day["off"]  # Quốc khánh, by name, with nobody listed as away


def test_a_leave_over_a_weekend_shows_on_working_days_only(org, leave_page, mfa_client):
    approved(leave_page, org["chuyenvien"], FRI_4, MON_7)

    response = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12"})

    days_away = [d["date"] for d in response.context["days"] if d["away"]]
    assert days_away == [FRI_4, MON_7]


def test_half_days_are_marked_morning_or_afternoon(org, leave_page, mfa_client):
    approved(
        leave_page,
        org["chuyenvien"],
        MON_7,
        TUE_8,
        start_session="afternoon",
        end_session="morning",
    )

    response = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12"})

    by_day = {d["date"]: d["away"] for d in response.context["days"] if d["away"]}
    assert [item["part"] for item in by_day[MON_7]] == ["afternoon"]
    assert [item["part"] for item in by_day[TUE_8]] == ["morning"]
    html = response.content.decode()
    assert "Chỉ buổi chiều" in html and "Chỉ buổi sáng" in html


def test_month_defaults_to_this_month_and_links_to_its_neighbours(org, december, mfa_client):
    client = mfa_client(org["truongphong"])

    default = client.get(URL)
    december = client.get(URL, {"thang": "2026-12"})
    nonsense = client.get(URL, {"thang": "2026-13"})

    assert default.context["first"] == datetime.date(2026, 11, 1)
    assert nonsense.context["first"] == datetime.date(2026, 11, 1)
    html = december.content.decode()
    assert "Lịch vắng mặt tháng 12/2026" in html
    assert "?thang=2026-11" in html and "?thang=2027-01" in html
    assert 'datetime="2026-12-03"' in html


def test_a_month_with_nobody_away_says_so(org, december, mfa_client):
    response = mfa_client(org["truongphong"]).get(URL, {"thang": "2027-01"})

    assert response.context["people"] == 0
    assert "Không có ai nghỉ trong tháng 01/2027." in response.content.decode()


def test_days_show_dates_as_day_month_year(org, december, mfa_client):
    html = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12"}).content.decode()

    assert "03/12/2026" in html and "từ <time" in html


def test_name_links_to_the_submission_for_an_approver(org, leave_page, mfa_client):
    submission = grant(apply(leave_page, org["chuyenvien"], THU_3, start_session="afternoon"))
    assert submission.status == Submission.Status.APPROVED

    html = mfa_client(org["truongphong"]).get(URL, {"thang": "2026-12"}).content.decode()

    assert reverse("forms:submission_detail", args=[submission.pk]) in html


def test_name_is_not_a_dead_link_for_whom_the_submission_is_hidden(org, leave_page, mfa_client):
    submission = approved(leave_page, org["vienchuc"], THU_3)
    clerk = org["chuyenvien_kh"]
    add_to_role(clerk, roles.OFFICE)

    html = mfa_client(clerk).get(URL, {"thang": "2026-12"}).content.decode()

    assert reverse("forms:submission_detail", args=[submission.pk]) not in html
    assert submission.requester.get_full_name() in html


def test_menu_shows_the_calendar_only_to_those_who_may_open_it(org, mfa_client, client):
    head = mfa_client(org["truongphong"]).get(reverse("forms:index")).content.decode()
    client.force_login(org["chuyenvien"])
    staff = client.get(reverse("forms:index")).content.decode()

    assert f'href="{URL}"' in head and "Lịch vắng mặt" in head
    assert f'href="{URL}"' not in staff


def test_menu_check_costs_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert may_see_away(user=org["phophong"]) is True
    with django_assert_num_queries(1):
        assert may_see_away(user=org["chuyenvien"]) is False
