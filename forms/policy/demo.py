"""The leave policies of domain.md §2 as raw StreamField JSON, ready for ``approval_policy``.

Both read the submission value ``days`` (working days of leave). The An Giang table's three
columns become three rules per row, tried in order: ``days ≤ 0.5`` (½ day), ``days ≤ 1``
(1 day), then the same positions with no condition ("more than 1 day"), so that a request
whose length is missing gets the longest chain rather than falling through to the default.

Position codes are those of portal.org.defaults. Things the tables cannot say by position
alone, and how the demo settles them:

* "Trưởng phòng (or deputy acting as head)": a deputy standing in for an absent head gets
  the head's approvals through a delegation (ủy quyền); a deputy running a unit with no head
  for good should be given a HEAD-level position (e.g. "Phó trưởng phòng phụ trách"), whose
  code the administrator adds to the heads' rules.
* A Trưởng phòng inside a Trung tâm matches the heads' rules (Lãnh đạo Sở phụ trách, then
  Giám đốc Sở); a Sở that wants the Giám đốc Trung tâm involved adds a rule limited to the
  Trung tâm's unit code before them.
* Signer titles are set only where the Giám đốc Sở signs: a step for the Lãnh đạo Sở phụ
  trách may land on the director himself (units he keeps), so "KT. GIÁM ĐỐC" is left to the
  documents, which know who signed.
"""

from portal.org.roles import OFFICE

DIRECTOR = ["giam-doc-so"]
DEPUTY_DIRECTORS = ["pho-giam-doc-so"]
# Heads of phòng-level units: phòng, Văn phòng, Thanh tra, Chi cục.
UNIT_HEADS = ["truong-phong", "chanh-van-phong", "chanh-thanh-tra", "chi-cuc-truong"]
STAFF = [
    "pho-truong-phong",
    "pho-chanh-van-phong",
    "pho-chanh-thanh-tra",
    "pho-chi-cuc-truong",
    "chuyen-vien",
    "cong-chuc",
    "van-thu",
    "bao-ve",
]
CENTRE_DIRECTOR = ["giam-doc-trung-tam"]
CENTRE_DEPUTY = ["pho-giam-doc-trung-tam"]
CENTRE_STAFF = ["vien-chuc", "nguoi-lao-dong"]

HALF_DAY = [{"field": "days", "operator": "lte", "value": "0.5"}]
ONE_DAY = [{"field": "days", "operator": "lte", "value": "1"}]


def _step(kind, resolver, *, days=None, signer="", group="", person=""):
    if days is None:
        days = {"opinion": 1, "decision": 2, "notice": 0}[kind]
    return {
        "kind": kind,
        "resolver": resolver,
        "group": group,
        "person": person,
        "deadline_days": days,
        "signer_title": signer,
    }


def _rule(name, positions=(), conditions=(), steps=()):
    return {
        "type": "rule",
        "value": {
            "name": name,
            "positions": list(positions),
            "units": [],
            "conditions": [dict(c) for c in conditions],
            "steps": list(steps),
        },
    }


def _opinion(resolver):
    return _step("opinion", resolver)


def _decide(resolver):
    return _step("decision", resolver, signer="GIÁM ĐỐC" if resolver == "director" else "")


def _notice(resolver, **kwargs):
    return _step("notice", resolver, **kwargs)


def _three_columns(label, positions, half, one, more):
    return [
        _rule(f"{label} nghỉ nửa ngày", positions, HALF_DAY, half),
        _rule(f"{label} nghỉ 1 ngày", positions, ONE_DAY, one),
        _rule(f"{label} nghỉ trên 1 ngày", positions, (), more),
    ]


def _staff_like(label, positions):
    # Phó trưởng phòng, công chức, nhân viên: the unit head first (effective_unit_head, so a
    # viên chức in a Trung tâm phòng without a head gets the Giám đốc Trung tâm).
    return _three_columns(
        label,
        positions,
        [_decide("unit_head")],
        [_opinion("unit_head"), _decide("overseer")],
        [_opinion("unit_head"), _opinion("overseer"), _decide("director")],
    )


AN_GIANG_LEAVE_POLICY = [
    _rule("Giám đốc Sở nghỉ nửa ngày (tự bố trí)", DIRECTOR, HALF_DAY, []),
    # "Notify the deputy in charge and file a request": nobody is in charge of the director,
    # so the Phó Giám đốc Sở all hear of it (the one he authorises acts through the
    # delegation) and the Chánh Văn phòng files it. Only notices: the leave is recorded.
    _rule(
        "Giám đốc Sở nghỉ từ 1 ngày (thông báo, ghi nhận)",
        DIRECTOR,
        (),
        [_notice("unit_deputy"), _notice("office_head")],
    ),
    _rule("Phó Giám đốc Sở nghỉ nửa ngày (tự bố trí)", DEPUTY_DIRECTORS, HALF_DAY, []),
    _rule("Phó Giám đốc Sở nghỉ từ 1 ngày", DEPUTY_DIRECTORS, (), [_decide("director")]),
    *_three_columns(
        "Trưởng phòng",
        UNIT_HEADS,
        [_notice("overseer"), _notice("unit_deputy")],
        [_decide("overseer")],
        [_opinion("overseer"), _decide("director")],
    ),
    *_staff_like("Phó trưởng phòng, công chức, nhân viên", STAFF),
    *_three_columns(
        "Giám đốc Trung tâm",
        CENTRE_DIRECTOR,
        [_notice("unit_deputy")],
        [_decide("overseer")],
        [_opinion("overseer"), _decide("director")],
    ),
    *_staff_like("Phó Giám đốc Trung tâm", CENTRE_DEPUTY),
    *_staff_like("Viên chức, người lao động Trung tâm", CENTRE_STAFF),
    _rule("Mặc định: trưởng đơn vị phê duyệt", (), (), [_decide("unit_head")]),
]


# The Hải Dương rules say nothing of the Lãnh đạo Sở: the director arranges his own leave and
# Văn phòng is told so that it is filed (recorded); a deputy asks the director, as in An Giang.
HAI_DUONG_LEAVE_POLICY = [
    _rule("Giám đốc Sở nghỉ phép (tự bố trí)", DIRECTOR, (), [_notice("office_head")]),
    _rule("Công chức nghỉ nửa ngày", STAFF, HALF_DAY, [_decide("unit_head")]),
    # Annual leave: Văn phòng handles the paperwork and the leave pay. ``leave_type`` is the
    # form's choice of leave; a form without it simply skips this rule.
    _rule(
        "Công chức nghỉ phép năm",
        STAFF,
        [{"field": "leave_type", "operator": "eq", "value": "annual"}],
        [_opinion("unit_head"), _decide("director"), _notice("group", group=OFFICE)],
    ),
    # The Trưởng phòng agrees and informs his Phó Giám đốc phụ trách; the director decides.
    _rule(
        "Công chức nghỉ từ 1 ngày",
        STAFF,
        (),
        [_opinion("unit_head"), _notice("overseer"), _decide("director")],
    ),
    _rule("Trưởng phòng nghỉ nửa ngày (báo cáo)", UNIT_HEADS, HALF_DAY, [_notice("overseer")]),
    _rule("Trưởng phòng nghỉ từ 1 ngày", UNIT_HEADS, (), [_decide("director")]),
    _rule(
        "Lãnh đạo Trung tâm nghỉ phép",
        CENTRE_DIRECTOR + CENTRE_DEPUTY,
        (),
        [_decide("director")],
    ),
    # The Trung tâm's head approves, then reports to the Giám đốc Sở through Văn phòng.
    _rule(
        "Viên chức, người lao động Trung tâm nghỉ phép",
        CENTRE_STAFF,
        (),
        [_decide("centre_head"), _notice("office_head"), _notice("director")],
    ),
    _rule("Phó Giám đốc Sở nghỉ phép", DEPUTY_DIRECTORS, (), [_decide("director")]),
    _rule("Mặc định: trưởng đơn vị phê duyệt", (), (), [_decide("unit_head")]),
]


def two_step_policy(first: str = "unit_head", second: str = "overseer") -> list[dict]:
    """One catch-all rule: an opinion of ``first``, then a decision of ``second``, two working
    days each — the shape of the demo "Giấy đề nghị" and of most simple forms."""
    return [
        _rule(
            "Mọi trường hợp",
            steps=[_step("opinion", first, days=2), _step("decision", second, days=2)],
        )
    ]
