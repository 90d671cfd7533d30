"""The weekly digest of overdue work, to each head and Văn phòng, for their own scope."""

import datetime

from django.urls import reverse

from portal.dashboard.digest import dashboard_digest_send
from portal.notifications.models import Notification

MONDAY = datetime.date(2026, 3, 23)  # the week after the data set: S1, S2 and S6 are overdue


def digests(user):
    return list(Notification.objects.filter(user=user, url=reverse("dashboard:index")))


def test_each_head_hears_of_the_overdue_work_of_his_unit_only(world):
    dashboard_digest_send(today=MONDAY)
    [head] = digests(world["truongphong"])
    assert "Việc quá hạn xử lý: 1." in head.body
    # S1 (due 16/03, a request of his phòng) is named; S6 (due 17/03, the Trung tâm's) is not.
    assert "hạn 16/03/2026" in head.body and "hạn 17/03/2026" not in head.body
    [centre] = digests(world["giamdoc_tt"])
    assert "Việc quá hạn xử lý: 1." in centre.body and "hạn 17/03/2026" in centre.body
    # Feedback is the Sở's, not a unit's: heads of units do not get its count.
    assert "Góp ý" not in head.body


def test_the_office_and_the_leaders_hear_of_everything(world):
    dashboard_digest_send(today=MONDAY)
    for key in ("chanhvp", "giamdoc", "pgd1"):
        [digest] = digests(world[key])
        assert "Việc quá hạn xử lý: 3." in digest.body
        assert "Góp ý, kiến nghị quá hạn trả lời:" in digest.body


def test_staff_get_no_digest(world):
    dashboard_digest_send(today=MONDAY)
    assert digests(world["chuyenvien"]) == []
    assert digests(world["phophong"]) == []  # a deputy of a phòng: his head gets it


def test_once_a_week_on_its_first_working_day(world):
    first = dashboard_digest_send(today=MONDAY)
    assert first > 0
    assert dashboard_digest_send(today=MONDAY) == 0
    assert dashboard_digest_send(today=MONDAY + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(url=reverse("dashboard:index")).count() == first
