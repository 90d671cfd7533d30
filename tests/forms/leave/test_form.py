"""The leave form counts working days and refuses impossible or incomplete requests."""

import datetime

import pytest

from forms.leave.models import Leave, LeaveType
from tests.forms.leave.support import apply, leave_data, leave_form_for

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 12, 1)
THURSDAY = datetime.date(2026, 12, 3)
SATURDAY = datetime.date(2026, 12, 5)


def test_days_are_stored_as_a_json_number_in_half_days(org, leave_page):
    submission = apply(leave_page, org["chuyenvien"], TUESDAY, THURSDAY, start_session="afternoon")
    assert submission.data["days"] == 2.5
    assert isinstance(submission.data["days"], float)
    leave = Leave.objects.get(submission=submission)
    assert (leave.start_date, leave.end_date, str(leave.days)) == (TUESDAY, THURSDAY, "2.5")


def test_a_whole_day_is_stored_as_an_integer(org, leave_page):
    assert apply(leave_page, org["chuyenvien"], TUESDAY).data["days"] == 1


def test_the_days_skip_weekends_and_public_holidays(org, leave_page):
    # Thursday 31/12/2026 to Monday 4/1/2027: New Year's Day and the weekend are not counted.
    submission = apply(
        leave_page, org["chuyenvien"], datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)
    )
    assert submission.data["days"] == 2


def test_end_before_start_is_refused_on_the_end_field(org, leave_page):
    form = leave_form_for(leave_page, org["chuyenvien"], leave_data(THURSDAY, TUESDAY))
    assert not form.is_valid()
    assert "không được trước" in form.errors["end_date"][0]


def test_the_same_day_afternoon_to_morning_is_refused(org, leave_page):
    data = leave_data(TUESDAY, start_session="afternoon", end_session="morning")
    form = leave_form_for(leave_page, org["chuyenvien"], data)
    assert not form.is_valid()
    assert "end_date" in form.errors


def test_a_leave_made_only_of_days_off_is_refused(org, leave_page):
    form = leave_form_for(
        leave_page, org["chuyenvien"], leave_data(SATURDAY, SATURDAY + datetime.timedelta(1))
    )
    assert not form.is_valid()
    assert "không có ngày làm việc" in form.errors["start_date"][0]


def test_personal_leave_beyond_its_legal_maximum_is_refused(org, leave_page):
    data = leave_data(TUESDAY, datetime.date(2026, 12, 7), leave_type="marriage")
    form = leave_form_for(leave_page, org["chuyenvien"], data)
    assert not form.is_valid()
    assert form.errors["end_date"] == [
        "Nghỉ việc riêng: bản thân kết hôn được nghỉ tối đa 3 ngày làm việc; "
        "khoảng thời gian đã chọn là 5 ngày."
    ]


def test_sick_leave_needs_an_attachment(org, leave_page):
    form = leave_form_for(leave_page, org["chuyenvien"], leave_data(TUESDAY, leave_type="sick"))
    assert not form.is_valid()
    assert "đính kèm" in form.errors["attachment"][0]


def test_sick_leave_with_a_certificate_is_accepted(org, leave_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("giay-nghi-om.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    submission = apply(
        leave_page, org["chuyenvien"], TUESDAY, leave_type="sick", files={"attachment": pdf}
    )
    assert submission.attachments.get().original_name == "giay-nghi-om.pdf"


def test_an_inactive_leave_type_is_not_offered(org, leave_page):
    LeaveType.objects.filter(code="unpaid").update(is_active=False)
    form = leave_form_for(leave_page, org["chuyenvien"], leave_data(TUESDAY, leave_type="unpaid"))
    assert not form.is_valid()
    assert "leave_type" in form.errors


def test_a_unit_head_away_a_day_must_name_who_takes_over(org, leave_page):
    form = leave_form_for(leave_page, org["truongphong"], leave_data(TUESDAY))
    assert not form.is_valid()
    assert "bàn giao" in form.errors["handover_to"][0]


def test_a_unit_head_away_half_a_day_need_not_name_anyone(org, leave_page):
    data = leave_data(TUESDAY, end_session="morning")
    assert leave_form_for(leave_page, org["truongphong"], data).is_valid()


def test_staff_need_not_name_anyone(org, leave_page):
    assert leave_form_for(leave_page, org["chuyenvien"], leave_data(TUESDAY)).is_valid()


def test_the_handover_person_must_be_an_active_account_other_than_oneself(org, leave_page):
    head = org["truongphong"]
    for username, message in [
        ("khong-ton-tai", "Không có tài khoản"),
        (head.username, "chính mình"),
    ]:
        form = leave_form_for(leave_page, head, leave_data(TUESDAY, handover_to=username))
        assert not form.is_valid()
        assert form.errors["handover_to"] == [form.errors["handover_to"][0]]
        assert message in form.errors["handover_to"][0], form.errors


def test_the_handover_list_offers_colleagues_of_the_unit(org, leave_page):
    form = leave_form_for(leave_page, org["truongphong"], None)
    usernames = [value for value, _label in form.fields["handover_to"].choices if value]
    assert "phophong" in usernames
    assert "truongphong" not in usernames and "giamdoc" not in usernames
    deputy = org["phophong"]
    position = deputy.memberships.get(unit=org["truongphong"].memberships.first().unit).position
    labels = dict(form.fields["handover_to"].choices)
    assert labels["phophong"] == f"{deputy.get_full_name()} — {position.name}"


def test_a_leave_types_code_is_kept_once_a_request_uses_it(org, leave_page):
    from django.core.exceptions import ValidationError

    apply(leave_page, org["chuyenvien"], TUESDAY, leave_type="unpaid")
    unpaid = LeaveType.objects.get(code="unpaid")
    unpaid.code = "khong-luong"
    with pytest.raises(ValidationError) as refused:
        unpaid.full_clean()
    assert "không đổi mã được nữa" in refused.value.message_dict["code"][0]
    sick = LeaveType.objects.get(code="sick")
    sick.code = "om-dau"
    sick.full_clean()  # never used: free to change


def test_a_submission_reads_the_leave_reference_rows_once(org, leave_page, client):
    """Leave types, settings and the requester's post are asked by the form, the checks, the
    ledger and the chain: once each per request (portal/memo.py)."""
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forms.leave.models import LeaveSettings

    LeaveSettings.load()  # the row exists, as after the portal's first leave request
    client.force_login(org["chuyenvien"])
    data = {**leave_data(TUESDAY), "submission_token": uuid.uuid4().hex}
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(leave_page.url, data)
    assert response.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "leave_leavetype"' in q for q in sql) == 2  # the choices, the chosen one
    assert sum('FROM "leave_leavesettings"' in q for q in sql) == 1
    assert sum('MIN("org_membership"."start_date")' in q for q in sql) == 1
