"""Line patterns of Vietnamese legal text, shared by the two halves of the importer."""

import re
from dataclasses import dataclass

CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)(?=$|[\s.:–-])[\s.:–-]*(.*)$")
ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)(?:\s*[.:–-]\s*(.*)|\s+(\S.*)|\s*)$")
CLAUSE_RE = re.compile(r"^(\d{1,2})\.(?!\d)\s*(.*)$")
POINT_RE = re.compile(r"^(?:[-–•]\s*)?([a-zđ])\)\s*(.*)$")
BULLET_RE = re.compile(r"^[-–•+*]\s+\S")
TITLE_RE = re.compile(r"^(QUY CHẾ|QUY ĐỊNH|NỘI QUY|ĐIỀU LỆ)\b")
PAGE_NUMBER_RE = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$")
HEADER_RES = (
    re.compile(r"^CỘNG HO[ÀÁ] XÃ HỘI CHỦ NGHĨA VIỆT NAM$"),
    re.compile(r"^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc$"),
    re.compile(r"^(?:UBND|Ủ?Y BAN NHÂN DÂN|UỶ BAN NHÂN DÂN) (?:TỈNH|THÀNH PHỐ)\b[^a-zđà-ỹ]*$"),
)
STAMP_START_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
STAMP_END_RE = re.compile(r"đã ký lên văn bản này", re.IGNORECASE)
# Removed from a line without losing a word: bold markers, control and zero-width characters.
NOISE_RE = re.compile(r"\*\*|__|[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200d\ufeff]")
TERMINAL_RE = re.compile(r"[.;:!?…][\"”’)]*$")
DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s*(?:tháng|/|-)\s*(\d{1,2})\s*(?:năm|/|-)\s*(\d{4})", re.I)
DECISION_RE = re.compile(r"Quyết định\s+số\s*:?\s*([^\s,;()]*)", re.I)
# A wrapped line of PDF text is long; a short line without final punctuation is a heading.
WRAP_LENGTH = 60


def article_match(text: str) -> tuple[int, str] | None:
    """(number, title) of an article heading: "Điều 5. Tên", "Điều 5: Tên", "Điều 5 Tên".

    Without a separator the title must start with a capital, so that a sentence such as
    "Điều 3 của Quy chế này…" is not taken for a heading.
    """
    m = ARTICLE_RE.match(text)
    if not m:
        return None
    if m.group(3) is not None and not m.group(3)[0].isupper():
        return None
    return int(m.group(1)), (m.group(2) or m.group(3) or "").strip()


@dataclass
class Problem:
    line: int
    text: str
    message: str
