import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.org import selectors
from portal.org.models import Delegation, Unit
from portal.org.services import delegation_create, delegation_revoke
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_unit_tree_walks_up_to_the_root(org):
    assert [u.code for u in org["tt_th"].ancestors(include_self=True)] == ["TTKC-TH", "TTKC", "SCT"]
    assert org["tt_th"].root == org["so"]


def test_unit_cannot_become_its_own_ancestor(org):
    so = org["so"]
    tt = org["tt"]
    tt.parent = org["tt_th"]
    with pytest.raises(ValidationError) as exc:
        tt.full_clean()
    assert "vòng lặp" in str(exc.value)
    so.parent = org["cn"]
    with pytest.raises(ValidationError):
        so.full_clean()


def test_only_the_department_may_be_a_root(org):
    lone = Unit(name="Phòng lạc", code="LAC", kind=Unit.Kind.DIVISION)
    with pytest.raises(ValidationError) as exc:
        lone.full_clean()
    assert "gốc" in str(exc.value)


def test_unit_heads_and_deputies_come_from_positions(org):
    assert selectors.unit_head(unit=org["cn"]) == org["truongphong"]
    assert selectors.unit_deputies(unit=org["cn"]) == [org["phophong"]]
    assert selectors.department_director() == org["giamdoc"]
    assert selectors.office_head() == org["chanhvp"]


def test_unit_without_head_falls_back_to_the_nearest_head_above(org):
    assert selectors.unit_head(unit=org["tt_th"]) is None
    assert selectors.effective_unit_head(unit=org["tt_th"]) == org["giamdoc_tt"]
    assert selectors.centre_of(unit=org["tt_th"]) == org["tt"]
    assert selectors.centre_of(unit=org["cn"]) is None


def test_overseer_is_set_inherited_or_the_director(org):
    assert selectors.unit_overseer(unit=org["cn"]) == org["pgd1"]
    # The Trung tâm's own phòng inherits the deputy in charge of the Trung tâm.
    assert selectors.unit_overseer(unit=org["tt_th"]) == org["pgd2"]
    # A unit nobody was put in charge of is kept by the director himself.
    assert selectors.unit_overseer(unit=org["kh"]) == org["giamdoc"]


def test_ended_membership_no_longer_makes_a_head(org):
    membership = org["truongphong"].memberships.get()
    membership.end_date = D(2020, 1, 1)
    membership.save()
    assert selectors.unit_head(unit=org["cn"]) is None
    assert selectors.primary_membership(user=org["truongphong"]) is None


def test_delegation_routes_work_to_the_delegate_only_while_valid(org):
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Nghỉ phép",
    )
    boss = org["truongphong"]
    assert selectors.active_delegate(user=boss, on=D(2026, 11, 30)) is None
    assert selectors.active_delegate(user=boss, on=D(2026, 12, 1)) == org["phophong"]
    assert selectors.active_delegate(user=boss, on=D(2026, 12, 5)) == org["phophong"]
    assert selectors.active_delegate(user=boss, on=D(2026, 12, 6)) is None


def test_delegation_for_one_kind_of_work_applies_only_to_it(org):
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Chỉ duyệt nghỉ phép",
        scope=Delegation.Scope.LEAVE,
    )
    on = D(2026, 12, 2)
    assert (
        selectors.active_delegate(user=org["truongphong"], on=on, kind="leave") == org["phophong"]
    )
    assert selectors.active_delegate(user=org["truongphong"], on=on, kind="trip") is None


def test_delegation_follows_a_chain_of_absences(org):
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Công tác",
    )
    delegation_create(
        delegator=org["phophong"],
        delegate=org["chuyenvien"],
        start_date=D(2026, 12, 3),
        end_date=D(2026, 12, 4),
        reason="Nghỉ ốm",
    )
    assert selectors.active_delegate(user=org["truongphong"], on=D(2026, 12, 2)) == org["phophong"]
    assert (
        selectors.active_delegate(user=org["truongphong"], on=D(2026, 12, 3)) == org["chuyenvien"]
    )


def test_overlapping_delegation_of_the_same_scope_is_refused(org):
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Công tác",
    )
    with pytest.raises(ValidationError) as exc:
        delegation_create(
            delegator=org["truongphong"],
            delegate=org["chuyenvien"],
            start_date=D(2026, 12, 5),
            end_date=D(2026, 12, 8),
            reason="Nghỉ phép",
        )
    message = str(exc.value)
    assert "01/12/2026" in message and "05/12/2026" in message
    # Right after the first one ends is fine.
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["chuyenvien"],
        start_date=D(2026, 12, 6),
        end_date=D(2026, 12, 8),
        reason="Nghỉ phép",
    )


def test_revoked_delegation_no_longer_blocks_or_routes(org):
    first = delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Công tác",
    )
    delegation_revoke(delegation=first)
    assert selectors.active_delegate(user=org["truongphong"], on=D(2026, 12, 2)) is None
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["chuyenvien"],
        start_date=D(2026, 12, 2),
        end_date=D(2026, 12, 3),
        reason="Thay đổi",
    )


@pytest.mark.parametrize(
    ("start", "end", "who", "expected"),
    [
        (D(2026, 12, 5), D(2026, 12, 1), "phophong", "trước ngày bắt đầu"),
        (D(2026, 12, 1), D(2026, 12, 5), "truongphong", "chính mình"),
    ],
)
def test_invalid_delegation_gets_a_vietnamese_error(org, start, end, who, expected):
    with pytest.raises(ValidationError) as exc:
        delegation_create(
            delegator=org["truongphong"],
            delegate=org[who],
            start_date=start,
            end_date=end,
            reason="Thử",
        )
    assert expected in str(exc.value)


def test_circular_delegation_is_refused(org):
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=D(2026, 12, 1),
        end_date=D(2026, 12, 5),
        reason="Công tác",
    )
    with pytest.raises(ValidationError) as exc:
        delegation_create(
            delegator=org["phophong"],
            delegate=org["truongphong"],
            start_date=D(2026, 12, 4),
            end_date=D(2026, 12, 9),
            reason="Nghỉ",
        )
    assert "vòng tròn" in str(exc.value)


def test_delegation_to_a_disabled_account_is_refused(org):
    gone = UserFactory(username="danghi", is_active=False)
    with pytest.raises(ValidationError):
        delegation_create(
            delegator=org["truongphong"],
            delegate=gone,
            start_date=D(2026, 12, 1),
            end_date=D(2026, 12, 5),
            reason="Công tác",
        )


def test_unit_code_is_normalised_to_upper_case(org):
    unit = UnitFactory.build(name="Phòng mới", code=" qlnl ", parent=org["so"])
    unit.full_clean()
    assert unit.code == "QLNL"
