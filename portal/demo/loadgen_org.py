"""The generated part of the load organisation: Trung tâm-like units under the demo Sở, each
with its own phòng, heads, deputies and viên chức, in bulk.

Every generated account has a username starting with ``PREFIX`` and the demo password; units
have codes starting with ``UNIT_PREFIX``. Re-running with the same ``staff`` finds them again.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth.hashers import make_password

from portal.accounts.models import User
from portal.org.models import Membership, Position, Unit

PREFIX = "lg"
UNIT_PREFIX = "LG"
STAFF_PER_DIVISION = 20
DIVISIONS_PER_CENTRE = 10
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Đức", "Hoài"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khánh", "Linh", "Nam", "Phúc", "Quân"]


@dataclass
class LoadOrg:
    # Requesters grouped by their membership: (unit, position) → users.
    members: list[Membership] = field(default_factory=list)
    approvers: list[User] = field(default_factory=list)


def _name(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)}", rng.choice(GIVEN)


def load_org_ensure(*, staff: int, password: str, seed: int = 0) -> LoadOrg:
    """Centres of ``DIVISIONS_PER_CENTRE`` phòng of ``STAFF_PER_DIVISION`` people, overseen
    in turn by the demo's two Phó Giám đốc Sở, until ``staff`` accounts exist."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    root = Unit.objects.get(code="SCT")
    overseers = list(User.objects.filter(username__in=["phogiamdoc1", "phogiamdoc2"]))
    positions = {p.code: p for p in Position.objects.all()}
    per_centre = 2 + DIVISIONS_PER_CENTRE * STAFF_PER_DIVISION
    centres = max(1, -(-staff // per_centre))
    password_hash = make_password(password)  # one hash: hashing 2,000 times takes minutes

    existing_units = {u.code: u for u in Unit.objects.filter(code__startswith=UNIT_PREFIX)}
    units: list[tuple[Unit, str, str]] = []  # (unit, head position, deputy position)
    for c in range(centres):
        code = f"{UNIT_PREFIX}{c + 1:02d}"
        centre = existing_units.get(code) or Unit.objects.create(
            code=code,
            name=f"Trung tâm Dịch vụ số {c + 1}",
            short_name=f"TTDVS {c + 1}",
            kind=Unit.Kind.CENTRE,
            parent=root,
            overseer=overseers[c % len(overseers)] if overseers else None,
            sort_order=100 + c,
        )
        units.append((centre, "giam-doc-trung-tam", "pho-giam-doc-trung-tam"))
        for d in range(DIVISIONS_PER_CENTRE):
            sub_code = f"{code}-P{d + 1:02d}"
            division = existing_units.get(sub_code) or Unit.objects.create(
                code=sub_code,
                name=f"Phòng Nghiệp vụ {d + 1}",
                short_name=f"P.NV{d + 1}",
                kind=Unit.Kind.SUB_DIVISION,
                parent=centre,
                sort_order=d,
            )
            units.append((division, "truong-phong", "pho-truong-phong"))

    wanted: list[tuple[str, Unit, Position]] = []
    for unit, head, deputy in units:
        size = 2 if unit.kind == Unit.Kind.CENTRE else STAFF_PER_DIVISION
        for i in range(size):
            code = head if i == 0 else deputy if i == 1 else "vien-chuc"
            wanted.append((f"{PREFIX}-{unit.code.lower()}-{i + 1:02d}", unit, positions[code]))
    wanted = wanted[:staff]

    have = set(
        User.objects.filter(username__startswith=f"{PREFIX}-").values_list("username", flat=True)
    )
    new_users = []
    for username, _unit, _position in wanted:
        if username in have:
            continue
        family, given = _name(rng)
        new_users.append(
            User(
                username=username,
                last_name=family,
                first_name=given,
                email=f"{username}@load.example.gov.vn",
                password=password_hash,
                is_active=True,
            )
        )
    User.objects.bulk_create(new_users, batch_size=1000)
    users = {u.username: u for u in User.objects.filter(username__startswith=f"{PREFIX}-")}

    have_members = set(
        Membership.objects.filter(user__username__startswith=f"{PREFIX}-").values_list(
            "user_id", flat=True
        )
    )
    today = date.today()
    Membership.objects.bulk_create(
        [
            Membership(
                user=users[username],
                unit=unit,
                position=position,
                start_date=today - timedelta(days=rng.randint(200, 30 * 365)),
                is_primary=True,
            )
            for username, unit, position in wanted
            if users[username].pk not in have_members
        ],
        batch_size=1000,
    )
    memberships = list(
        Membership.objects.filter(user__username__in=[w[0] for w in wanted]).select_related(
            "user", "unit", "position"
        )
    )
    approvers = [m.user for m in memberships if m.position.level != Position.Level.MEMBER]
    return LoadOrg(members=memberships, approvers=approvers)


def approvers_mfa_ensure(*, users: list[User]) -> int:
    """A TOTP authenticator for each approver who has none, as after his first login."""
    have = set(
        Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP).values_list(
            "user_id", flat=True
        )
    )
    adapter = get_adapter()
    missing = [
        Authenticator(
            user=u,
            type=Authenticator.Type.TOTP,
            data={"secret": adapter.encrypt(generate_totp_secret())},
        )
        for u in users
        if u.pk not in have
    ]
    Authenticator.objects.bulk_create(missing, batch_size=1000)
    return len(missing)
