"""The leave chains of domain.md §2 on the demo organisation, through the real leave form.

The demo Sở is loaded with ``portal.demo.services.demo_data_load`` (the same code as
``manage.py load_demo_data``), so it carries the demo «Đơn xin nghỉ phép» page with the An
Giang table. Who is who (portal/demo/data.py): giamdoc is the Giám đốc Sở; phogiamdoc1 is
Lãnh đạo Sở phụ trách of Văn phòng and Phòng QLCN, phogiamdoc2 of Phòng QLTM and the Trung
tâm; the director keeps Phòng KH-TC (no head) himself; chanhvanphong heads Văn phòng; the
Trung tâm's Phòng Tổng hợp has no head, so its staff start with the Giám đốc Trung tâm.

Every request is filed through the leave form (``build_form`` + ``submission_create``), so the
form's own count of working days (``days``) is what the policy reads. A request where nobody
has to act (only notices, or no step at all) is recorded at once; otherwise it is pending.
"""

import json

import pytest

from flows.services import task_decide
from forms.fielddefs import build_form
from forms.leave.ledger import leave_balance
from forms.leave.models import LeaveFormPage
from forms.models import ApprovalStep, Submission
from forms.policy.demo import HAI_DUONG_LEAVE_POLICY
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from tests.factories import leave_form
from tests.flows.leave_support import (
    COLUMN_IDS,
    FILED_AT,
    OFFICE,
    chain_of,
    decision,
    leave_data,
    leave_request,
    notice,
    opinion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, time_machine):
    """The demo organisation and its leave form (An Giang table), on Monday 30/11/2026."""
    time_machine.move_to(FILED_AT, tick=False)
    demo_data_load(password="mat-khau-demo-2026", content=False)
    return LeaveFormPage.objects.get(slug="nghi-phep")


def expected_status(expected: list[tuple[str, str]]) -> str:
    if any(kind != "notice" for kind, _who in expected):
        return Submission.Status.PENDING
    return Submission.Status.RECORDED


def columns(half, one, two):
    return {0.5: half, 1: one, 2: two}


def staff_like(head: str, overseer: str) -> dict:
    """Phó trưởng phòng, công chức and the like: permission of the head for ½ day; opinion
    of the head, then approval of the overseer for 1 day; opinions of both, then the
    director's decision beyond."""
    return columns(
        [decision(head)],
        [opinion(head), decision(overseer)],
        [opinion(head), opinion(overseer), decision("giamdoc")],
    )


# Row id → (requester, colleague the work is handed to when a head is away ≥ 1 day, chains).
AN_GIANG = {
    # Arranges a half day himself (no step); from 1 day the Phó Giám đốc Sở (by seniority)
    # and the Chánh Văn phòng are told and the leave is recorded.
    "giam-doc-so": (
        "giamdoc",
        "phogiamdoc1",
        columns(
            [],
            [notice("phogiamdoc1"), notice("phogiamdoc2"), notice("chanhvanphong")],
            [notice("phogiamdoc1"), notice("phogiamdoc2"), notice("chanhvanphong")],
        ),
    ),
    "pho-giam-doc-so": (
        "phogiamdoc1",
        "",
        columns([], [decision("giamdoc")], [decision("giamdoc")]),
    ),
    # Half a day: tells his Lãnh đạo Sở phụ trách and his deputy.
    "truong-phong": (
        "truongphong_cn",
        "phophong_cn",
        columns(
            [notice("phogiamdoc1"), notice("phophong_cn")],
            [decision("phogiamdoc1")],
            [opinion("phogiamdoc1"), decision("giamdoc")],
        ),
    ),
    "pho-truong-phong": ("phophong_cn", "", staff_like("truongphong_cn", "phogiamdoc1")),
    "cong-chuc": ("chuyenvien_tm", "", staff_like("truongphong_tm", "phogiamdoc2")),
    "giam-doc-trung-tam": (
        "giamdoc_tt",
        "phogiamdoc_tt",
        columns(
            [notice("phogiamdoc_tt")],
            [decision("phogiamdoc2")],
            [opinion("phogiamdoc2"), decision("giamdoc")],
        ),
    ),
    "pho-giam-doc-trung-tam": ("phogiamdoc_tt", "", staff_like("giamdoc_tt", "phogiamdoc2")),
    # The note under the table: like a công chức, with the Trung tâm's own head first — the
    # Giám đốc Trung tâm, as Phòng Tổng hợp has no Trưởng phòng.
    "vien-chuc-trung-tam": ("vienchuc_tt", "", staff_like("giamdoc_tt", "phogiamdoc2")),
    # A demo particularity: Phòng KH-TC has no head and the director keeps it, so the head's
    # opinion, the overseer's and the director's decision all fall to giamdoc — one step.
    "cong-chuc-phong-giam-doc-giu": (
        "congdoan",
        "",
        columns([decision("giamdoc")], [decision("giamdoc")], [decision("giamdoc")]),
    ),
}


@pytest.mark.parametrize(
    ("username", "handover", "days", "expected"),
    [
        pytest.param(username, handover, days, expected, id=f"{row}-{COLUMN_IDS[days]}")
        for row, (username, handover, chains) in AN_GIANG.items()
        for days, expected in chains.items()
    ],
)
def test_an_giang_row_and_column_give_the_chain_of_domain_md(
    demo, username, handover, days, expected
):
    submission = leave_request(demo, username, days, handover_to=handover if days >= 1 else "")

    assert json.dumps(submission.data["days"]) == json.dumps(days)  # 0.5, 1, 2: JSON numbers
    assert chain_of(submission) == expected
    assert submission.status == expected_status(expected)


@pytest.mark.parametrize("username", ["giamdoc", "truongphong_cn", "giamdoc_tt"])
def test_demo_heads_away_a_day_must_name_who_takes_over(demo, username):
    requester = User.objects.get(username=username)

    form = build_form(demo, leave_data(1), {}, user=requester)

    assert not form.is_valid()
    assert list(form.errors) == ["handover_to"]


def test_demo_leave_form_runs_the_an_giang_table(demo):
    submission = leave_request(demo, "chuyenvien_cn", 2)

    assert submission.form_page_id == demo.pk
    assert submission.rule_name == "Phó trưởng phòng, công chức, nhân viên nghỉ trên 1 ngày"


def test_two_day_staff_request_approved_to_the_end(demo):
    submission = leave_request(demo, "chuyenvien_cn", 2)
    assert chain_of(submission) == [
        opinion("truongphong_cn"),
        opinion("phogiamdoc1"),
        decision("giamdoc"),
    ]

    deciders = []
    while submission.status == Submission.Status.PENDING:
        step = submission.steps.get(round=submission.round, state=ApprovalStep.State.ACTIVE)
        deciders.append(step.actor.username)
        submission = task_decide(step=step, user=step.actor, decision="approve")

    assert deciders == ["truongphong_cn", "phogiamdoc1", "giamdoc"]
    assert submission.status == Submission.Status.APPROVED
    assert set(submission.steps.values_list("state", flat=True)) == {ApprovalStep.State.DONE}
    # The two days are now taken from chuyenvien_cn's annual leave.
    balance = leave_balance(user=submission.requester, year=2026)
    assert (balance.used, balance.pending) == (2, 0)


@pytest.fixture
def hai_duong(demo):
    """A second leave form on the same organisation, running the Hải Dương table."""
    return leave_form(policy=HAI_DUONG_LEAVE_POLICY, slug="nghi-phep-hd")


@pytest.mark.parametrize(
    ("username", "days", "leave_type", "handover", "expected"),
    [
        # Staff: ½ day decided by the Trưởng phòng.
        pytest.param(
            "chuyenvien_cn", 0.5, "unpaid", "", [decision("truongphong_cn")],
            id="cong-chuc-nua-ngay",
        ),
        # 1 day or more: the Trưởng phòng agrees and informs his Phó Giám đốc phụ trách; the
        # Giám đốc Sở consents.
        pytest.param(
            "chuyenvien_cn", 1, "unpaid", "",
            [opinion("truongphong_cn"), notice("phogiamdoc1"), decision("giamdoc")],
            id="cong-chuc-1-ngay",
        ),
        pytest.param(
            "chuyenvien_tm", 2, "unpaid", "",
            [opinion("truongphong_tm"), notice("phogiamdoc2"), decision("giamdoc")],
            id="cong-chuc-2-ngay",
        ),
        # Annual leave of office staff: the Trưởng phòng agrees, the Giám đốc Sở approves,
        # Văn phòng handles the paperwork and the leave pay.
        pytest.param(
            "chuyenvien_cn", 2, "annual", "",
            [opinion("truongphong_cn"), decision("giamdoc"), notice(OFFICE)],
            id="cong-chuc-phep-nam",
        ),
        # Unit heads: ½ day reported to the deputy in charge; 1 day or more, the Giám đốc Sở.
        pytest.param(
            "truongphong_cn", 0.5, "annual", "", [notice("phogiamdoc1")],
            id="truong-phong-nua-ngay",
        ),
        pytest.param(
            "truongphong_cn", 1, "annual", "phophong_cn", [decision("giamdoc")],
            id="truong-phong-1-ngay",
        ),
        # Trung tâm staff: the Trung tâm's head approves, then reports to the Giám đốc Sở
        # through Văn phòng.
        pytest.param(
            "vienchuc_tt", 1, "annual", "",
            [decision("giamdoc_tt"), notice("chanhvanphong"), notice("giamdoc")],
            id="vien-chuc-trung-tam",
        ),
        # The Trung tâm's director and deputy: the Giám đốc Sở approves.
        pytest.param(
            "giamdoc_tt", 1, "annual", "phogiamdoc_tt", [decision("giamdoc")],
            id="giam-doc-trung-tam",
        ),
        pytest.param(
            "phogiamdoc_tt", 0.5, "annual", "", [decision("giamdoc")],
            id="pho-giam-doc-trung-tam",
        ),
    ],
)  # fmt: skip
def test_hai_duong_table_entered_as_data_gives_its_chains(
    hai_duong, username, days, leave_type, handover, expected
):
    submission = leave_request(
        hai_duong, username, days, leave_type=leave_type, handover_to=handover
    )

    assert json.dumps(submission.data["days"]) == json.dumps(days)
    assert chain_of(submission) == expected
    assert submission.status == expected_status(expected)
