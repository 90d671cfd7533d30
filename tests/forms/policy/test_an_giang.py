"""The demo leave policies give the chains of domain.md §2, row by row and column by column.

The organisation is small_organisation() moved onto the standard position codes that the
demo policies speak (portal.org.defaults), plus Thanh tra, a Chi cục and the people the
tables mention. Lãnh đạo Sở phụ trách: pgd1 for Văn phòng and Phòng QLCN, pgd2 for Thanh tra
and the Trung tâm; the director keeps Phòng Kế hoạch and the Chi cục himself.
"""

import datetime

import pytest

from forms.policy.demo import AN_GIANG_LEAVE_POLICY, HAI_DUONG_LEAVE_POLICY
from forms.policy.engine import policy_problems, policy_resolve_chain
from portal.org import roles
from portal.org.models import Membership, Position, Unit
from tests.factories import DelegationFactory, UnitFactory, add_to_role, member, position

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 2)
HALF, ONE, TWO = 0.5, 1, 2


@pytest.fixture
def ag(org):
    def pos(code):
        return Position.objects.get(code=code)

    def move(username, code):
        Membership.objects.filter(user=org[username]).update(position=pos(code))

    move("giamdoc_tt", "giam-doc-trung-tam")
    move("chanhvp", "chanh-van-phong")
    move("vienchuc", "vien-chuc")
    add_to_role(org["chanhvp"], roles.OFFICE)
    # Deputies are listed by seniority; make the order of the two Phó Giám đốc Sở certain.
    Membership.objects.filter(user=org["pgd2"]).update(start_date=datetime.date(2016, 1, 1))
    org["phogiamdoc_tt"] = member(org["tt"], pos("pho-giam-doc-trung-tam"), "phogiamdoc_tt")
    org["nguoilaodong"] = member(org["tt_th"], pos("nguoi-lao-dong"), "nguoilaodong")
    org["vanthu"] = member(org["vp"], pos("van-thu"), "vanthu")
    ttra = UnitFactory(name="Thanh tra Sở", code="TTRA", parent=org["so"], overseer=org["pgd2"])
    org["chanhthanhtra"] = member(ttra, pos("chanh-thanh-tra"), "chanhthanhtra")
    chicuc = UnitFactory(
        name="Chi cục Quản lý thị trường",
        code="CCQLTT",
        kind=Unit.Kind.SUB_DEPARTMENT,
        parent=org["so"],
    )
    org["chicuctruong"] = member(chicuc, pos("chi-cuc-truong"), "chicuctruong")
    org["phochicuc"] = member(chicuc, pos("pho-chi-cuc-truong"), "phochicuc")
    org["laixe"] = member(org["vp"], position(Position.Level.MEMBER, "Lái xe", "lai-xe"), "laixe")
    return org


def chain(org, username, policy, days, **values):
    return policy_resolve_chain(
        policy=policy, requester=org[username], values={"days": days, **values}, on=ON
    )


def people(resolved):
    """(kind, who the rule points at, who acts for him) for each step."""
    return [
        (
            s.kind,
            s.approver.username if s.approver else s.group_code,
            s.acting.username if s.acting else None,
        )
        for s in resolved.steps
    ]


def notice(who):
    return ("notice", who, None)


def opinion(who):
    return ("opinion", who, None)


def decision(who):
    return ("decision", who, None)


def columns(half, one, more):
    return [(HALF, half), (ONE, one), (TWO, more)]


def staff_like(head, overseer):
    return columns(
        [decision(head)],
        [opinion(head), decision(overseer)],
        [opinion(head), opinion(overseer), decision("giamdoc")],
    )


def head_like(overseer, deputies):
    return columns(
        [notice(overseer)] + [notice(d) for d in deputies],
        [decision(overseer)],
        [opinion(overseer), decision("giamdoc")],
    )


AN_GIANG = {
    # Giám đốc Sở: arranges himself; from 1 day the deputies and the Chánh Văn phòng are told.
    "giamdoc": columns([], *[[notice("pgd1"), notice("pgd2"), notice("chanhvp")]] * 2),
    "pgd1": columns([], [decision("giamdoc")], [decision("giamdoc")]),
    "truongphong": head_like("pgd1", ["phophong"]),
    "chanhvp": head_like("pgd1", []),
    "chanhthanhtra": head_like("pgd2", []),
    # The director keeps the Chi cục: his opinion and decision are one step.
    "chicuctruong": columns(
        [notice("giamdoc"), notice("phochicuc")], [decision("giamdoc")], [decision("giamdoc")]
    ),
    "phophong": staff_like("truongphong", "pgd1"),
    "chuyenvien": staff_like("truongphong", "pgd1"),
    "vanthu": staff_like("chanhvp", "pgd1"),
    "phochicuc": columns(
        [decision("chicuctruong")],
        [opinion("chicuctruong"), decision("giamdoc")],
        [opinion("chicuctruong"), decision("giamdoc")],
    ),
    # Phòng Kế hoạch has no head and no overseer: everything lands on the director, once.
    "chuyenvien_kh": columns(*[[decision("giamdoc")]] * 3),
    "giamdoc_tt": columns(
        [notice("phogiamdoc_tt")], [decision("pgd2")], [opinion("pgd2"), decision("giamdoc")]
    ),
    "phogiamdoc_tt": staff_like("giamdoc_tt", "pgd2"),
    # The Trung tâm's phòng has no head: its staff start with the Giám đốc Trung tâm.
    "vienchuc": staff_like("giamdoc_tt", "pgd2"),
    "nguoilaodong": staff_like("giamdoc_tt", "pgd2"),
    "laixe": columns(*[[decision("chanhvp")]] * 3),  # the default rule
}


@pytest.mark.parametrize(
    ("username", "days", "expected"),
    [
        pytest.param(username, days, expected, id=f"{username}-{days}")
        for username, row in AN_GIANG.items()
        for days, expected in row
    ],
)
def test_an_giang_table_gives_the_chain_of_each_row_and_column(ag, username, days, expected):
    resolved = chain(ag, username, AN_GIANG_LEAVE_POLICY, days)
    assert people(resolved) == expected
    assert resolved.recorded is not any(kind != "notice" for kind, _who, _acting in expected)


def test_an_giang_rule_names_say_which_row_and_column_applied(ag):
    assert chain(ag, "chuyenvien", AN_GIANG_LEAVE_POLICY, 2).rule_name == (
        "Phó trưởng phòng, công chức, nhân viên nghỉ trên 1 ngày"
    )
    assert chain(ag, "giamdoc", AN_GIANG_LEAVE_POLICY, 0.5).rule_name.startswith("Giám đốc Sở")
    assert chain(ag, "laixe", AN_GIANG_LEAVE_POLICY, 1).rule_name.startswith("Mặc định")


def test_an_giang_decision_of_an_absent_director_reaches_the_deputy_he_authorised(ag):
    DelegationFactory(delegator=ag["giamdoc"], delegate=ag["pgd1"], scope="leave")
    resolved = policy_resolve_chain(
        policy=AN_GIANG_LEAVE_POLICY,
        requester=ag["chuyenvien"],
        values={"days": 3},
        on=ON,
        kind="leave",
    )
    # pgd1 gives his opinion and then decides for the director: one step showing both names.
    assert people(resolved) == [opinion("truongphong"), ("decision", "giamdoc", "pgd1")]


def test_an_giang_deputy_director_authorised_by_the_director_cannot_approve_himself(ag):
    DelegationFactory(delegator=ag["giamdoc"], delegate=ag["pgd1"])
    resolved = chain(ag, "pgd1", AN_GIANG_LEAVE_POLICY, 2)
    assert people(resolved) == [decision("giamdoc")]
    assert "Người được ủy quyền là người đề nghị" in resolved.steps[0].note


HAI_DUONG = {
    "giamdoc": columns(*[[notice("chanhvp")]] * 3),
    "pgd1": columns(*[[decision("giamdoc")]] * 3),
    "chuyenvien": columns(
        [decision("truongphong")],
        *[[opinion("truongphong"), notice("pgd1"), decision("giamdoc")]] * 2,
    ),
    "phophong": columns(
        [decision("truongphong")],
        *[[opinion("truongphong"), notice("pgd1"), decision("giamdoc")]] * 2,
    ),
    "truongphong": columns([notice("pgd1")], [decision("giamdoc")], [decision("giamdoc")]),
    "giamdoc_tt": columns(*[[decision("giamdoc")]] * 3),
    "phogiamdoc_tt": columns(*[[decision("giamdoc")]] * 3),
    "vienchuc": columns(*[[decision("giamdoc_tt"), notice("chanhvp"), notice("giamdoc")]] * 3),
    "nguoilaodong": columns(*[[decision("giamdoc_tt"), notice("chanhvp"), notice("giamdoc")]] * 3),
    "laixe": columns(*[[decision("chanhvp")]] * 3),
}


@pytest.mark.parametrize(
    ("username", "days", "expected"),
    [
        pytest.param(username, days, expected, id=f"{username}-{days}")
        for username, row in HAI_DUONG.items()
        for days, expected in row
    ],
)
def test_hai_duong_table_gives_its_chains(ag, username, days, expected):
    assert people(chain(ag, username, HAI_DUONG_LEAVE_POLICY, days)) == expected


def test_hai_duong_annual_leave_of_office_staff_goes_through_van_phong(ag):
    resolved = chain(ag, "chuyenvien", HAI_DUONG_LEAVE_POLICY, 5, leave_type="annual")
    assert people(resolved) == [
        opinion("truongphong"),
        decision("giamdoc"),
        notice(roles.OFFICE),
    ]
    # Half a day of annual leave is still the Trưởng phòng's to grant.
    half = chain(ag, "chuyenvien", HAI_DUONG_LEAVE_POLICY, 0.5, leave_type="annual")
    assert people(half) == [decision("truongphong")]


@pytest.mark.parametrize("policy", [AN_GIANG_LEAVE_POLICY, HAI_DUONG_LEAVE_POLICY])
def test_demo_policies_are_sound_for_the_organisation(ag, policy):
    errors, warnings = policy_problems(policy=policy)
    assert errors == []
    assert warnings == []
