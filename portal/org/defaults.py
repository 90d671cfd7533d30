"""Positions every Sở has (domain.md §1); created on migrate, editable in the admin."""

from .models import Position

HEAD, DEPUTY, MEMBER = Position.Level.HEAD, Position.Level.DEPUTY, Position.Level.MEMBER

# (code, name, level, rank): lower ranks are listed first.
DEFAULT_POSITIONS = [
    ("giam-doc-so", "Giám đốc Sở", HEAD, 1),
    ("pho-giam-doc-so", "Phó Giám đốc Sở", DEPUTY, 2),
    ("chanh-van-phong", "Chánh Văn phòng", HEAD, 10),
    ("pho-chanh-van-phong", "Phó Chánh Văn phòng", DEPUTY, 11),
    ("chanh-thanh-tra", "Chánh Thanh tra", HEAD, 12),
    ("pho-chanh-thanh-tra", "Phó Chánh Thanh tra", DEPUTY, 13),
    ("giam-doc-trung-tam", "Giám đốc Trung tâm", HEAD, 20),
    ("pho-giam-doc-trung-tam", "Phó Giám đốc Trung tâm", DEPUTY, 21),
    ("chi-cuc-truong", "Chi cục trưởng", HEAD, 22),
    ("pho-chi-cuc-truong", "Phó Chi cục trưởng", DEPUTY, 23),
    ("truong-phong", "Trưởng phòng", HEAD, 30),
    ("pho-truong-phong", "Phó trưởng phòng", DEPUTY, 31),
    ("chuyen-vien", "Chuyên viên", MEMBER, 60),
    ("cong-chuc", "Công chức", MEMBER, 61),
    ("vien-chuc", "Viên chức", MEMBER, 62),
    ("van-thu", "Văn thư", MEMBER, 70),
    ("nguoi-lao-dong", "Người lao động", MEMBER, 80),
    ("bao-ve", "Bảo vệ", MEMBER, 90),
]
