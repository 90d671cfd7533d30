"""iCalendar feeds: a person's own leaves, a unit's leaves, and the secret token."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from forms.leave.cancellation import leave_cancel
from forms.leave.models import CalendarFeed
from forms.models import Submission
from forms.signals import submission_changed_send
from portal.org import roles
from tests.factories import add_to_role, login_with_mfa
from tests.forms.leave.support import apply, decide, grant

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
THU_3 = datetime.date(2026, 12, 3)
FRI_4 = datetime.date(2026, 12, 4)
MON_7 = datetime.date(2026, 12, 7)
TUE_8 = datetime.date(2026, 12, 8)
WED_9 = datetime.date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _monday_30_november(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=HCM), tick=False)


@pytest.fixture
def mfa_client(client):
    def login(user):
        return login_with_mfa(client, user)

    return login


def approved(page, user, start, end=None, **kwargs) -> Submission:
    submission = apply(page, user, start, end, **kwargs)
    submission.status = Submission.Status.APPROVED
    submission.save(update_fields=["status"])
    submission_changed_send(submission)
    return submission


def token_of(user) -> str:
    return CalendarFeed.objects.get_or_create(user=user)[0].token


def personal_url(user) -> str:
    return reverse("leave:ical_personal", args=[token_of(user)])


def unit_url(user, code: str) -> str:
    return reverse("leave:ical_unit", args=[token_of(user), code])


def events(response) -> dict[str, dict]:
    """The feed's events by UID, parsed back with icalendar."""
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "status": str(event["STATUS"]),
            "transp": str(event["TRANSP"]),
        }
        for event in calendar.walk("VEVENT")
    }


def uid(submission) -> str:
    return f"leave-{submission.pk}@testserver"


def test_personal_feed_lists_granted_and_pending_leaves_as_all_day_events(org, leave_page, client):
    me = org["chuyenvien"]
    granted = grant(apply(leave_page, me, THU_3, FRI_4))
    pending = apply(leave_page, me, TUE_8, start_session="afternoon")
    cancelled = leave_cancel(submission=approved(leave_page, me, WED_9), user=me)
    rejected = decide(apply(leave_page, me, MON_7), "reject")
    someone_else = approved(leave_page, org["phophong"], THU_3)
    assert granted.status == Submission.Status.APPROVED
    assert rejected.status == Submission.Status.REJECTED

    response = client.get(personal_url(me))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    assert set(found) == {uid(granted), uid(pending)}
    assert uid(cancelled) not in found and uid(someone_else) not in found
    assert found[uid(granted)]["start"] == THU_3
    assert found[uid(granted)]["end"] == datetime.date(2026, 12, 5)  # DTEND is exclusive
    assert found[uid(granted)]["status"] == "CONFIRMED"
    assert found[uid(pending)]["status"] == "TENTATIVE"
    assert (found[uid(pending)]["start"], found[uid(pending)]["end"]) == (TUE_8, WED_9)
    name = me.get_full_name()
    assert found[uid(granted)]["summary"] == f"Nghỉ phép: {name} (nghỉ phép năm)"
    assert (
        found[uid(pending)]["summary"] == f"[Đang xử lý] Nghỉ phép (chiều): {name} (nghỉ phép năm)"
    )
    assert "Ngày 08/12/2026, buổi chiều." in found[uid(pending)]["description"]
    assert "Ngày 03/12/2026" not in found[uid(granted)]["description"]
    assert f"/bieu-mau/don/{granted.pk}/" in found[uid(granted)]["description"]


def test_personal_feed_names_the_calendar_and_its_time_zone(org, client):
    response = client.get(personal_url(org["chuyenvien"]))

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Lịch nghỉ của {org['chuyenvien'].get_full_name()}"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["VERSION"]) == "2.0"
    assert response["Cache-Control"] == "private, no-store"


def test_a_leave_keeps_its_uid_when_it_changes(org, leave_page, client):
    me = org["chuyenvien"]
    submission = approved(leave_page, me, MON_7, WED_9)
    first = events(client.get(personal_url(me)))

    submission.data = {**submission.data, "end_date": TUE_8.isoformat(), "days": 2}
    submission.save(update_fields=["data"])
    submission_changed_send(submission)
    second = events(client.get(personal_url(me)))

    assert set(first) == set(second) == {uid(submission)}
    assert first[uid(submission)]["end"] == datetime.date(2026, 12, 10)
    assert second[uid(submission)]["end"] == WED_9


def test_multi_day_leave_notes_half_days_at_its_ends(org, leave_page, client):
    me = org["chuyenvien"]
    submission = approved(
        leave_page, me, MON_7, TUE_8, start_session="afternoon", end_session="morning"
    )

    found = events(client.get(personal_url(me)))[uid(submission)]

    assert "(từ chiều, đến sáng)" in found["summary"]
    assert "Từ buổi chiều 07/12/2026 đến hết buổi sáng 08/12/2026." in found["description"]


def test_wrong_token_is_not_found(org, client):
    token_of(org["chuyenvien"])

    assert client.get(reverse("leave:ical_personal", args=["not-the-token"])).status_code == 404
    assert client.get(reverse("leave:ical_unit", args=["not-the-token", "QLCN"])).status_code == 404


def test_token_of_a_deactivated_account_stops_working(org, client):
    url = personal_url(org["chuyenvien"])
    org["chuyenvien"].is_active = False
    org["chuyenvien"].save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_unit_feed_lists_the_granted_leaves_of_the_unit_for_its_head(org, leave_page, client):
    granted = approved(leave_page, org["chuyenvien"], THU_3)
    pending = apply(leave_page, org["phophong"], FRI_4)
    elsewhere = approved(leave_page, org["chuyenvien_kh"], THU_3)

    response = client.get(unit_url(org["truongphong"], "QLCN"))

    assert response.status_code == 200
    found = events(response)
    assert set(found) == {uid(granted)}
    assert uid(pending) not in found and uid(elsewhere) not in found
    assert found[uid(granted)]["transp"] == "TRANSPARENT"  # others' leave: not busy
    assert "Đơn vị: Phòng Quản lý công nghiệp." in found[uid(granted)]["description"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Vắng mặt — Phòng Quản lý công nghiệp"


def test_unit_feed_of_a_centre_includes_its_own_divisions(org, leave_page, client):
    submission = approved(leave_page, org["vienchuc"], MON_7)

    found = events(client.get(unit_url(org["giamdoc_tt"], "TTKC")))

    assert set(found) == {uid(submission)}


def test_unit_feed_of_a_unit_the_owner_may_not_see_is_not_found(org, leave_page, client):
    approved(leave_page, org["chuyenvien_kh"], THU_3)

    assert client.get(unit_url(org["truongphong"], "KHTC")).status_code == 404
    assert client.get(unit_url(org["chuyenvien"], "QLCN")).status_code == 404
    assert client.get(unit_url(org["truongphong"], "KHONG-CO")).status_code == 404


def test_office_member_may_subscribe_to_any_unit(org, leave_page, client):
    submission = approved(leave_page, org["chuyenvien_kh"], THU_3)
    clerk = org["chuyenvien"]
    add_to_role(clerk, roles.OFFICE)

    found = events(client.get(unit_url(clerk, "KHTC")))

    assert set(found) == {uid(submission)}


def test_feeds_page_shows_absolute_addresses(org, mfa_client):
    head = org["truongphong"]

    html = mfa_client(head).get(reverse("leave:feeds")).content.decode()

    token = CalendarFeed.objects.get(user=head).token
    assert f"http://testserver/nghi-phep/ical/{token}/ca-nhan.ics" in html
    assert f"http://testserver/nghi-phep/ical/{token}/don-vi/QLCN.ics" in html
    assert "/don-vi/KHTC.ics" not in html
    assert f"webcal://testserver/nghi-phep/ical/{token}/ca-nhan.ics" in html


def test_feeds_page_offers_no_unit_feed_to_staff(org, client):
    client.force_login(org["chuyenvien"])

    html = client.get(reverse("leave:feeds")).content.decode()

    assert "ca-nhan.ics" in html and "/don-vi/" not in html


def test_feeds_page_needs_login(client):
    response = client.get(reverse("leave:feeds"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_new_token_makes_the_old_addresses_stop_working(org, client):
    me = org["chuyenvien"]
    client.force_login(me)
    client.get(reverse("leave:feeds"))
    old = CalendarFeed.objects.get(user=me).token

    response = client.post(reverse("leave:feeds"))

    new = CalendarFeed.objects.get(user=me).token
    assert response.status_code == 302 and new != old
    client.logout()
    assert client.get(reverse("leave:ical_personal", args=[old])).status_code == 404
    assert client.get(reverse("leave:ical_personal", args=[new])).status_code == 200
