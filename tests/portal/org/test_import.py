import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse, reverse_lazy
from openpyxl import Workbook, load_workbook

from portal.accounts.models import User
from portal.org import roles
from portal.org.importer import StaffImportError, org_import_workbook
from portal.org.models import Membership, Unit
from portal.org.services import positions_ensure_defaults, role_groups_ensure
from tests.factories import UnitFactory, UserFactory, login_with_mfa, with_totp

UNIT_HEADER = ["Mã", "Tên", "Loại", "Mã đơn vị cấp trên", "Lãnh đạo phụ trách", "Tên viết tắt"]
STAFF_HEADER = [
    "Tên đăng nhập",
    "Họ và tên đệm",
    "Tên",
    "Email",
    "Mã đơn vị",
    "Mã chức vụ",
    "Ngày vào làm",
    "Nhóm",
    "Đơn vị chính",
]


def good_units():
    # TTKC-TH names its parent before the parent's own row: order must not matter.
    return [
        ["sct", "Sở Công Thương", "Sở", None, None, "SCT"],
        ["QLCN", "Phòng Quản lý công nghiệp", "Phòng thuộc Sở", "SCT", "pgd", None],
        ["TTKC-TH", "Phòng Tổng hợp", "sub_division", "TTKC", None, None],
        ["TTKC", "Trung tâm Khuyến công", "Trung tâm", "SCT", "pgd", "TTKC"],
    ]


def good_staff():
    return [
        ["giamdoc", "Nguyễn Văn", "An", "An@Sct.example.vn", "SCT", "giam-doc-so",
         datetime.datetime(2010, 1, 4), None, None],
        ["pgd", "Trần Thị", "Bình", "binh@sct.example.vn", "SCT", "pho-giam-doc-so",
         "15/03/2012", None, "có"],
        ["cv", "Lê Văn", "Cường", "cuong@sct.example.vn", "qlcn", "chuyen-vien",
         "01/02/2020", "Văn thư, cong_doan", "có"],
        ["vc", "Phạm Thị", "Dung", "dung@sct.example.vn", "TTKC-TH", "vien-chuc",
         datetime.date(2021, 5, 6), "van_phong", "không"],
    ]  # fmt: skip


def workbook(path, units=None, staff=None, headers=(UNIT_HEADER, STAFF_HEADER)):
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in (("Đơn vị", headers[0], units), ("Nhân sự", headers[1], staff)):
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in good_units() if rows is None and name == "Đơn vị" else rows or []:
            sheet.append(row)
        if rows is None and name == "Nhân sự":
            for row in good_staff():
                sheet.append(row)
    file = path / "nhan-su.xlsx"
    book.save(file)
    return file


def counts():
    return (Unit.objects.count(), User.objects.count(), Membership.objects.count())


@pytest.fixture(autouse=True)
def positions_and_groups(db):
    # migrate creates these; a transactional test elsewhere may have flushed them.
    positions_ensure_defaults()
    role_groups_ensure()


def test_good_workbook_creates_tree_users_memberships_and_groups(tmp_path):
    result = org_import_workbook(file=workbook(tmp_path))

    assert (result.units_created, result.users_created, result.memberships_created) == (4, 4, 4)
    sct = Unit.objects.get(code="SCT")
    assert sct.parent is None and sct.kind == Unit.Kind.DEPARTMENT and sct.short_name == "SCT"
    tt_th = Unit.objects.get(code="TTKC-TH")
    assert tt_th.parent.code == "TTKC" and tt_th.parent.parent == sct
    assert Unit.objects.get(code="QLCN").overseer.username == "pgd"
    giamdoc = User.objects.get(username="giamdoc")
    assert giamdoc.get_full_name() == "Nguyễn Văn An"
    assert giamdoc.email == "an@sct.example.vn"
    assert not giamdoc.has_usable_password()
    membership = Membership.objects.get(user=giamdoc)
    assert (membership.unit, membership.position.code) == (sct, "giam-doc-so")
    assert membership.start_date == datetime.date(2010, 1, 4)
    assert Membership.objects.get(user__username="pgd").start_date == datetime.date(2012, 3, 15)
    assert not Membership.objects.get(user__username="vc").is_primary
    assert set(User.objects.get(username="cv").groups.values_list("name", flat=True)) == {
        roles.GROUP_NAMES[roles.CLERK],
        roles.GROUP_NAMES[roles.UNION],
    }


def test_import_twice_changes_nothing(tmp_path):
    file = workbook(tmp_path)
    org_import_workbook(file=file)
    before = counts()

    again = org_import_workbook(file=file)

    assert counts() == before
    assert not again.changed


def test_reimport_updates_names_and_dates_but_never_passwords(tmp_path):
    existing = UserFactory(username="cv", email="old@example.vn", last_name="Cũ", first_name="X")
    staff = good_staff()
    result = org_import_workbook(file=workbook(tmp_path, staff=staff))
    assert (result.users_created, result.users_updated) == (3, 1)
    staff[2][6] = "02/02/2020"

    result = org_import_workbook(file=workbook(tmp_path, staff=staff))

    existing.refresh_from_db()
    assert existing.get_full_name() == "Lê Văn Cường" and existing.check_password("pass-1234")
    assert (result.memberships_created, result.memberships_updated) == (0, 1)
    assert Membership.objects.get(user=existing).start_date == datetime.date(2020, 2, 2)


def test_units_may_hang_under_units_already_in_the_database(tmp_path):
    UnitFactory(code="SCT", name="Sở Công Thương", kind=Unit.Kind.DEPARTMENT)
    units = [["KHTC", "Phòng Kế hoạch - Tài chính", "division", "SCT", None, None]]

    result = org_import_workbook(file=workbook(tmp_path, units=units, staff=[]))

    assert (result.units_created, result.units_updated) == (1, 0)
    assert Unit.objects.get(code="KHTC").parent.code == "SCT"


def test_headers_match_ignoring_case_diacritics_spaces_and_common_variants(tmp_path):
    units = ["Mã đơn vị", *[h.upper() for h in UNIT_HEADER[1:]]]
    headers = (units, ["tendangnhap", "Họ", "TEN", "e-mail"])
    headers[1].extend(["MA DON VI", "ma chuc vu", "Ngay vao lam", "nhom", "don vi chinh"])

    org_import_workbook(file=workbook(tmp_path, headers=headers))

    assert counts() == (4, 4, 4)


def test_dry_run_reports_counts_and_writes_nothing(tmp_path):
    result = org_import_workbook(file=workbook(tmp_path), dry_run=True)

    assert result.dry_run and (result.units_created, result.users_created) == (4, 4)
    assert counts() == (0, 0, 0)


def _break(rows, index, column, value):
    rows[index][column] = value
    return rows


@pytest.mark.parametrize(
    ("units", "staff", "expected"),
    [
        (None, _break(good_staff(), 2, 4, "QLXX"),
         'Nhân sự, dòng 4, cột "mã đơn vị": không có đơn vị "QLXX".'),
        (None, _break(good_staff(), 1, 6, "31/02/2012"),
         'Nhân sự, dòng 3, cột "ngày vào làm": ngày "31/02/2012" không hợp lệ'),
        (None, _break(good_staff(), 3, 0, "CV"),
         'Nhân sự, dòng 5, cột "tên đăng nhập": tên đăng nhập "CV" đã có ở dòng 4.'),
        (None, _break(good_staff(), 0, 3, "an@sct"),
         'Nhân sự, dòng 2, cột "email": email "an@sct" không hợp lệ.'),
        (None, _break(good_staff(), 0, 5, "tong-giam-doc"),
         'Nhân sự, dòng 2, cột "mã chức vụ": không có chức vụ "tong-giam-doc".'),
        (None, _break(good_staff(), 2, 7, "Kế toán"),
         'Nhân sự, dòng 4, cột "nhóm": không có nhóm "Kế toán".'),
        (None, _break(good_staff(), 2, 3, None),
         'Nhân sự, dòng 4, cột "email": ô này không được để trống.'),
        (_break(good_units(), 3, 3, "TTKC-TH"), None,
         'Đơn vị, dòng 5, cột "mã đơn vị cấp trên": đơn vị cấp trên tạo thành vòng lặp'),
        (_break(good_units(), 1, 3, None), None,
         'Đơn vị, dòng 3, cột "mã đơn vị cấp trên": chỉ Sở mới được là đơn vị gốc.'),
        ([*good_units(), ["SXD", "Sở Xây dựng", "Sở", None, None, None]], None,
         'Đơn vị, dòng 6, cột "mã đơn vị cấp trên": đã có đơn vị gốc "SCT"'),
        ([*good_units(), ["QLCN", "Trùng mã", "division", "SCT", None, None]], None,
         'Đơn vị, dòng 6, cột "mã": mã "QLCN" đã có ở dòng 3.'),
        (_break(good_units(), 1, 4, "nobody"), None,
         'Đơn vị, dòng 3, cột "lãnh đạo phụ trách": không có người dùng "nobody".'),
    ],
)  # fmt: skip
def test_bad_rows_are_reported_by_sheet_row_and_column_and_nothing_is_written(
    tmp_path, units, staff, expected
):
    with pytest.raises(StaffImportError) as caught:
        org_import_workbook(file=workbook(tmp_path, units=units, staff=staff))

    assert any(str(error).startswith(expected) for error in caught.value.errors), [
        str(e) for e in caught.value.errors
    ]
    assert counts() == (0, 0, 0)


def test_every_error_is_reported_at_once(tmp_path):
    staff = _break(_break(good_staff(), 0, 3, "bad"), 3, 6, "hôm qua")

    with pytest.raises(StaffImportError) as caught:
        org_import_workbook(file=workbook(tmp_path, staff=staff))

    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, "email"),
        (5, "ngày vào làm"),
    ]


def test_email_of_another_account_is_refused(tmp_path):
    UserFactory(username="someone", email="binh@sct.example.vn")

    with pytest.raises(StaffImportError, match='tài khoản "someone"'):
        org_import_workbook(file=workbook(tmp_path))
    assert Unit.objects.count() == 0


def test_a_file_that_is_not_excel_is_refused(tmp_path):
    file = tmp_path / "nhan-su.xlsx"
    file.write_text("mã,tên\n")

    with pytest.raises(StaffImportError, match="Excel"):
        org_import_workbook(file=file)


def test_command_prints_a_summary(tmp_path):
    out = io.StringIO()

    call_command("import_staff", str(workbook(tmp_path)), stdout=out)

    assert "Đơn vị: thêm mới 4, cập nhật 0." in out.getvalue()
    assert counts() == (4, 4, 4)


def test_command_fails_listing_every_error_and_writes_nothing(tmp_path):
    staff = _break(_break(good_staff(), 2, 4, "QLXX"), 1, 5, "sep")
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_staff", str(workbook(tmp_path, staff=staff)), stderr=err)

    assert 'Nhân sự, dòng 4, cột "mã đơn vị": không có đơn vị "QLXX".' in err.getvalue()
    assert 'Nhân sự, dòng 3, cột "mã chức vụ": không có chức vụ "sep".' in err.getvalue()
    assert counts() == (0, 0, 0)


def test_template_round_trips_through_the_importer(tmp_path):
    file = tmp_path / "mau.xlsx"
    call_command("import_staff", "--template", str(file), stdout=io.StringIO())
    assert load_workbook(file).sheetnames == ["Đơn vị", "Nhân sự"]

    result = org_import_workbook(file=file)

    assert (result.units_created, result.users_created, result.memberships_created) == (1, 1, 1)
    assert Membership.objects.get().start_date == datetime.date(2015, 1, 1)


def _admin(**kwargs):
    return with_totp(UserFactory(username="quantri", **kwargs))


def test_superuser_uploads_a_file_and_sees_the_counts(client, tmp_path):
    login_with_mfa(client, _admin(is_superuser=True, is_staff=True))
    url = reverse("org_import_staff")
    assert b"template.xlsx" in client.get(url).content

    with workbook(tmp_path).open("rb") as file:
        response = client.post(url, {"file": file})

    assert response.status_code == 200
    assert "Đã nhập xong." in response.content.decode()
    assert response.context["result"].units_created == 4
    assert counts() == (4, 5, 4)


def test_admin_page_lists_errors_and_dry_run_writes_nothing(client, tmp_path):
    login_with_mfa(client, _admin(is_superuser=True))
    staff = _break(good_staff(), 2, 4, "QLXX")

    with workbook(tmp_path, staff=staff).open("rb") as file:
        response = client.post(reverse("org_import_staff"), {"file": file, "dry_run": "on"})

    html = response.content.decode()
    assert "Nhân sự, dòng 4, cột &quot;mã đơn vị&quot;: không có đơn vị &quot;QLXX&quot;" in html
    assert counts() == (0, 1, 0)


def test_template_download_is_an_xlsx(client):
    login_with_mfa(client, _admin(is_superuser=True))

    response = client.get(reverse("org_import_staff_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Đơn vị", "Nhân sự"]


@pytest.mark.parametrize(
    ("role", "redirected_to"),
    [(None, reverse_lazy("account_login")), (roles.FORM_ADMINS, reverse_lazy("wagtailadmin_home"))],
)
def test_staff_without_unit_permission_is_turned_away(client, tmp_path, role, redirected_to):
    user = _admin(is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
    login_with_mfa(client, user)

    with workbook(tmp_path).open("rb") as file:
        response = client.post(reverse("org_import_staff"), {"file": file})

    assert response.status_code == 302
    assert response["Location"].split("?")[0] == redirected_to
    assert counts() == (0, 1, 0)
