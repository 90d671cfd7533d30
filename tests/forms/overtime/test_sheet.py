"""Bảng tổng hợp giờ làm thêm: totals against hand-computed figures, the workbook, who sees it.

Registrations of November 2026 (today is Monday 23/11/2026 09:00; winter office hours
07:30–12:00, 13:00–16:30; 24/11 is Ngày Văn hóa Việt Nam, a public holiday):

=====  ==========================================  ==========  =====================
who    registration                                 status      counts in 11/2026 as
=====  ==========================================  ==========  =====================
cv+pp  Mon 23/11 17:00–19:30                        approved    2.5 working (each)
cv     Tue 24/11 08:00–10:00 (holiday)              approved    2 holiday
cv     Wed 25/11 17:00–20:00, actual 17:30–19:15    approved    1.75 working (actual)
cv     Thu 26/11 18:00–20:00                        pending     —
cv     Fri 27/11 22:00 → Sat 28/11 01:00            approved    2 working + 1 day off
cv     Sat 28/11 08:00–12:00                        approved    4 day off
cv     Mon 30/11 22:00 → Tue 01/12 02:00            approved    2 working (+2 in 12/2026)
cv     Wed 02/12 18:00–20:00                        approved    — (12/2026: 2 working)
kh     Sat 28/11 13:00–17:00 (Phòng KH-TC)          approved    4 day off
vc     Sun 29/11 08:00–11:00 (TTKC → Phòng TH)      approved    3 day off
=====  ==========================================  ==========  =====================

cv = chuyenvien, pp = phophong (both Phòng QLCN), kh = chuyenvien_kh, vc = vienchuc.

Hand-computed, November:
  chuyenvien  working 2.5 + 1.75 + 2 + 2 = 8.25, day off 1 + 4 = 5, holiday 2, total 15.25
  phophong    working 2.5, total 2.5
  QLCN        working 10.75, day off 5, holiday 2, total 17.75
  whole Sở    working 10.75, day off 5 + 4 + 3 = 12, holiday 2, total 24.75
December, QLCN: chuyenvien working 2 (01/12 00:00–02:00) + 2 (02/12) = 4.
"""

import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forms.models import Submission
from forms.overtime.models import OvertimeEntry
from forms.overtime.sheet_views import default_month
from tests.factories import login_with_mfa
from tests.forms.leave.support import grant
from tests.forms.overtime.support import register

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOV = datetime.date(2026, 11, 1)
TOTAL_COLUMNS = ("E", "F", "G", "H")  # working, day off, holiday, total


def d(day: int, month: int = 11) -> datetime.date:
    return datetime.date(2026, month, day)


@pytest.fixture
def november(org, overtime_page):
    page, cv = overtime_page, org["chuyenvien"]
    grant(register(page, cv, d(23), "17:00", "19:30", ["chuyenvien", "phophong"]))
    grant(register(page, cv, d(24), "08:00", "10:00"))
    actual = grant(register(page, cv, d(25), "17:00", "20:00"))
    OvertimeEntry.objects.filter(submission=actual).update(
        arrived_at=datetime.datetime(2026, 11, 25, 17, 30, tzinfo=HCM),
        left_at=datetime.datetime(2026, 11, 25, 19, 15, tzinfo=HCM),
        confirmed_at=datetime.datetime(2026, 11, 26, 8, 0, tzinfo=HCM),
        confirmed_by=org["truongphong"],
    )
    pending = register(page, cv, d(26), "18:00", "20:00")
    grant(register(page, cv, d(27), "22:00", "01:00"))
    grant(register(page, cv, d(28), "08:00", "12:00"))
    grant(register(page, cv, d(30), "22:00", "02:00"))
    grant(register(page, cv, d(2, 12), "18:00", "20:00"))
    grant(register(page, org["chuyenvien_kh"], d(28), "13:00", "17:00"))
    grant(register(page, org["vienchuc"], d(29), "08:00", "11:00"))
    assert Submission.objects.get(pk=pending.pk).status == Submission.Status.PENDING
    assert (
        Submission.objects.filter(kind="overtime", status=Submission.Status.APPROVED).count() == 9
    )
    return {"pending": pending, "actual": actual}


@pytest.fixture
def login(client):
    """Heads and Văn phòng need TOTP or the MFA middleware sends them to set it up."""

    def as_user(user):
        return login_with_mfa(client, user)

    return as_user


def download(client, **params):
    response = client.get(reverse("overtime:sheet_download"), params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return response, load_workbook(BytesIO(response.content))


def people(ws) -> dict:
    """{name: (working, day off, holiday, total)} and the total row, from the summary sheet."""
    rows, total = {}, None
    for row in ws.iter_rows(min_row=11, values_only=True):
        if isinstance(row[0], int):
            rows[row[1]] = tuple(row[4:8])
        elif row[0] == "Tổng cộng":
            total = tuple(row[4:8])
            break
    return rows, total


def dt(day: int) -> datetime.datetime:
    """A date cell as openpyxl reads it back."""
    return datetime.datetime(2026, 11, day)


def name(user) -> str:
    return user.get_full_name()


# ------------------------------------------------------------------------------ the figures


def test_unit_sheet_totals_match_the_hand_computed_figures(org, november, login):
    response, book = download(login(org["chanhvp"]), thang="2026-11", don_vi="QLCN")
    assert response["Content-Disposition"] == 'attachment; filename="lam-them-2026-11-QLCN.xlsx"'
    ws = book["Tổng hợp"]
    rows, total = people(ws)
    assert rows == {
        name(org["chuyenvien"]): (8.25, 5, 2, 15.25),
        name(org["phophong"]): (2.5, 0, 0, 2.5),
    }
    assert total == (10.75, 5, 2, 17.75)


def test_whole_department_sheet_adds_every_unit(org, november, login):
    response, book = download(login(org["chanhvp"]), thang="2026-11")
    assert response["Content-Disposition"].endswith('filename="lam-them-2026-11-toan-so.xlsx"')
    rows, total = people(book["Tổng hợp"])
    assert rows[name(org["chuyenvien_kh"])] == (0, 4, 0, 4)
    assert rows[name(org["vienchuc"])] == (0, 3, 0, 3)
    assert len(rows) == 4
    assert total == (10.75, 12, 2, 24.75)


def test_the_part_after_midnight_of_the_last_day_counts_in_the_next_month(org, november, login):
    _response, book = download(login(org["chanhvp"]), thang="2026-12", don_vi="QLCN")
    rows, total = people(book["Tổng hợp"])
    assert rows == {name(org["chuyenvien"]): (4, 0, 0, 4)}
    assert total == (4, 0, 0, 4)


def test_a_recorded_registration_counts_and_a_pending_one_does_not(org, november, login):
    Submission.objects.filter(pk=november["pending"].pk).update(status=Submission.Status.RECORDED)
    _response, book = download(login(org["chanhvp"]), thang="2026-11", don_vi="QLCN")
    _rows, total = people(book["Tổng hợp"])
    assert total == (12.75, 5, 2, 19.75)  # Thu 26/11 18:00–20:00 now counts: +2 working


def test_a_cancelled_registration_no_longer_counts(org, november, login):
    Submission.objects.filter(pk=november["actual"].pk).update(status=Submission.Status.CANCELLED)
    _response, book = download(login(org["chanhvp"]), thang="2026-11", don_vi="QLCN")
    _rows, total = people(book["Tổng hợp"])
    assert total == (9, 5, 2, 16)  # without the 1.75 actual hours of 25/11


def test_detail_sheet_lists_each_part_of_each_day(org, november, login):
    _response, book = download(login(org["chanhvp"]), thang="2026-11", don_vi="QLCN")
    ws = book["Chi tiết"]
    parts = [row for row in ws.iter_rows(min_row=10, values_only=True) if row[0]]
    cv = name(org["chuyenvien"])
    mine = [(r[3], r[4], r[6], r[7], r[8]) for r in parts if r[1] == cv]
    assert mine == [
        (dt(23), "Thứ Hai", "17:00–19:30", 2.5, "Đăng ký"),
        (dt(24), "Thứ Ba", "08:00–10:00", 2, "Đăng ký"),
        (dt(25), "Thứ Tư", "17:30–19:15", 1.75, "Thực tế"),
        (dt(27), "Thứ Sáu", "22:00–24:00", 2, "Đăng ký"),
        (dt(28), "Thứ Bảy", "00:00–01:00", 1, "Đăng ký"),
        (dt(28), "Thứ Bảy", "08:00–12:00", 4, "Đăng ký"),
        (dt(30), "Thứ Hai", "22:00–24:00", 2, "Đăng ký"),
    ]
    kinds = {r[3]: r[5] for r in parts if r[1] == cv}
    assert kinds[dt(23)] == "Ngày làm việc"
    assert kinds[dt(24)].startswith("Ngày lễ, Tết (")
    assert kinds[dt(28)] == "Ngày nghỉ hằng tuần"
    assert ws["D10"].number_format == "dd/mm/yyyy"
    assert ws.auto_filter.ref == f"A9:J{9 + len(parts)}"
    numbers = {r[9] for r in parts}
    assert november["actual"].pk in numbers and november["pending"].pk not in numbers
    assert sum(r[7] for r in parts) == 17.75


def test_workbook_layout_title_fonts_and_print_setup(org, november, login):
    _response, book = download(login(org["chanhvp"]), thang="2026-11", don_vi="QLCN")
    ws = book["Tổng hợp"]
    assert ws["A1"].value == "SỞ CÔNG THƯƠNG"
    assert ws["A2"].value == "PHÒNG QUẢN LÝ CÔNG NGHIỆP" and ws["A2"].font.b
    assert ws["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["D3"].value == "Ngày 23 tháng 11 năm 2026"
    assert ws["A5"].value == "BẢNG TỔNG HỢP GIỜ LÀM THÊM THÁNG 11/2026"
    assert ws["A6"].value == "Đơn vị: Phòng Quản lý công nghiệp"
    assert ws["A7"].value == "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    assert [ws.cell(10, c).value for c in range(5, 9)] == [
        "Ngày làm việc",
        "Ngày nghỉ hằng tuần",
        "Ngày lễ, Tết",
        "Cộng",
    ]
    assert ws["A5"].font.name == "Times New Roman"
    assert ws["E11"].number_format == "0.00"
    assert ws.freeze_panes == "C11"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.print_title_rows == "$9:$10"
    assert book["Chi tiết"].freeze_panes == "C10"


def test_a_month_without_overtime_gives_an_empty_sheet_with_zero_totals(org, november, login):
    _response, book = download(login(org["chanhvp"]), thang="2026-10")
    ws = book["Tổng hợp"]
    rows, total = people(ws)
    assert rows == {} and total == (0, 0, 0, 0)
    assert ws["A1"].value == "SỞ CÔNG THƯƠNG" and ws["A1"].font.b
    assert ws["A6"].value == "Đơn vị: Toàn Sở"
    assert "CHÁNH VĂN PHÒNG" in [c.value for c in ws["E"]]
    assert book["Chi tiết"].max_row == 9  # the header only


def test_page_shows_the_same_figures_and_the_download_link(org, november, login):
    response = login(org["chanhvp"]).get(
        reverse("overtime:sheet"), {"thang": "2026-11", "don_vi": "QLCN"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="working">10,75<' in html
    assert 'data-total="day_off">5,00<' in html
    assert 'data-total="holiday">2,00<' in html
    assert 'data-total="all">17,75<' in html
    assert "Tải về Excel" in html
    assert reverse("overtime:sheet_download") + "?thang=2026-11&amp;don_vi=QLCN" in html


# ---------------------------------------------------------------------------------- access


def test_a_head_gets_his_unit_by_default(org, november, login):
    response, book = download(login(org["truongphong"]), thang="2026-11")
    assert response["Content-Disposition"].endswith('"lam-them-2026-11-QLCN.xlsx"')
    assert people(book["Tổng hợp"])[1] == (10.75, 5, 2, 17.75)


def test_a_head_sees_the_units_under_his_unit(org, november, login):
    client = login(org["giamdoc_tt"])
    _response, book = download(client, thang="2026-11")
    assert people(book["Tổng hợp"])[0] == {name(org["vienchuc"]): (0, 3, 0, 3)}
    response, _book = download(client, thang="2026-11", don_vi="TTKC-TH")
    assert response["Content-Disposition"].endswith('"lam-them-2026-11-TTKC-TH.xlsx"')


def test_a_head_asking_for_another_unit_is_refused_not_redirected(org, november, login):
    client = login(org["truongphong"])
    for view in ("overtime:sheet", "overtime:sheet_download"):
        response = client.get(reverse(view), {"thang": "2026-11", "don_vi": "KHTC"})
        assert response.status_code == 403
        assert "chỉ xem được bảng của đơn vị mình" in response.content.decode()


def test_office_may_choose_any_unit_and_unknown_codes_are_not_found(org, november, login):
    client = login(org["chanhvp"])
    response = client.get(reverse("overtime:sheet"), {"thang": "2026-11"})
    html = response.content.decode()
    assert '<option value="" selected>Toàn Sở</option>' in html
    assert 'value="TTKC-TH"' in html and 'value="KHTC"' in html
    response = client.get(reverse("overtime:sheet"), {"don_vi": "KHONG-CO"})
    assert response.status_code == 404


def test_a_superuser_sees_everything(org, november, login):
    org["chuyenvien"].is_superuser = True
    org["chuyenvien"].save()
    _response, book = download(login(org["chuyenvien"]), thang="2026-11")
    assert people(book["Tổng hợp"])[1] == (10.75, 12, 2, 24.75)


@pytest.mark.parametrize("who", ["chuyenvien", "phophong"])
def test_staff_and_deputies_are_refused_kindly(org, november, login, who):
    client = login(org[who])
    for view in ("overtime:sheet", "overtime:sheet_download"):
        response = client.get(reverse(view))
        assert response.status_code == 403
        assert "Bạn không xem được bảng tổng hợp giờ làm thêm" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, org):
    response = client.get(reverse("overtime:sheet_download"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ------------------------------------------------------------------------- default month


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (d(23), d(1)),
        (d(6, 12), d(1, 12)),
        (d(5, 12), d(1)),
        (datetime.date(2027, 1, 3), d(1, 12)),
    ],
)
def test_the_month_defaults_to_the_previous_one_until_the_fifth(today, month):
    assert default_month(today) == month


def test_page_without_a_month_shows_the_default_one(org, overtime_page, login, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=HCM), tick=False)
    response = login(org["chanhvp"]).get(reverse("overtime:sheet"))
    assert response.status_code == 200
    assert 'value="2026-11"' in response.content.decode()
    assert response.context["sheet"].first == NOV
