"""The approval policy engine over small_organisation() (tests/factories.py).

Organisation: giamdoc heads the Sở with deputies pgd1, pgd2; Văn phòng (chanhvp) and Phòng
Quản lý công nghiệp (truongphong, phophong, chuyenvien) are overseen by pgd1; Phòng Kế hoạch
(chuyenvien_kh, no head) is kept by the director; the Trung tâm (giamdoc_tt) is overseen by
pgd2 and its Phòng Tổng hợp (vienchuc) has no head.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.blocks import StreamBlock, StructBlockValidationError

from forms.policy.blocks import POLICY_BLOCKS, StepBlock, position_choices, unit_choices
from forms.policy.demo import AN_GIANG_LEAVE_POLICY, HAI_DUONG_LEAVE_POLICY
from forms.policy.engine import (
    PolicyError,
    policy_match_rule,
    policy_preview,
    policy_resolve_chain,
    policy_rules,
    policy_validate,
    superior_of,
)
from forms.policy.rules import condition_holds
from portal.org import roles
from portal.org.models import Membership, Position
from portal.org.selectors import primary_membership
from tests.factories import DelegationFactory, UserFactory, add_to_role, member, position

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 2)


def step(kind, resolver, **extra):
    return {"kind": kind, "resolver": resolver, **extra}


def rule(name, steps, positions=(), units=(), conditions=()):
    value = {"name": name, "positions": list(positions), "units": list(units)}
    value |= {
        "conditions": [
            dict(zip(("field", "operator", "value"), c, strict=True)) for c in conditions
        ]
    }
    return {"type": "rule", "value": value | {"steps": steps}}


def only(*steps):
    return [rule("Một quy tắc", list(steps))]


def chain_of(org, username, policy, values=None, **kwargs):
    return policy_resolve_chain(
        policy=policy, requester=org[username], values=values or {}, on=ON, **kwargs
    )


def people(chain):
    return [
        (
            s.kind,
            s.approver.username if s.approver else s.group_code,
            s.acting and s.acting.username,
        )
        for s in chain.steps
    ]


@pytest.mark.parametrize(
    ("resolver", "requester", "expected", "extra"),
    [
        ("unit_head", "chuyenvien", "truongphong", {}),
        ("unit_head", "vienchuc", "giamdoc_tt", {}),  # the phòng has no head
        ("unit_deputy", "chuyenvien", "phophong", {}),
        ("overseer", "chuyenvien", "pgd1", {}),
        ("overseer", "vienchuc", "pgd2", {}),  # inherited from the Trung tâm
        ("overseer", "chuyenvien_kh", "giamdoc", {}),  # a unit the director keeps
        ("director", "chuyenvien", "giamdoc", {}),
        ("centre_head", "vienchuc", "giamdoc_tt", {}),
        ("office_head", "chuyenvien", "chanhvp", {}),
        ("person", "chuyenvien", "pgd2", {"person": "pgd2"}),
        ("group", "chuyenvien", roles.CLERK, {"group": roles.CLERK}),
    ],
)
def test_each_resolver_points_at_the_right_person(org, resolver, requester, expected, extra):
    chain = chain_of(org, requester, only(step("decision", resolver, **extra)))
    assert people(chain) == [("decision", expected, None)]
    assert not chain.recorded


def test_group_step_names_the_group_not_a_person(org):
    (resolved,) = chain_of(org, "chuyenvien", only(step("opinion", "group", group="van_thu"))).steps
    assert resolved.approver is None and resolved.group_code == roles.CLERK


def test_notice_to_deputies_reaches_every_deputy_but_an_action_only_the_first(org):
    deputy = Position.objects.get(code="pho-truong-phong")
    member(org["cn"], deputy, "phophong2")
    notices = chain_of(org, "truongphong", only(step("notice", "unit_deputy")))
    assert {s.approver.username for s in notices.steps} == {"phophong", "phophong2"}
    assert notices.recorded
    assert len(chain_of(org, "chuyenvien", only(step("opinion", "unit_deputy"))).steps) == 1


def test_first_matching_rule_wins_and_the_default_rule_catches_the_rest(org):
    policy = [
        rule(
            "Chuyên viên nghỉ trên 1 ngày",
            [step("decision", "director")],
            ["chuyen-vien"],
            (),
            [("days", "gt", "1")],
        ),
        rule("Chuyên viên", [step("decision", "overseer")], ["chuyen-vien"]),
        rule("Trung tâm", [step("decision", "centre_head")], (), ["TTKC"]),
        rule("Mặc định", [step("decision", "unit_head")]),
    ]
    assert chain_of(org, "chuyenvien", policy, {"days": 3}).rule_index == 0
    assert chain_of(org, "chuyenvien", policy, {"days": 1}).rule_name == "Chuyên viên"
    # Position beats unit here because the position rule comes first.
    assert chain_of(org, "vienchuc", policy, {"days": 1}).rule_index == 1
    assert chain_of(org, "giamdoc_tt", policy).rule_index == 2  # TTKC includes itself
    assert chain_of(org, "phophong", policy).rule_index == 3


def test_unit_rule_matches_the_unit_and_every_unit_below_it(org):
    rules = policy_rules(policy=[rule("Trung tâm", [], (), ["TTKC"])])
    inside = primary_membership(user=org["vienchuc"])
    outside = primary_membership(user=org["chuyenvien"])
    assert policy_match_rule(rules=rules, requester=None, membership=inside, values={})
    assert policy_match_rule(rules=rules, requester=None, membership=outside, values={}) is None


@pytest.mark.parametrize(
    ("days", "column"),
    [
        (0.5, 0),
        ("0.5", 0),
        ("0,5", 0),
        (Decimal("0.5"), 0),
        (1, 1),
        ("1", 1),
        (1.0, 1),
        (2, 2),
        ("2.5", 2),
        (Decimal("10"), 2),
    ],
)
def test_numeric_conditions_compare_as_numbers(org, days, column):
    policy = [
        rule("Nửa ngày", [], conditions=[("days", "lte", "0.5")]),
        rule("Một ngày", [], conditions=[("days", "lte", "1")]),
        rule("Trên một ngày", [], conditions=[("days", "gt", "1")]),
    ]
    assert chain_of(org, "chuyenvien", policy, {"days": days}).rule_index == column


@pytest.mark.parametrize(
    ("operator", "expected", "value", "holds"),
    [
        ("in", "province, abroad", "abroad", True),
        ("in", "province,abroad", "district", False),
        ("in", "1, 2, 3", "2.0", True),  # numbers compare as numbers inside lists too
        ("eq", "abroad", "abroad", True),
        ("ne", "abroad", "abroad", False),
        ("lt", "b", "a", True),  # not numbers: compared as text
        ("gte", "10", "9", False),  # numbers: 9 < 10 although "9" > "10" as text
    ],
)
def test_conditions_on_choices_and_text(operator, expected, value, holds):
    condition = {"field": "scope", "operator": operator, "value": expected}
    assert condition_holds(condition, {"scope": value}) is holds


def test_a_condition_on_a_missing_value_does_not_match(org):
    assert not condition_holds({"field": "days", "operator": "ne", "value": "1"}, {})
    policy = [rule("Có số ngày", [], conditions=[("days", "gt", "0")]), rule("Mặc định", [])]
    assert chain_of(org, "chuyenvien", policy, {"other": 1}).rule_index == 1


def test_unit_head_asking_his_own_approval_goes_to_his_overseer(org):
    (resolved,) = chain_of(org, "truongphong", only(step("decision", "unit_head"))).steps
    assert resolved.approver == org["pgd1"]
    assert "Người đề nghị là trưởng đơn vị: chuyển lên cấp trên" in resolved.note


def test_trung_tam_director_goes_to_the_deputy_director_in_charge(org):
    assert people(chain_of(org, "giamdoc_tt", only(step("decision", "unit_head")))) == [
        ("decision", "pgd2", None)
    ]


def test_head_of_a_trung_tam_phong_goes_to_the_trung_tam_director(org):
    head = Position.objects.get(code="truong-phong")
    org["truongphong_th"] = member(org["tt_th"], head, "truongphong_th")
    assert people(chain_of(org, "truongphong_th", only(step("decision", "unit_head")))) == [
        ("decision", "giamdoc_tt", None)
    ]


def test_deputy_director_named_as_approver_of_his_own_request_goes_to_the_director(org):
    chain = chain_of(org, "pgd1", only(step("decision", "person", person="pgd1")))
    assert people(chain) == [("decision", "giamdoc", None)]


def test_director_has_nobody_above_so_his_step_is_dropped_and_the_request_recorded(org):
    chain = chain_of(org, "giamdoc", only(step("decision", "unit_head")))
    assert chain.steps == [] and chain.recorded
    assert "không có cấp trên" in chain.notes[0]


def test_notice_to_the_requester_himself_is_dropped(org):
    chain = chain_of(org, "truongphong", only(step("notice", "unit_head")))
    assert chain.steps == [] and chain.recorded


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("giamdoc", None),
        ("pgd1", "giamdoc"),
        ("truongphong", "pgd1"),
        ("chanhvp", "pgd1"),
        ("phophong", "truongphong"),
        ("giamdoc_tt", "pgd2"),
        ("vienchuc", "giamdoc_tt"),
        ("chuyenvien_kh", "giamdoc"),
    ],
)
def test_superior_of_each_kind_of_person(org, username, expected):
    user = org[username]
    above = superior_of(user=user, membership=primary_membership(user=user), on=ON)
    assert (above.username if above else None) == expected


def test_consecutive_steps_for_the_same_person_merge_into_the_stronger(org):
    # The director keeps Phòng Kế hoạch himself: his opinion and his decision are one step.
    policy = only(
        step("opinion", "overseer", deadline_days=5, signer_title="KT. GIÁM ĐỐC"),
        step("decision", "director", deadline_days=2, signer_title="GIÁM ĐỐC"),
    )
    (merged,) = chain_of(org, "chuyenvien_kh", policy).steps
    assert (merged.kind, merged.approver, merged.deadline_days) == ("decision", org["giamdoc"], 5)
    assert merged.signer_title == "GIÁM ĐỐC" and "Gộp với bước trước" in merged.note
    reverse = only(step("decision", "director"), step("opinion", "overseer"))
    assert people(chain_of(org, "chuyenvien_kh", reverse)) == [("decision", "giamdoc", None)]


def test_notices_never_merge_with_action_steps(org):
    policy = only(
        step("notice", "director"), step("decision", "director"), step("notice", "director")
    )
    assert [s.kind for s in chain_of(org, "chuyenvien", policy).steps] == [
        "notice",
        "decision",
        "notice",
    ]


def test_pho_phong_acting_for_his_head_gives_one_merged_step_showing_both(org):
    DelegationFactory(delegator=org["truongphong"], delegate=org["phophong"], scope="leave")
    policy = only(step("opinion", "unit_deputy"), step("decision", "unit_head"))
    assert people(chain_of(org, "chuyenvien", policy, kind="leave")) == [
        ("decision", "truongphong", "phophong")
    ]


def test_delegation_shows_the_delegate_acting_and_keeps_the_approver(org):
    delegation = DelegationFactory(delegator=org["truongphong"], delegate=org["phophong"])
    (resolved,) = chain_of(org, "chuyenvien", only(step("decision", "unit_head"))).steps
    assert (resolved.approver, resolved.acting) == (org["truongphong"], org["phophong"])
    assert resolved.delegation_id == delegation.pk
    assert resolved.note.startswith("Ủy quyền cho")
    after = policy_resolve_chain(
        policy=only(step("decision", "unit_head")),
        requester=org["chuyenvien"],
        values={},
        on=datetime.date(2026, 12, 6),
    )
    assert people(after) == [("decision", "truongphong", None)]


def test_delegation_for_one_kind_of_work_only_applies_to_that_kind(org):
    DelegationFactory(delegator=org["truongphong"], delegate=org["phophong"], scope="trip")
    policy = only(step("decision", "unit_head"))
    assert people(chain_of(org, "chuyenvien", policy, kind="leave"))[0][2] is None
    assert people(chain_of(org, "chuyenvien", policy, kind="trip"))[0][2] == "phophong"


def test_delegate_who_is_the_requester_sends_the_step_above_the_approver(org):
    DelegationFactory(delegator=org["truongphong"], delegate=org["phophong"])
    (resolved,) = chain_of(org, "phophong", only(step("decision", "unit_head"))).steps
    assert (resolved.approver, resolved.acting) == (org["pgd1"], None)
    assert "Người được ủy quyền là người đề nghị" in resolved.note


def test_requester_without_a_unit_or_without_a_rule_gets_a_policy_error(org):
    with pytest.raises(PolicyError, match="chưa được xếp vào đơn vị"):
        policy_resolve_chain(policy=only(), requester=UserFactory(), values={}, on=ON)
    with pytest.raises(PolicyError, match="Không có quy tắc"):
        chain_of(org, "chuyenvien", [rule("Chỉ Giám đốc", [], ["giam-doc-so"])])


def test_a_decision_nobody_can_take_stops_the_request_but_a_missing_opinion_is_skipped(org):
    with pytest.raises(PolicyError, match="Giám đốc Trung tâm"):
        chain_of(org, "chuyenvien", only(step("decision", "centre_head")))
    chain = chain_of(
        org, "chuyenvien", only(step("opinion", "centre_head"), step("decision", "unit_head"))
    )
    assert people(chain) == [("decision", "truongphong", None)]
    assert "không tìm được ai" in chain.notes[0]


def test_preview_gives_the_same_chain_as_resolution(org):
    policy = only(step("opinion", "unit_head"), step("decision", "overseer"))
    preview = policy_preview(policy=policy, requester=org["chuyenvien"], values={})
    assert people(preview) == [("opinion", "truongphong", None), ("decision", "pgd1", None)]


def test_policy_without_rules_is_reported():
    assert policy_validate(policy=[]) == [
        "Chưa có quy tắc nào: không đơn nào tìm được người phê duyệt."
    ]


def test_missing_default_unreachable_shadowed_and_unknown_codes_are_reported(org):
    policy = [
        rule("A", [step("decision", "unit_head")], ["chuyen-vien"]),
        rule("B", [step("decision", "unit_head")], ["chuyen-vien"]),
        rule(
            "C",
            [step("decision", "group"), step("decision", "person", person="nobody")],
            ["khong-co"],
            ["XYZ"],
        ),
    ]
    problems = policy_validate(policy=policy)
    assert (
        "Quy tắc 2 có cùng điều kiện (hoặc hẹp hơn) quy tắc 1 nên không bao giờ được áp dụng."
        in problems
    )
    assert "Quy tắc 3: không có chức vụ mã khong-co." in problems
    assert "Quy tắc 3: không có đơn vị mã XYZ." in problems
    assert "Quy tắc 3, bước 1: chưa chọn nhóm chức năng." in problems
    assert "Quy tắc 3, bước 2: không có người dùng đang hoạt động “nobody”." in problems
    assert any(p.startswith("Chưa có quy tắc mặc định ở cuối") for p in problems)

    after_default = [rule("Mặc định", []), rule("Thừa", [], ["chuyen-vien"])]
    assert policy_validate(policy=after_default) == [
        "Quy tắc 2 đứng sau quy tắc mặc định 1 nên không bao giờ được áp dụng."
    ]


def test_resolvers_that_find_nobody_are_reported_per_unit(org):
    problems = policy_validate(policy=only(step("decision", "centre_head")))
    assert (
        'Quy tắc 1, bước 1: "Giám đốc Trung tâm" không tìm được ai '
        'cho đơn vị "Phòng Quản lý công nghiệp".'
    ) in problems
    assert not any('"Trung tâm Khuyến công"' in p for p in problems)
    # Limited to the Trung tâm's chuyên viên, the rule reaches only units where they work.
    centre_staff = [
        rule("Viên chức", [step("decision", "centre_head")], ["chuyen-vien"], ["TTKC"]),
        rule("Mặc định", []),
    ]
    assert policy_validate(policy=centre_staff) == []

    Membership.objects.filter(user__in=[org["chanhvp"], org["giamdoc"]]).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    problems = policy_validate(
        policy=only(step("decision", "office_head"), step("decision", "unit_head"))
    )
    assert 'Quy tắc 1, bước 1: "Chánh Văn phòng" không tìm được ai.' in problems
    assert (
        'Quy tắc 1, bước 2: "Trưởng đơn vị của người đề nghị" không tìm được ai '
        'cho đơn vị "Phòng Kế hoạch - Tài chính".'
    ) in problems


def test_rules_with_only_notices_or_no_steps_are_valid(org):
    policy = [
        rule("Ghi nhận", [], ["giam-doc-so"]),
        rule("Mặc định", [step("notice", "group", group=roles.OFFICE), step("notice", "director")]),
    ]
    assert policy_validate(policy=policy) == [
        'Quy tắc 2, bước 1: nhóm "Văn phòng" chưa có thành viên.'
    ]
    add_to_role(org["chanhvp"], roles.OFFICE)
    assert policy_validate(policy=policy) == []


def test_demo_policies_have_no_errors_in_the_blocks_or_the_validator(org):
    block = StreamBlock(POLICY_BLOCKS)
    for policy in (AN_GIANG_LEAVE_POLICY, HAI_DUONG_LEAVE_POLICY):
        value = block.clean(block.to_python(policy))
        assert policy_rules(policy=value) == policy_rules(policy=policy)
        assert not any(
            "không có" in p or "không bao giờ" in p for p in policy_validate(policy=value)
        )


def test_step_block_requires_the_target_of_group_and_person_steps(org):
    block = StepBlock()
    with pytest.raises(StructBlockValidationError) as missing:
        block.clean(block.to_python({"kind": "decision", "resolver": "group"}))
    assert set(missing.value.block_errors) == {"group"}
    with pytest.raises(StructBlockValidationError) as unknown:
        block.clean(block.to_python({"kind": "decision", "resolver": "person", "person": "ai"}))
    assert "ai" in unknown.value.block_errors["person"].messages[0]
    block.clean(block.to_python({"kind": "decision", "resolver": "person", "person": "pgd1"}))


def test_choices_come_from_the_database(org):
    position(Position.Level.MEMBER, "Lái xe", "lai-xe")
    assert ("lai-xe", "Lái xe") in position_choices()
    labels = dict(unit_choices())
    assert labels["SCT"] == "Sở Công Thương (SCT)"
    assert labels["TTKC-TH"] == "— — Phòng Tổng hợp (TTKC-TH)"
