"""A member of staff fills in the leave form in Chromium: the working days are counted while
the dates are chosen, before anything is sent, and the request keeps that figure."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forms.models import Submission
from portal.calendar.services import count_working_days, is_working_day
from tests.browser.journeys.support import PASSWORD, log_in
from tests.factories import leave_form, small_organisation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def next_free_tuesday() -> datetime.date:
    """A Tuesday at least a week ahead whose Tuesday–Thursday are all working days."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    while True:
        day += datetime.timedelta(days=(1 - day.weekday()) % 7 or 7)
        if all(is_working_day(day=day + datetime.timedelta(days=n)) for n in range(3)):
            return day


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_staff_see_the_working_days_before_sending_a_leave_request(
    live_server, page_factory, screenshot, width
):
    org = small_organisation()
    leave_form()
    user = org["chuyenvien"]
    user.set_password(PASSWORD)
    user.save()
    start = next_free_tuesday()
    end = start + datetime.timedelta(days=2)
    expected = count_working_days(
        start_date=start, start_session="afternoon", end_date=end, end_session="afternoon"
    )
    assert expected == 2.5

    page = page_factory(width=width)
    log_in(page, live_server.url, user.username, next_url="/nghi-phep/")
    page.get_by_label("Loại nghỉ").select_option("annual")
    page.get_by_label("Từ ngày").fill(start.strftime("%d/%m/%Y"))
    page.get_by_label("Từ buổi").select_option("afternoon")
    page.get_by_label("Đến hết ngày").fill(end.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do").click()  # leaving the date box is what a person does
    preview = page.locator("#leave-days")
    expect(preview).to_contain_text("Số ngày làm việc xin nghỉ: 2,5 ngày.")
    expect(preview).to_contain_text("ngày phép năm")
    page.get_by_label("Lý do").fill("Về quê giải quyết việc gia đình")
    screenshot(page, f"leave-form-{width}")

    page.get_by_role("button", name="Gửi đơn").click()
    page.wait_for_url("**/bieu-mau/don/*/")
    expect(page.get_by_role("heading", name="Thời gian nghỉ")).to_be_visible()
    submission = Submission.objects.get(requester=user)
    assert submission.data["days"] == 2.5
    screenshot(page, f"leave-submitted-{width}")
