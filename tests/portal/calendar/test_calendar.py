"""The working-day calendar: real 2026–2027 holidays, overrides, half days, office hours."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal

import holidays
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.calendar import cache as calendar_cache_module
from portal.calendar.cache import VERSION_KEY, CalendarCache
from portal.calendar.models import CalendarOverride, OfficeHoursSeason
from portal.calendar.services import (
    add_working_days,
    calendar_year,
    count_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    office_hours_on,
    working_days_between,
)
from tests.factories import UserFactory, login_with_mfa

pytestmark = pytest.mark.django_db

DAY_OFF = CalendarOverride.Kind.DAY_OFF
WORKING_DAY = CalendarOverride.Kind.WORKING_DAY

# What holidays 0.109 gives for Vietnam (language="vi"), checked by hand against the lunar
# calendar: Tết Bính Ngọ = 17/02/2026, Tết Đinh Mùi = 06/02/2027, 10/3 âm lịch = 26/04/2026
# (a Sunday, so Monday 27/04 is off in lieu) and 16/04/2027.
HOLIDAYS_2026 = {
    date(2026, 1, 1): "Tết Dương lịch",
    date(2026, 2, 16): "Giao thừa Tết Nguyên Đán",
    date(2026, 2, 17): "Tết Nguyên Đán",
    date(2026, 2, 18): "Mùng hai Tết Nguyên Đán",
    date(2026, 2, 19): "Mùng ba Tết Nguyên Đán",
    date(2026, 2, 20): "Mùng bốn Tết Nguyên Đán",
    date(2026, 4, 26): "Ngày Giỗ Tổ Hùng Vương",
    date(2026, 4, 27): "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
    date(2026, 4, 30): "Ngày Chiến thắng",
    date(2026, 5, 1): "Ngày Quốc tế Lao động",
    # The government swapped Saturday 22/08/2026 (worked) for Monday 31/08 (off).
    date(2026, 8, 31): "Ngày nghỉ (thay cho ngày 22/08/2026)",
    date(2026, 9, 1): "Quốc khánh",
    date(2026, 9, 2): "Quốc khánh",
    date(2026, 11, 24): "Ngày Văn hóa Việt Nam",
}
HOLIDAYS_2027 = {
    date(2027, 1, 1): "Tết Dương lịch",
    date(2027, 2, 4): "29 Tết",
    date(2027, 2, 5): "Giao thừa Tết Nguyên Đán",
    date(2027, 2, 6): "Tết Nguyên Đán",
    date(2027, 2, 7): "Mùng hai Tết Nguyên Đán",
    date(2027, 2, 8): "Mùng ba Tết Nguyên Đán",
    date(2027, 2, 9): "Mùng bốn Tết Nguyên Đán",
    date(2027, 2, 10): "Mùng năm Tết Nguyên Đán",
    date(2027, 4, 16): "Ngày Giỗ Tổ Hùng Vương",
    date(2027, 4, 30): "Ngày Chiến thắng",
    date(2027, 5, 1): "Ngày Quốc tế Lao động",
    date(2027, 5, 3): "Ngày Quốc tế Lao động (nghỉ bù)",
    date(2027, 9, 2): "Quốc khánh",
    date(2027, 9, 3): "Quốc khánh",
    date(2027, 11, 24): "Ngày Văn hóa Việt Nam",
}


def override(
    day: date, kind: str, reason: str = "Theo thông báo của UBND tỉnh"
) -> CalendarOverride:
    return CalendarOverride.objects.create(date=day, kind=kind, reason=reason)


# --- public holidays -------------------------------------------------------------------


@pytest.mark.parametrize("year,expected", [(2026, HOLIDAYS_2026), (2027, HOLIDAYS_2027)])
def test_the_package_gives_the_known_holidays(year, expected):
    package = holidays.country_holidays("VN", years=year, language="vi")
    assert dict(package) == expected
    for day, name in expected.items():
        assert holiday_name(day=day) == name
        assert not is_working_day(day=day)


def test_lunar_holidays_fall_on_the_known_dates():
    assert holiday_name(day=date(2026, 2, 17)) == "Tết Nguyên Đán"  # mùng 1 Tết Bính Ngọ
    assert holiday_name(day=date(2027, 2, 6)) == "Tết Nguyên Đán"  # mùng 1 Tết Đinh Mùi
    assert holiday_name(day=date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"  # 10/3 âm lịch
    assert date(2026, 4, 26).weekday() == 6
    assert not is_working_day(day=date(2026, 4, 27))  # Monday in lieu


def test_national_day_has_its_extra_day():
    assert [is_working_day(day=date(2026, 9, d)) for d in (1, 2, 3)] == [False, False, True]
    assert [is_working_day(day=date(2027, 9, d)) for d in (1, 2, 3)] == [True, False, False]


def test_weekends_are_off_and_have_no_name():
    saturday, sunday, monday = date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)
    assert not is_working_day(day=saturday)
    assert not is_working_day(day=sunday)
    assert is_working_day(day=monday)
    assert holiday_name(day=saturday) is None
    assert holiday_name(day=monday) is None


def test_the_government_swap_known_to_the_package_makes_a_saturday_a_working_day():
    assert date(2026, 8, 22).weekday() == 5
    assert is_working_day(day=date(2026, 8, 22))
    assert not is_working_day(day=date(2026, 8, 31))


def test_calendar_year_lists_holidays_swaps_and_overrides():
    override(date(2026, 2, 13), DAY_OFF, "Nghỉ thêm trước Tết")
    days = {item.day: item for item in calendar_year(year=2026)}
    assert set(HOLIDAYS_2026) <= set(days)
    assert days[date(2026, 8, 22)].is_working_day
    assert days[date(2026, 2, 13)].source == "override"
    assert not days[date(2026, 2, 13)].is_working_day
    assert list(days) == sorted(days)


# --- overrides -------------------------------------------------------------------------


def test_a_swapped_saturday_counts_as_a_working_day():
    saturday = date(2026, 1, 10)
    assert not is_working_day(day=saturday)
    override(saturday, WORKING_DAY, "Làm bù cho ngày 02/01/2026")
    assert is_working_day(day=saturday)
    assert holiday_name(day=saturday) is None
    assert add_working_days(start=date(2026, 1, 9), days=1) == saturday
    assert count_working_days(start_date=date(2026, 1, 9), end_date=date(2026, 1, 12)) == 3


def test_an_extra_day_off_does_not_count_and_is_named_by_its_reason():
    friday = date(2026, 1, 2)
    override(friday, DAY_OFF, "Nghỉ bù theo Thông báo số 01/TB-UBND")
    assert not is_working_day(day=friday)
    assert holiday_name(day=friday) == "Nghỉ bù theo Thông báo số 01/TB-UBND"
    assert add_working_days(start=date(2026, 1, 1), days=1) == date(2026, 1, 5)
    assert working_days_between(start=date(2025, 12, 31), end=date(2026, 1, 5)) == [
        date(2025, 12, 31),
        date(2026, 1, 5),
    ]


def test_an_override_beats_the_package():
    culture_day = date(2026, 11, 24)
    CalendarOverride(date=culture_day, kind=WORKING_DAY, reason="Tỉnh không nghỉ").save()
    assert is_working_day(day=culture_day)
    assert holiday_name(day=culture_day) is None


def test_a_redundant_override_is_refused():
    with pytest.raises(ValidationError) as error:
        CalendarOverride(date=date(2026, 3, 9), kind=WORKING_DAY, reason="x").full_clean()
    assert "vốn đã là ngày làm việc" in str(error.value)
    with pytest.raises(ValidationError) as error:
        CalendarOverride(date=date(2026, 2, 17), kind=DAY_OFF, reason="x").full_clean()
    assert "Tết Nguyên Đán" in str(error.value)
    CalendarOverride(date=date(2026, 2, 17), kind=WORKING_DAY, reason="Trực Tết").full_clean()


def test_adding_changing_and_deleting_an_override_is_seen_by_the_next_call(
    django_assert_num_queries,
):
    monday = date(2026, 3, 9)
    assert is_working_day(day=monday)
    with django_assert_num_queries(0):  # cached per year
        assert is_working_day(day=date(2026, 3, 10))
        assert add_working_days(start=monday, days=30) == date(2026, 4, 20)

    item = override(monday, DAY_OFF, "Nghỉ đột xuất")
    assert not is_working_day(day=monday)
    assert holiday_name(day=monday) == "Nghỉ đột xuất"

    item.reason = "Nghỉ đột xuất do bão"
    item.save()
    assert holiday_name(day=monday) == "Nghỉ đột xuất do bão"

    item.delete()
    assert is_working_day(day=monday)


def test_a_commit_publishes_a_new_version_to_other_processes(
    django_capture_on_commit_callbacks, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(calendar_cache_module.time, "monotonic", lambda: clock[0])
    other_process = CalendarCache()
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    assert other_process.get("k", load) == 1
    assert other_process.get("k", load) == 1
    before = shared_cache.get(VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        override(date(2026, 3, 9), DAY_OFF)
    assert shared_cache.get(VERSION_KEY) != before

    assert other_process.get("k", load) == 1  # not asked again within CHECK_SECONDS
    clock[0] += calendar_cache_module.CHECK_SECONDS
    assert other_process.get("k", load) == 2


# --- adding and counting working days --------------------------------------------------


def test_add_working_days_across_a_weekend():
    friday = date(2026, 12, 4)
    assert add_working_days(start=friday, days=1) == date(2026, 12, 7)
    assert add_working_days(start=friday, days=2) == date(2026, 12, 8)
    assert add_working_days(start=date(2026, 12, 2), days=2) == friday
    assert add_working_days(start=date(2026, 12, 7), days=-1) == friday


def test_add_working_days_zero_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(start=date(2026, 12, 4), days=0) == date(2026, 12, 4)
    assert add_working_days(start=date(2026, 12, 5), days=0) == date(2026, 12, 7)
    assert next_working_day(day=date(2026, 12, 4)) == date(2026, 12, 7)
    assert next_working_day(day=date(2026, 12, 7)) == date(2026, 12, 8)


def test_add_working_days_across_tet():
    # 14–15/02 weekend, 16–20/02 Tết, 21–22/02 weekend.
    assert add_working_days(start=date(2026, 2, 13), days=1) == date(2026, 2, 23)
    assert add_working_days(start=date(2026, 2, 12), days=2) == date(2026, 2, 23)
    assert add_working_days(start=date(2026, 2, 17), days=0) == date(2026, 2, 23)
    assert add_working_days(start=date(2026, 2, 23), days=-1) == date(2026, 2, 13)
    # Tết 2027: 04–10/02 off.
    assert add_working_days(start=date(2027, 2, 3), days=1) == date(2027, 2, 11)


def test_add_working_days_across_30_april_and_1_may():
    # Wed 29/04, Thu 30/04 and Fri 01/05 off, then the weekend.
    assert add_working_days(start=date(2026, 4, 29), days=1) == date(2026, 5, 4)
    # Giỗ Tổ on Sunday 26/04, Monday 27/04 in lieu.
    assert add_working_days(start=date(2026, 4, 24), days=1) == date(2026, 4, 28)
    assert add_working_days(start=date(2026, 4, 24), days=3) == date(2026, 5, 4)


def test_a_datetime_is_read_as_its_local_date():
    assert not is_working_day(day=datetime(2026, 2, 17, 9, 0))
    # 20:00 UTC on Sunday 22/02 is 03:00 on Monday 23/02 in Hà Nội.
    assert is_working_day(day=datetime(2026, 2, 22, 20, 0, tzinfo=UTC))
    with pytest.raises(TypeError):
        is_working_day(day="2026-02-17")


MON, TUE, FRI, NEXT_MON = (
    date(2026, 12, 7),
    date(2026, 12, 8),
    date(2026, 12, 11),
    date(2026, 12, 14),
)


@pytest.mark.parametrize(
    "start,start_session,end,end_session,expected",
    [
        (MON, "morning", MON, "afternoon", "1.0"),
        (MON, "afternoon", TUE, "morning", "1.0"),
        (MON, "afternoon", MON, "afternoon", "0.5"),
        (MON, "morning", MON, "morning", "0.5"),
        (FRI, "afternoon", NEXT_MON, "morning", "1.0"),
        (MON, "morning", FRI, "afternoon", "5.0"),
        (MON, "afternoon", NEXT_MON, "afternoon", "5.5"),
        # A start or end on a non-working day counts nothing for that day.
        (date(2026, 12, 12), "afternoon", NEXT_MON, "morning", "0.5"),
        (date(2026, 12, 5), "morning", date(2026, 12, 6), "afternoon", "0"),
    ],
)
def test_count_working_days_in_half_days(start, start_session, end, end_session, expected):
    result = count_working_days(
        start_date=start, start_session=start_session, end_date=end, end_session=end_session
    )
    assert result == Decimal(expected)
    assert isinstance(result, Decimal)


def test_count_working_days_defaults_to_whole_days():
    assert count_working_days(start_date=MON, end_date=TUE) == Decimal("2")


def test_count_working_days_across_holidays():
    # 30/04 and 01/05 off: Wednesday afternoon → Monday morning is 1 day.
    assert count_working_days(
        start_date=date(2026, 4, 29),
        start_session="afternoon",
        end_date=date(2026, 5, 4),
        end_session="morning",
    ) == Decimal("1.0")
    # Three weeks around Tết 2026: 15 weekdays, 5 of them Tết.
    assert count_working_days(start_date=date(2026, 2, 9), end_date=date(2026, 2, 27)) == 10


def test_count_working_days_refuses_an_end_before_the_start():
    with pytest.raises(ValueError, match="không được trước"):
        count_working_days(start_date=TUE, end_date=MON)
    with pytest.raises(ValueError, match="không được trước"):
        count_working_days(
            start_date=MON, start_session="afternoon", end_date=MON, end_session="morning"
        )
    with pytest.raises(ValueError, match="Buổi không hợp lệ"):
        count_working_days(start_date=MON, start_session="evening", end_date=TUE)


def test_working_days_between_includes_both_ends():
    assert working_days_between(start=date(2026, 4, 29), end=date(2026, 5, 4)) == [
        date(2026, 4, 29),
        date(2026, 5, 4),
    ]
    with pytest.raises(ValueError):
        working_days_between(start=TUE, end=MON)


# --- office hours ------------------------------------------------------------------------


def test_default_seasons_are_created_by_the_migration():
    seasons = {season.name: season for season in OfficeHoursSeason.objects.all()}
    assert set(seasons) == {"Mùa hè", "Mùa đông"}
    assert seasons["Mùa đông"].period_display == "01/10 – 31/03"


@pytest.mark.parametrize(
    "day,season,morning,afternoon",
    [
        (date(2026, 6, 15), "Mùa hè", (time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
        (date(2026, 4, 1), "Mùa hè", (time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
        (date(2026, 9, 30), "Mùa hè", (time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
        (date(2026, 10, 1), "Mùa đông", (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
        (date(2026, 12, 31), "Mùa đông", (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
        # The winter range wraps the new year.
        (date(2027, 1, 15), "Mùa đông", (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
        (date(2027, 3, 31), "Mùa đông", (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
    ],
)
def test_office_hours_by_season(day, season, morning, afternoon):
    hours = office_hours_on(day=day)
    assert (hours.season, hours.morning, hours.afternoon) == (season, morning, afternoon)
    assert not hours.is_fallback
    assert hours.minutes == 8 * 60


def test_office_hours_fall_back_when_no_season_covers_the_day():
    OfficeHoursSeason.objects.filter(name="Mùa đông").delete()
    hours = office_hours_on(day=date(2027, 1, 15))
    assert hours.is_fallback
    assert (hours.morning, hours.afternoon) == (
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )
    assert office_hours_on(day=date(2026, 6, 15)).season == "Mùa hè"


def test_editing_a_season_is_seen_by_the_next_call():
    assert office_hours_on(day=date(2026, 6, 15)).morning[0] == time(7, 0)
    summer = OfficeHoursSeason.objects.get(name="Mùa hè")
    summer.morning_start = time(6, 30)
    summer.save()
    assert office_hours_on(day=date(2026, 6, 15)).morning[0] == time(6, 30)


def test_a_season_is_validated():
    spring = OfficeHoursSeason(
        name="Mùa xuân",
        start_day=15,
        start_month=3,
        end_day=15,
        end_month=4,
        morning_start=time(7, 0),
        morning_end=time(11, 0),
        afternoon_start=time(13, 0),
        afternoon_end=time(17, 0),
    )
    with pytest.raises(ValidationError, match="Trùng thời gian"):
        spring.full_clean()
    spring.start_day, spring.start_month, spring.end_day, spring.end_month = 31, 2, 1, 3
    with pytest.raises(ValidationError, match="không có ngày 31"):
        spring.full_clean()
    OfficeHoursSeason.objects.all().delete()
    spring.start_day = 29
    spring.afternoon_start = time(10, 0)
    with pytest.raises(ValidationError, match="theo thứ tự"):
        spring.full_clean()
    spring.afternoon_start = time(13, 0)
    spring.full_clean()


# --- admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    return login_with_mfa(client, user)


def test_admin_lists_overrides_filtered_by_year_and_kind(admin_client):
    override(date(2026, 1, 2), DAY_OFF, "Nghỉ bù Tết Dương lịch")
    override(date(2027, 2, 13), WORKING_DAY, "Làm bù Tết 2027")
    url = reverse("wagtailsnippets_workcalendar_calendaroverride:list")

    page = admin_client.get(url, {"year": "2026"}).content.decode()
    assert "Nghỉ bù Tết Dương lịch" in page
    assert "Làm bù Tết 2027" not in page

    page = admin_client.get(url, {"kind": "working_day"}).content.decode()
    assert "Làm bù Tết 2027" in page
    assert "Nghỉ bù Tết Dương lịch" not in page


def test_admin_adds_an_override_and_the_calendar_sees_it(admin_client):
    url = reverse("wagtailsnippets_workcalendar_calendaroverride:add")
    response = admin_client.post(
        url, {"date": "2026-02-13", "kind": "day_off", "reason": "Nghỉ thêm trước Tết"}
    )
    assert response.status_code == 302
    assert not is_working_day(day=date(2026, 2, 13))


def test_admin_year_overview(admin_client):
    response = admin_client.get(reverse("workcalendar_year"), {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tết Nguyên Đán" in page
    assert "22/08/2026" in page
    # 104 weekend days, 13 holidays on weekdays (Giỗ Tổ is on a Sunday), Saturday 22/08 worked.
    assert response.context["working_day_count"] == 365 - 104 - 13 + 1


def test_admin_menu_has_the_calendar_group(admin_client):
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON, so labels are \u-escaped: look for the links.
    assert json.dumps("Lịch làm việc") in page
    for name in ("calendaroverride", "officehoursseason"):
        assert reverse(f"wagtailsnippets_workcalendar_{name}:list") in page
    assert reverse("workcalendar_year") in page


def test_the_year_overview_needs_a_calendar_permission(client):
    user = UserFactory(username="bientap")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_with_mfa(client, user)
    assert client.get(reverse("workcalendar_year")).status_code == 302

    user.user_permissions.add(Permission.objects.get(codename="view_calendaroverride"))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    login_with_mfa(client, user)
    assert client.get(reverse("workcalendar_year")).status_code == 200
