"""The demo overtime policy (domain.md §3): the unit head decides, Văn phòng and the security
desk are told. The Trưởng phòng's own overtime goes to the deputy director in charge."""

from forms.policy.demo import CENTRE_DIRECTOR, UNIT_HEADS, _decide, _notice, _rule
from portal.org.roles import OFFICE, SECURITY

_NOTICES = [_notice("group", group=OFFICE), _notice("group", group=SECURITY)]

OVERTIME_POLICY = [
    _rule(
        "Trưởng đơn vị làm ngoài giờ",
        UNIT_HEADS + CENTRE_DIRECTOR,
        (),
        [_decide("overseer"), *_NOTICES],
    ),
    _rule(
        "Mọi trường hợp khác: trưởng đơn vị quyết định", (), (), [_decide("unit_head"), *_NOTICES]
    ),
]
