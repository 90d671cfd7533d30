"""Factories for tests: a small organisation built the way the demo data builds it."""

import datetime

import factory
from django.contrib.auth.models import Group

from forms.policy.demo import two_step_policy  # noqa: F401  (re-exported for tests)
from portal.accounts.models import User
from portal.org import roles
from portal.org.models import Delegation, Membership, Position, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"Người {n}")
    password = factory.django.Password("pass-1234")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Phòng {n}")
    code = factory.Sequence(lambda n: f"P{n}")
    kind = Unit.Kind.DIVISION


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Chức vụ {n}")
    code = factory.Sequence(lambda n: f"chuc-vu-{n}")
    level = Position.Level.MEMBER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    position = factory.SubFactory(PositionFactory)
    start_date = datetime.date(2015, 1, 1)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    delegator = factory.SubFactory(UserFactory)
    delegate = factory.SubFactory(UserFactory)
    start_date = datetime.date(2026, 12, 1)
    end_date = datetime.date(2026, 12, 5)
    reason = "Đi công tác"


def position(level: str, name: str, code: str, rank: int = 100) -> Position:
    return PositionFactory(name=name, code=code, level=level, rank=rank)


def member(unit: Unit, pos: Position, username: str, **kwargs) -> User:
    user = UserFactory(username=username, **kwargs)
    MembershipFactory(user=user, unit=unit, position=pos)
    return user


def add_to_role(user: User, code: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=roles.GROUP_NAMES[code])[0])


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_totp(user: User, secret: str = TOTP_SECRET) -> User:
    """``user`` with a TOTP device (created once)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": secret}}
    )
    return user


def login_with_mfa(client, user: User):
    """``client`` logged in as ``user`` the way allauth leaves a session after the password
    and then the TOTP code, so that the MFA middleware lets an approver in."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    with_totp(user)
    client.force_login(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def small_organisation() -> dict:
    """A Sở with Văn phòng, one phòng, a Trung tâm and the Trung tâm's own phòng."""
    head = position(Position.Level.HEAD, "Trưởng phòng", "truong-phong", 30)
    deputy = position(Position.Level.DEPUTY, "Phó trưởng phòng", "pho-truong-phong", 40)
    staff = position(Position.Level.MEMBER, "Chuyên viên", "chuyen-vien", 90)
    director = position(Position.Level.HEAD, "Giám đốc Sở", "giam-doc-so", 1)
    deputy_director = position(Position.Level.DEPUTY, "Phó Giám đốc Sở", "pho-giam-doc-so", 2)
    centre_head = position(Position.Level.HEAD, "Giám đốc Trung tâm", "giam-doc-tt", 20)

    so = UnitFactory(name="Sở Công Thương", code="SCT", kind=Unit.Kind.DEPARTMENT)
    org = {"so": so}
    org["giamdoc"] = member(so, director, "giamdoc")
    org["pgd1"] = member(so, deputy_director, "pgd1")
    org["pgd2"] = member(so, deputy_director, "pgd2")
    org["vp"] = UnitFactory(
        name="Văn phòng Sở", code="VP", kind=Unit.Kind.OFFICE, parent=so, overseer=org["pgd1"]
    )
    org["cn"] = UnitFactory(
        name="Phòng Quản lý công nghiệp", code="QLCN", parent=so, overseer=org["pgd1"]
    )
    org["kh"] = UnitFactory(name="Phòng Kế hoạch - Tài chính", code="KHTC", parent=so)
    org["tt"] = UnitFactory(
        name="Trung tâm Khuyến công",
        code="TTKC",
        kind=Unit.Kind.CENTRE,
        parent=so,
        overseer=org["pgd2"],
    )
    org["tt_th"] = UnitFactory(
        name="Phòng Tổng hợp", code="TTKC-TH", kind=Unit.Kind.SUB_DIVISION, parent=org["tt"]
    )
    org["chanhvp"] = member(org["vp"], head, "chanhvp")
    org["truongphong"] = member(org["cn"], head, "truongphong")
    org["phophong"] = member(org["cn"], deputy, "phophong")
    org["chuyenvien"] = member(org["cn"], staff, "chuyenvien")
    org["chuyenvien_kh"] = member(org["kh"], staff, "chuyenvien_kh")
    org["giamdoc_tt"] = member(org["tt"], centre_head, "giamdoc_tt")
    org["vienchuc"] = member(org["tt_th"], staff, "vienchuc")
    return org


def home_page(title: str = "Cổng biểu mẫu và phê duyệt điện tử"):
    """The portal's HomePage as the default site's root, as load_demo_data makes it."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from portal.home.models import HomePage

    existing = HomePage.objects.first()
    if existing:
        return existing
    # Transactional (browser) tests flush the rows that Wagtail's migrations created.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(
        instance=HomePage(
            title=title, slug="trang-chu", intro="<p>Nộp đơn và theo dõi phê duyệt.</p>"
        )
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def approval_form(
    *, title: str, slug: str, policy: list[dict], fields=(), page_class=None, **extra
):
    """A published ApprovalFormPage (or ``page_class``) under the home page, with admin-style
    fields."""
    from forms.models import ApprovalFormPage, FormField

    home = home_page()
    page_class = page_class or ApprovalFormPage
    page = page_class(title=title, slug=slug, approval_policy=policy, **extra)
    for order, (label, field_type, required) in enumerate(fields):
        page.form_fields.add(
            FormField(label=label, field_type=field_type, required=required, sort_order=order)
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def leave_form(*, policy: list[dict] | None = None, slug: str = "nghi-phep", **extra):
    """A published leave form page (An Giang table unless ``policy`` is given)."""
    from forms.leave.defaults import leave_types_ensure
    from forms.leave.models import LeaveFormPage

    # Browser tests flush the tables, and with them the rows migration 0002 created.
    leave_types_ensure()
    from forms.policy.demo import AN_GIANG_LEAVE_POLICY

    return approval_form(
        title="Đơn xin nghỉ phép",
        slug=slug,
        policy=AN_GIANG_LEAVE_POLICY if policy is None else policy,
        page_class=LeaveFormPage,
        **extra,
    )


def overtime_form(*, policy: list[dict] | None = None, slug: str = "lam-ngoai-gio", **extra):
    """A published overtime registration page (the demo policy unless ``policy`` is given)."""
    from forms.overtime.demo import OVERTIME_POLICY
    from forms.overtime.models import OvertimeFormPage
    from portal.calendar.defaults import office_hours_seasons_ensure

    # Transactional tests flush the seasons that migration 0002 created; overtime needs them.
    office_hours_seasons_ensure()

    return approval_form(
        title="Đăng ký làm ngoài giờ",
        slug=slug,
        policy=OVERTIME_POLICY if policy is None else policy,
        page_class=OvertimeFormPage,
        **extra,
    )


def trip_form(*, policy: list[dict] | None = None, slug: str = "di-cong-tac", **extra):
    """A published trip request page (the demo policy unless ``policy`` is given)."""
    from forms.trips.demo import TRIP_POLICY
    from forms.trips.models import TripFormPage

    return approval_form(
        title="Đăng ký đi công tác",
        slug=slug,
        policy=TRIP_POLICY if policy is None else policy,
        page_class=TripFormPage,
        **extra,
    )


def trip_report_form(*, policy: list[dict] | None = None, slug: str = "bao-cao-cong-tac", **extra):
    """A published post-trip report page (the demo policy unless ``policy`` is given)."""
    from forms.trips.demo import TRIP_REPORT_POLICY
    from forms.trips.models import TripReportFormPage

    return approval_form(
        title="Báo cáo kết quả công tác",
        slug=slug,
        policy=TRIP_REPORT_POLICY if policy is None else policy,
        page_class=TripReportFormPage,
        **extra,
    )
