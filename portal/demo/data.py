"""The demo organisation: a Sở Công Thương and its Trung tâm, as plain data.

Usernames are a contract with external checks and the README's demo-accounts table: change
names, emails or dates freely, never a username. Start dates are spread over three decades
because they drive leave seniority (+1 day for every 5 years of service, BLLĐ Đ113).
"""

from dataclasses import dataclass
from datetime import date

from forms.overtime.demo import OVERTIME_POLICY
from forms.policy.demo import AN_GIANG_LEAVE_POLICY, two_step_policy
from forms.trips.demo import TRIP_POLICY, TRIP_REPORT_POLICY
from portal.org import roles
from portal.org.models import Unit


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    # Username of the Lãnh đạo Sở phụ trách. None means "inherit from the parent unit, else the
    # Giám đốc Sở" (portal.org.selectors.unit_overseer), which is how a unit the director keeps
    # for himself is recorded: it stays right if the director changes.
    overseer: str | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class PersonSpec:
    username: str
    last_name: str
    first_name: str
    email: str
    role: str
    unit: str
    position: str
    start_date: date
    groups: tuple[str, ...] = ()
    superuser: bool = False


EMAIL_DOMAIN = "sct.example.gov.vn"

# Tables read better one row a line.
# fmt: off
UNITS = [
    UnitSpec("SCT", "Sở Công Thương", "Sở Công Thương", Unit.Kind.DEPARTMENT),
    UnitSpec("VP", "Văn phòng Sở", "Văn phòng", Unit.Kind.OFFICE, "SCT", "phogiamdoc1", 10),
    UnitSpec("TTRA", "Thanh tra Sở", "Thanh tra", Unit.Kind.DIVISION, "SCT", None, 20),
    UnitSpec("KHTC", "Phòng Kế hoạch – Tài chính", "Phòng KH-TC", Unit.Kind.DIVISION, "SCT",
             None, 30),
    UnitSpec("QLCN", "Phòng Quản lý công nghiệp", "Phòng QLCN", Unit.Kind.DIVISION, "SCT",
             "phogiamdoc1", 40),
    UnitSpec("QLTM", "Phòng Quản lý thương mại", "Phòng QLTM", Unit.Kind.DIVISION, "SCT",
             "phogiamdoc2", 50),
    UnitSpec("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "Trung tâm Khuyến công",
             Unit.Kind.CENTRE, "SCT", "phogiamdoc2", 60),
    # No head on purpose: routing must fall back to the Giám đốc Trung tâm (domain.md §2).
    UnitSpec("TTKC-TH", "Phòng Tổng hợp và Quản lý cụm công nghiệp", "Phòng Tổng hợp",
             Unit.Kind.SUB_DIVISION, "TTKC", None, 10),
]
# fmt: on


def _person(username, family, given, mailbox, role, unit, position, start, *groups, **extra):
    return PersonSpec(
        username=username,
        last_name=family,
        first_name=given,
        # Government mailboxes are usually the given name plus the initials of the rest.
        email=f"{mailbox}@{EMAIL_DOMAIN}",
        role=role,
        unit=unit,
        position=position,
        start_date=start,
        groups=groups,
        **extra,
    )


# fmt: off
PEOPLE = [
    _person("giamdoc", "Trần Quốc", "Hưng", "hungtq", "Giám đốc Sở",
            "SCT", "giam-doc-so", date(1996, 8, 1)),
    _person("phogiamdoc1", "Lê Thị Thu", "Hà", "haltt",
            "Phó Giám đốc Sở, phụ trách Văn phòng Sở và Phòng Quản lý công nghiệp",
            "SCT", "pho-giam-doc-so", date(2002, 3, 15)),
    _person("phogiamdoc2", "Phạm Minh", "Tuấn", "tuanpm",
            "Phó Giám đốc Sở, phụ trách Phòng Quản lý thương mại và Trung tâm",
            "SCT", "pho-giam-doc-so", date(2005, 7, 1)),
    _person("chanhvanphong", "Nguyễn Thị", "Lan", "lannt", "Chánh Văn phòng Sở",
            "VP", "chanh-van-phong", date(2007, 10, 1), roles.OFFICE),
    _person("vanthu", "Đỗ Thị", "Hương", "huongdt", "Văn thư, Văn phòng Sở",
            "VP", "van-thu", date(2018, 5, 2), roles.CLERK, roles.OFFICE),
    _person("baove", "Vũ Văn", "Bình", "binhvv", "Bảo vệ, Văn phòng Sở",
            "VP", "bao-ve", date(2020, 2, 3), roles.SECURITY),
    _person("truongphong_cn", "Hoàng Văn", "Nam", "namhv", "Trưởng phòng Quản lý công nghiệp",
            "QLCN", "truong-phong", date(2004, 4, 1)),
    _person("phophong_cn", "Bùi Thị Minh", "Thư", "thubtm",
            "Phó trưởng phòng Quản lý công nghiệp",
            "QLCN", "pho-truong-phong", date(2011, 8, 15)),
    _person("chuyenvien_cn", "Ngô Đức", "Anh", "anhnd", "Chuyên viên Phòng Quản lý công nghiệp",
            "QLCN", "chuyen-vien", date(2023, 9, 5)),
    _person("truongphong_tm", "Đặng Thị", "Mai", "maidt", "Trưởng phòng Quản lý thương mại",
            "QLTM", "truong-phong", date(2009, 1, 5)),
    _person("chuyenvien_tm", "Trịnh Quang", "Huy", "huytq",
            "Chuyên viên Phòng Quản lý thương mại",
            "QLTM", "chuyen-vien", date(2016, 6, 1)),
    _person("giamdoc_tt", "Phan Văn", "Long", "longpv", "Giám đốc Trung tâm",
            "TTKC", "giam-doc-trung-tam", date(2003, 11, 3)),
    _person("phogiamdoc_tt", "Lý Thị Ngọc", "Ánh", "anhltn", "Phó Giám đốc Trung tâm",
            "TTKC", "pho-giam-doc-trung-tam", date(2010, 3, 1)),
    _person("vienchuc_tt", "Dương Văn", "Khoa", "khoadv",
            "Viên chức Phòng Tổng hợp và Quản lý cụm công nghiệp (Trung tâm)",
            "TTKC-TH", "vien-chuc", date(2021, 10, 11)),
    _person("congdoan", "Huỳnh Thị", "Hoa", "hoaht",
            "Chủ tịch Công đoàn; chuyên viên Phòng Kế hoạch – Tài chính",
            "KHTC", "chuyen-vien", date(2012, 5, 10), roles.UNION),
    _person("ttnd", "Mai Văn", "Sơn", "sonmv",
            "Trưởng ban Thanh tra nhân dân; viên chức Trung tâm",
            "TTKC-TH", "vien-chuc", date(2014, 2, 17), roles.INSPECTION_BOARD),
    # In a Sở the portal is run by the IT chuyên viên of Văn phòng, so the admin is a person too.
    _person("admin", "Tạ Minh", "Đức", "ductm",
            "Quản trị hệ thống; chuyên viên công nghệ thông tin, Văn phòng Sở",
            "VP", "chuyen-vien", date(2019, 9, 16), superuser=True),
]
# fmt: on

SITE_NAME = "Cổng biểu mẫu Sở Công Thương"

HOME_PAGE = {
    "title": "Cổng biểu mẫu và phê duyệt điện tử",
    "intro": (
        "<p>Cổng dành cho công chức, viên chức và người lao động của Sở Công Thương và "
        "Trung tâm Khuyến công và Xúc tiến thương mại. Tại đây bạn có thể:</p>"
        "<ul>"
        "<li>nộp đơn xin nghỉ phép, nghỉ việc riêng và theo dõi kết quả phê duyệt;</li>"
        "<li>đăng ký làm ngoài giờ, làm việc ngày nghỉ;</li>"
        "<li>đăng ký đi công tác và nộp báo cáo kết quả công tác;</li>"
        "<li>gửi góp ý, kiến nghị, phản ánh — có thể gửi ẩn danh;</li>"
        "<li>theo dõi việc cần xử lý và hạn xử lý của mình.</li>"
        "</ul>"
    ),
    "body": [
        (
            "notice",
            {
                "title": "Bảo mật tài khoản",
                "text": (
                    "<p>Lãnh đạo, người phê duyệt và quản trị viên phải bật xác thực hai lớp "
                    "(mã từ ứng dụng trên điện thoại) ngay lần đăng nhập đầu tiên. "
                    "Không chia sẻ mật khẩu; khi vắng mặt, hãy ủy quyền trên cổng.</p>"
                ),
            },
        ),
    ],
    "contact": f"Văn phòng Sở, điện thoại nội bộ 101, thư điện tử vanphong@{EMAIL_DOMAIN}",
}


# A generic form any staff member may submit: the unit head gives an opinion, then the Lãnh
# đạo Sở phụ trách decides. The policy is the raw StreamField JSON an administrator's edits
# produce (forms.policy.demo.two_step_policy). Fields: (label, type, required, help).
GENERIC_FORM = {
    "title": "Giấy đề nghị",
    "slug": "giay-de-nghi",
    "intro": (
        "<p>Dùng cho các đề nghị chưa có biểu mẫu riêng (mua sắm nhỏ, sử dụng phòng họp, "
        "cấp văn phòng phẩm…). Trưởng đơn vị cho ý kiến, sau đó Lãnh đạo Sở phụ trách "
        "phê duyệt.</p>"
    ),
    "thank_you_text": "<p>Đơn đã được gửi đến Trưởng đơn vị của bạn.</p>",
    "fields": [
        (
            "Nội dung đề nghị",
            "multiline",
            True,
            "Ghi rõ việc đề nghị, lý do và thời gian cần thực hiện.",
        ),
        ("Tệp kèm theo", "file", False, ""),
    ],
    "viewer_groups": (roles.OFFICE,),
    "approval_policy": two_step_policy("unit_head", "overseer"),
}


# The leave form: its fields are fixed by the page type (forms.leave), so none are added here.
# The approval chain is the An Giang table of domain.md §2 (forms.policy.demo), which the
# administrator may edit or replace, e.g. by the Hải Dương table.
LEAVE_FORM = {
    "document_template": "leave",
    "title": "Đơn xin nghỉ phép",
    "slug": "nghi-phep",
    "intro": (
        "<p>Dùng để xin nghỉ phép năm, nghỉ việc riêng, nghỉ không hưởng lương hoặc nghỉ ốm. "
        "Thời gian nghỉ tính theo ngày làm việc, theo buổi sáng hoặc buổi chiều; không tính "
        "thứ Bảy, Chủ nhật và ngày lễ, Tết.</p>"
        "<p>Theo Bộ luật Lao động 2019 (Điều 113–115): mỗi năm có 12 ngày phép, cứ đủ 5 năm "
        "công tác được thêm 1 ngày; nghỉ việc riêng có hưởng lương khi bản thân kết hôn "
        "(3 ngày), con kết hôn (1 ngày), bố, mẹ, vợ hoặc chồng, con chết (3 ngày); nghỉ không "
        "hưởng lương theo thỏa thuận. Người phê duyệt tùy theo chức vụ của bạn và số ngày "
        "nghỉ; trưởng đơn vị nghỉ từ 1 ngày phải chọn người nhận bàn giao công việc.</p>"
    ),
    "thank_you_text": (
        "<p>Đơn xin nghỉ phép đã được gửi. Bạn theo dõi kết quả tại mục «Đơn của tôi».</p>"
    ),
    "fields": [],
    "viewer_groups": (roles.OFFICE,),
    "approval_policy": AN_GIANG_LEAVE_POLICY,
}


OVERTIME_FORM = {
    "document_template": "overtime",
    "title": "Đăng ký làm ngoài giờ",
    "slug": "lam-ngoai-gio",
    "intro": (
        "<p>Đăng ký trước khi làm việc ngoài giờ hành chính hoặc vào ngày nghỉ tại cơ quan. "
        "Trưởng đơn vị quyết định (việc làm thêm của trưởng đơn vị do Lãnh đạo Sở phụ trách "
        "quyết định); Văn phòng và bảo vệ được thông báo để bố trí và ghi giờ ra vào.</p>"
        "<p>Theo Bộ luật Lao động 2019 (Điều 107) và Nghị định 145/2020: giờ làm trong ngày "
        "làm việc không quá 12 giờ (tức 4 giờ làm thêm), không quá 12 giờ trong ngày nghỉ, "
        "40 giờ một tháng và 200 giờ một năm.</p>"
    ),
    "thank_you_text": (
        "<p>Đã gửi đăng ký làm ngoài giờ. Bạn theo dõi kết quả tại mục «Đơn của tôi».</p>"
    ),
    "fields": [],
    "viewer_groups": (roles.OFFICE, roles.SECURITY),
    "approval_policy": OVERTIME_POLICY,
}


# Trips and the post-trip report (domain.md §4): the fields are the page types' own
# (forms.trips); the chains are forms.trips.demo. Văn phòng reads every trip: it issues the
# travel papers and vehicle orders and tracks the reports (AG Đ6.2.2d, HP Đ23.9).
TRIP_FORM = {
    "document_template": "trip",
    "title": "Đăng ký đi công tác",
    "slug": "di-cong-tac",
    "intro": (
        "<p>Đăng ký trước mỗi chuyến công tác trong tỉnh, ngoài tỉnh hoặc nước ngoài theo "
        "lịch công tác của đơn vị hoặc phân công của Giám đốc Sở. Người phê duyệt tùy theo "
        "chức vụ của bạn và phạm vi chuyến đi; trưởng đơn vị đi công tác trên 2 ngày phải "
        "chọn người điều hành đơn vị trong thời gian vắng. Nếu cần xe cơ quan, Văn phòng Sở "
        "bố trí xe và ghi lệnh điều xe sau khi chuyến đi được duyệt.</p>"
        "<p>Sau khi về, nộp báo cáo kết quả công tác trong 2 ngày làm việc (Quy chế làm việc "
        "An Giang 2023, khoản 3–4 Điều 13 và khoản 5 Điều 11). Chuyến đi nước ngoài báo cáo "
        "Giám đốc Sở và gửi Văn phòng Sở để theo dõi (Quy chế làm việc Hải Phòng 2026, "
        "khoản 9 Điều 23).</p>"
    ),
    "thank_you_text": (
        "<p>Đã gửi đăng ký đi công tác. Bạn theo dõi kết quả tại mục «Đơn của tôi»; hạn nộp "
        "báo cáo được tính khi chuyến đi được duyệt.</p>"
    ),
    "fields": [],
    "viewer_groups": (roles.OFFICE,),
    "approval_policy": TRIP_POLICY,
}


TRIP_REPORT_FORM = {
    "document_template": "trip_report",
    "title": "Báo cáo kết quả công tác",
    "slug": "bao-cao-cong-tac",
    "intro": (
        "<p>Nộp trong 2 ngày làm việc sau khi kết thúc chuyến công tác (Quy chế làm việc An "
        "Giang 2023, khoản 3–4 Điều 13 và khoản 5 Điều 11): công chức, viên chức báo cáo "
        "trưởng phòng và Lãnh đạo Sở phụ trách; trưởng đơn vị báo cáo Lãnh đạo Sở phụ trách "
        "và Giám đốc Sở; Phó Giám đốc Sở báo cáo Giám đốc Sở.</p>"
        "<p>Chuyến đi nước ngoài báo cáo Giám đốc Sở và gửi Văn phòng Sở để theo dõi (Quy chế "
        "làm việc Hải Phòng 2026, khoản 9 Điều 23). Chọn chuyến đã đăng ký trên cổng; chuyến "
        "đi không đăng ký trên cổng (được giao đột xuất) thì ghi nơi đến, phạm vi và thời "
        "gian đi.</p>"
    ),
    "thank_you_text": (
        "<p>Đã gửi báo cáo kết quả công tác. Bạn theo dõi ý kiến của lãnh đạo tại mục «Đơn "
        "của tôi».</p>"
    ),
    "fields": [],
    "viewer_groups": (roles.OFFICE,),
    "approval_policy": TRIP_REPORT_POLICY,
}
