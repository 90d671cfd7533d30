"""The demo trip and report policies (domain.md §4) as StreamField data.

Trip requests read ``scope`` (in_province | out_of_province | abroad) and ``days``; every
trip out of the province is at least one day, so "out of the province, 1 day or more" is
simply ``scope = out_of_province``. Reports read the ``scope`` of their trip.
"""

from forms.policy.demo import (
    CENTRE_DIRECTOR,
    DEPUTY_DIRECTORS,
    DIRECTOR,
    UNIT_HEADS,
    _decide,
    _notice,
    _opinion,
    _rule,
)
from portal.org.roles import OFFICE

HEADS = UNIT_HEADS + CENTRE_DIRECTOR
ABROAD = [{"field": "scope", "operator": "eq", "value": "abroad"}]
OUT = [{"field": "scope", "operator": "eq", "value": "out_of_province"}]

TRIP_POLICY = [
    _rule("Giám đốc Sở đi công tác (Văn phòng ghi nhận)", DIRECTOR, (), [_notice("office_head")]),
    _rule(
        "Đi nước ngoài: Giám đốc Sở quyết định",
        (),
        ABROAD,
        [_opinion("unit_head"), _decide("director"), _notice("group", group=OFFICE)],
    ),
    _rule("Phó Giám đốc Sở đi công tác", DEPUTY_DIRECTORS, (), [_decide("director")]),
    _rule("Trưởng đơn vị đi ngoài tỉnh", HEADS, OUT, [_decide("overseer")]),
    _rule("Trưởng đơn vị đi trong tỉnh (báo cáo)", HEADS, (), [_notice("overseer")]),
    _rule(
        "Công chức, viên chức đi ngoài tỉnh",
        (),
        OUT,
        [_opinion("unit_head"), _decide("overseer")],
    ),
    _rule("Công chức, viên chức đi trong tỉnh", (), (), [_decide("unit_head")]),
]

TRIP_REPORT_POLICY = [
    _rule("Báo cáo của Giám đốc Sở (Văn phòng lưu)", DIRECTOR, (), [_notice("office_head")]),
    # HP Đ23.9: after a trip abroad, report to the Giám đốc Sở, a copy to Văn phòng.
    _rule(
        "Báo cáo chuyến đi nước ngoài",
        (),
        ABROAD,
        [_decide("director"), _notice("group", group=OFFICE)],
    ),
    _rule("Báo cáo của Phó Giám đốc Sở", DEPUTY_DIRECTORS, (), [_decide("director")]),
    # AG Đ13.3–13.4: unit leaders report to the deputy in charge and the director.
    _rule("Báo cáo của trưởng đơn vị", HEADS, (), [_opinion("overseer"), _decide("director")]),
    # AG Đ11.5: staff report to their Trưởng phòng and the Lãnh đạo Sở phụ trách.
    _rule("Báo cáo của công chức, viên chức", (), (), [_opinion("unit_head"), _decide("overseer")]),
]
