"""Turn the plain text of a Vietnamese regulation (quy chế) into chapters, articles, clauses
and points. Pure functions: no database, no Django.

What the documents look like (see ``seeds/``): an issuing decision (Quyết định, with its own
"Điều 1..3") may come first; the regulation starts at its "QUY CHẾ …" heading, followed by
"(Ban hành kèm theo Quyết định số … ngày … của …)"; then "Chương II" with its title on the same
line or the next ones, "Điều 5. Tên điều" (dot or not), clauses "1.", points "a)" or "- a)",
bullets "- …". Text copied out of a PDF breaks lines mid-sentence, repeats the page header and
ends with the digital-signature stamp.

Nothing is dropped silently: every line ends up in the structure, in ``artefacts`` (page
numbers, repeated headers, signature stamps — removed on purpose, with their line numbers) or
is listed in ``problems`` when it was put somewhere by default.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .assemble import body_assemble
from .patterns import (
    BULLET_RE,
    CHAPTER_RE,
    CLAUSE_RE,
    DATE_RE,
    DECISION_RE,
    HEADER_RES,
    NOISE_RE,
    PAGE_NUMBER_RE,
    POINT_RE,
    STAMP_END_RE,
    STAMP_START_RE,
    TERMINAL_RE,
    TITLE_RE,
    WRAP_LENGTH,
    Problem,
    article_match,
)
from .structure import Article, Chapter


@dataclass
class Artefact:
    line: int
    text: str
    kind: str


@dataclass
class ParsedRegulation:
    title: str = ""
    issuance_note: str = ""
    decision_text: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    decision_issuer: str = ""
    effective_date: date | None = None
    replaces_decision: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    artefacts: list[Artefact] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [a for chapter in self.chapters for a in chapter.articles]

    @property
    def numbered_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters if c.number]

    @property
    def clause_count(self) -> int:
        return sum(len(a.clauses) for a in self.articles)

    @property
    def point_count(self) -> int:
        return sum(len(c.points) for a in self.articles for c in a.clauses)


class UnreadableText(ValueError):
    """The bytes are not a text file the importer can read (message in Vietnamese)."""


def text_decode(data: bytes) -> str:
    if not data.strip():
        raise UnreadableText(_("Tệp rỗng: không có nội dung để nhập."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096] or data.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UnreadableText(
            _(
                "Tệp không phải văn bản thuần (có thể là PDF hoặc Word): hãy lưu thành tệp "
                ".txt mã UTF-8 rồi nhập lại."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableText(
            _(
                "Tệp không đọc được theo mã UTF-8 (lỗi ở byte {position}): hãy lưu lại tệp "
                "với mã UTF-8 rồi nhập lại."
            ).format(position=exc.start)
        ) from exc


@dataclass
class _Line:
    number: int
    text: str


def _clean_lines(text: str, result: ParsedRegulation) -> list[_Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            result.artefacts.append(Artefact(number, "", _("ngắt trang")))
        cleaned = NOISE_RE.sub("", raw.replace("\f", " ").replace("\u00a0", " "))
        cleaned = re.sub(r"[ \t]+", " ", cleaned).strip()
        if cleaned:
            lines.append(_Line(number, cleaned))
    return lines


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_marker(text: str) -> bool:
    return bool(
        CHAPTER_RE.match(text)
        or article_match(text)
        or CLAUSE_RE.match(text)
        or POINT_RE.match(text)
        or BULLET_RE.match(text)
    )


def _remove_artefacts(lines: list[_Line], body_start: int, result: ParsedRegulation) -> list[_Line]:
    """Page numbers, page headers repeated inside the body and signature stamps."""
    body_texts = Counter(
        ln.text for ln in lines[body_start:] if len(ln.text) >= 8 and not _is_marker(ln.text)
    )
    kept: list[_Line] = []
    in_stamp = False
    for index, ln in enumerate(lines):
        kind = ""
        if STAMP_START_RE.match(ln.text) or STAMP_END_RE.search(ln.text):
            kind, in_stamp = _("chữ ký số"), not STAMP_END_RE.search(ln.text)
        elif in_stamp:
            kind = _("chữ ký số")
        elif PAGE_NUMBER_RE.match(ln.text):
            kind = _("số trang")
        elif index >= body_start and any(r.match(ln.text) for r in HEADER_RES):
            kind = _("tiêu đề trang lặp lại")
        elif index >= body_start and body_texts[ln.text] >= 3:
            kind = _("dòng lặp lại ở mỗi trang")
        if kind:
            result.artefacts.append(Artefact(ln.number, ln.text, kind))
        else:
            kept.append(ln)
    return kept


def _continues(previous: str, current: str, *, heading: bool = False) -> bool:
    """Whether ``current`` carries on the sentence that ``previous`` (a line) broke off."""
    if _is_marker(current) or TERMINAL_RE.search(previous):
        return False
    first = current[0]
    if _is_upper(current):
        # "QUYẾT ĐỊNH:", "GIÁM ĐỐC SỞ …": headings of their own, never a sentence's tail.
        return False
    if first.islower() or first.isdigit() or first in "(,;":
        return True
    return (
        len(previous) >= WRAP_LENGTH
        and not _is_upper(previous)
        and not (heading and _is_upper(current))
    )


def _paragraphs(lines: list[_Line]) -> list[_Line]:
    """Join lines broken mid-sentence; the paragraph keeps its first line's number."""
    out: list[_Line] = []
    last_line = ""
    for ln in lines:
        if out and _continues(last_line, ln.text, heading=bool(article_match(out[-1].text))):
            out[-1] = _Line(out[-1].number, f"{out[-1].text} {ln.text}")
        else:
            out.append(_Line(ln.number, ln.text))
        last_line = ln.text
    return out


def _find_body_start(lines: list[_Line]) -> tuple[int, int]:
    """(index of the regulation's title line or -1, index of its first Chương/Điều)."""
    first_chapter = next((i for i, ln in enumerate(lines) if CHAPTER_RE.match(ln.text)), None)
    limit = first_chapter if first_chapter is not None else len(lines)
    titles = [i for i in range(limit) if TITLE_RE.match(lines[i].text) and _is_upper(lines[i].text)]
    title_index = titles[-1] if titles else -1
    if first_chapter is not None:
        start = first_chapter
        # Articles may come before the first chapter only after the title.
        for i in range(title_index + 1, first_chapter):
            if article_match(lines[i].text) and title_index >= 0:
                start = i
                break
        return title_index, start
    search_from = title_index + 1 if title_index >= 0 else 0
    article = next(
        (i for i in range(search_from, len(lines)) if article_match(lines[i].text)), None
    )
    return title_index, article if article is not None else len(lines)


def _recase(phrase: str, corpus: str, *, first: bool) -> str:
    """An all-capitals line of the title, written the way the document writes it elsewhere."""
    if not _is_upper(phrase):
        result = phrase
    else:
        pattern = r"\s+".join(re.escape(w) for w in phrase.split())
        found = [
            m.group(0)
            for m in re.finditer(pattern, corpus, re.IGNORECASE)
            if not _is_upper(m.group(0))
        ]
        found.sort(key=lambda s: not s[0].islower())
        if found:
            result = re.sub(r"\s+", " ", found[0])
        else:
            words = Counter(w for w in re.findall(r"\w+", corpus) if not w.isupper())
            out = []
            for word in phrase.split():
                lower, title_case = word.lower(), word.capitalize()
                out.append(title_case if words[title_case] > words[lower] else lower)
            result = " ".join(out)
    if first:
        return result[:1].upper() + result[1:]
    if _is_upper(phrase) or not result.split()[0].istitle():
        return result
    # "Thực hiện dân chủ…" under "QUY CHẾ" continues the title: lowercase unless it is a
    # proper noun the document always capitalises.
    word = result.split()[0]
    if re.search(rf"(?<![.:\n]\s)\b{re.escape(word.lower())}\b", corpus):
        return result[:1].lower() + result[1:]
    return result


def _parse_title_block(lines: list[_Line], corpus: str, result: ParsedRegulation) -> None:
    title_parts: list[str] = []
    note_parts: list[str] = []
    for ln in lines:
        note_open = bool(note_parts) and not note_parts[-1].endswith(")")
        if note_open or (not note_parts and ln.text.startswith("(")):
            note_parts.append(ln.text)
        elif not note_parts:
            title_parts.append(ln.text)
        else:
            note_parts.append(ln.text)
            result.problems.append(
                Problem(ln.number, ln.text, _("Dòng sau phần “Ban hành kèm theo…”, đã giữ ở đó."))
            )
    result.title = " ".join(
        _recase(part, corpus, first=i == 0) for i, part in enumerate(title_parts)
    )[:255]
    note = " ".join(note_parts)
    result.issuance_note = note.strip()
    inner = note.strip("() ")
    if match := DECISION_RE.search(inner):
        result.decision_number = match.group(1)
    if match := DATE_RE.search(inner):
        result.decision_date = _safe_date(*match.groups())
    if match := re.search(r"\d{4}\s+của\s+(.+)$", inner) or re.search(r"\bcủa\s+(.+)$", inner):
        result.decision_issuer = match.group(1).strip()


def _safe_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def regulation_parse(text: str) -> ParsedRegulation:
    """Parse a regulation's plain text. Never raises on odd input: whatever it cannot place
    with confidence is listed in ``problems``; no articles at all means it is not a
    regulation (see ``not_a_regulation``)."""
    result = ParsedRegulation()
    lines = _clean_lines(text, result)
    title_index, body_start = _find_body_start(lines)
    regulation_start = title_index if title_index >= 0 else body_start
    lines = _remove_artefacts(lines, regulation_start, result)
    # Indices moved with the artefacts: find the boundaries again on what is left.
    title_index, body_start = _find_body_start(lines)
    corpus = "\n".join(ln.text for ln in lines)
    if title_index >= 0:
        decision = _paragraphs(lines[:title_index])
        _parse_title_block(lines[title_index:body_start], corpus, result)
    else:
        decision = _paragraphs(lines[:body_start])
        if body_start < len(lines):
            result.problems.append(
                Problem(
                    lines[body_start].number, "", _("Không thấy dòng tên quy chế (“QUY CHẾ …”).")
                )
            )
    result.decision_text = "\n".join(p.text for p in decision)
    result.chapters = body_assemble(_paragraphs(lines[body_start:]), result.problems)
    _read_dates(result, corpus)
    result.artefacts.sort(key=lambda a: a.line)
    result.problems.sort(key=lambda p: p.line)
    return result


def _read_dates(result: ParsedRegulation, corpus: str) -> None:
    if not result.decision_number and (m := DECISION_RE.search(result.decision_text)):
        result.decision_number = m.group(1)
    if m := re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký", corpus, re.I):
        result.effective_date = result.decision_date
    elif m := re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ\s+" + DATE_RE.pattern, corpus, re.I):
        result.effective_date = _safe_date(*m.groups())
    if m := re.search(r"thay thế Quyết định số\s*:?\s*(\d+[^\s,;()]*)", corpus, re.I):
        result.replaces_decision = m.group(1).rstrip(".")


def not_a_regulation(parsed: ParsedRegulation) -> bool:
    return not parsed.articles
