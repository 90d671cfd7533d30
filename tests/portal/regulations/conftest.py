from pathlib import Path

import pytest

from tests.factories import UserFactory, home_page, with_totp

SEEDS = Path(__file__).resolve().parents[3] / "portal" / "regulations" / "seeds"
DC = "quy-che-dan-chu-trung-tam-khuyen-cong-2025.txt"
HP = "quy-che-lam-viec-so-cong-thuong-hai-phong-2026.txt"
AG = "quy-che-lam-viec-so-tttt-an-giang-2023.txt"
KH = "cong-van-chan-chinh-trach-nhiem-khanh-hoa-2023.txt"
# (file, chapters, articles), counted by hand with grep "^Chương"/"^Điều" after the title.
SEED_COUNTS = [(DC, 4, 13), (HP, 5, 27), (AG, 6, 26)]


def seed_bytes(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def regulation_index(home):
    from portal.regulations.models import RegulationIndexPage

    index = RegulationIndexPage(title="Quy chế, quy định", slug="quy-che")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def admin_user(username: str = "quantri", **kwargs):
    """A user past the MFA gate (approvers and administrators must have TOTP)."""
    return with_totp(UserFactory(username=username, **kwargs))
