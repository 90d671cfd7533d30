"""The shape of a regulation (Chương → Điều → khoản → điểm), its anchors and its plain text.

Pure functions shared by the importer, the page model and the template, so that the anchors
shown on the page, the ones in the table of contents and the text given to the search index
come from one place. Anchors depend only on the numbers printed in the regulation, never on
database ids, so they stay the same when a file is imported again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Point letters in the order Vietnamese legal drafting uses them (no f, j, w, z).
POINT_LETTERS = list("abcdđeghiklmnopqrstuvxy")


@dataclass
class Point:
    letter: str
    text: str = ""
    line: int = 0


@dataclass
class Clause:
    number: int
    text: str = ""
    points: list[Point] = field(default_factory=list)
    line: int = 0


@dataclass
class Article:
    number: int
    title: str = ""
    intro: str = ""
    clauses: list[Clause] = field(default_factory=list)
    line: int = 0


@dataclass
class Chapter:
    # Roman numeral as printed ("II"); empty for articles that stand outside any chapter.
    number: str
    title: str = ""
    intro: str = ""
    articles: list[Article] = field(default_factory=list)
    line: int = 0


def roman_to_int(value: str) -> int | None:
    """ "IV" → 4; arabic digits are accepted too; None when it is neither."""
    value = value.strip().upper()
    if value.isdigit():
        return int(value)
    if not value or any(ch not in ROMAN_VALUES for ch in value):
        return None
    total = 0
    for i, ch in enumerate(value):
        current = ROMAN_VALUES[ch]
        following = ROMAN_VALUES[value[i + 1]] if i + 1 < len(value) else 0
        total += -current if current < following else current
    return total if total > 0 else None


def letter_slug(letter: str) -> str:
    # "đ" is not ASCII; "dd" keeps it distinct from "d" and readable in an address.
    return "dd" if letter.lower() == "đ" else letter.lower()


def chapter_anchor(number: str) -> str:
    arabic = roman_to_int(number)
    return f"chuong-{arabic}" if arabic else ""


def article_anchor(article: int) -> str:
    return f"dieu-{article}"


def clause_anchor(article: int, clause: int) -> str:
    return f"dieu-{article}-khoan-{clause}"


def point_anchor(article: int, clause: int, letter: str) -> str:
    return f"dieu-{article}-khoan-{clause}-diem-{letter_slug(letter)}"


def chapters_to_stream(chapters: Iterable[Chapter]) -> list[dict]:
    """Raw StreamField data for RegulationPage.body: chapters, or bare articles when the
    regulation has no chapters."""

    def article_value(article: Article) -> dict:
        return {
            "number": article.number,
            "title": article.title,
            "intro": article.intro,
            "clauses": [
                {
                    "number": clause.number,
                    "text": clause.text,
                    "points": [{"letter": p.letter, "text": p.text} for p in clause.points],
                }
                for clause in article.clauses
            ],
        }

    stream: list[dict] = []
    for chapter in chapters:
        if chapter.number:
            value = {
                "number": chapter.number,
                "title": chapter.title,
                "intro": chapter.intro,
                "articles": [article_value(a) for a in chapter.articles],
            }
            stream.append({"type": "chapter", "value": value})
        else:
            stream.extend({"type": "article", "value": article_value(a)} for a in chapter.articles)
    return stream


def _paragraphs(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def outline_from_stream(items: Iterable[tuple[str, Mapping]]) -> list[dict]:
    """Plain dicts with anchors for the template, from (block type, value) pairs.

    A bare article (no chapter) becomes a chapter entry with an empty number, so the template
    has one shape to walk.
    """
    outline: list[dict] = []
    for kind, value in items:
        if kind == "chapter":
            number = str(value.get("number") or "")
            outline.append(
                {
                    "number": number,
                    "title": value.get("title") or "",
                    "anchor": chapter_anchor(number),
                    "intro": _paragraphs(value.get("intro") or ""),
                    "articles": [_article_outline(a) for a in value.get("articles") or []],
                }
            )
        elif kind == "article":
            if not outline or outline[-1]["number"]:
                outline.append(
                    {"number": "", "title": "", "anchor": "", "intro": [], "articles": []}
                )
            outline[-1]["articles"].append(_article_outline(value))
    return outline


def _article_outline(value: Mapping) -> dict:
    number = int(value.get("number") or 0)
    clauses = []
    for clause in value.get("clauses") or []:
        clause_number = int(clause.get("number") or 0)
        clauses.append(
            {
                "number": clause_number,
                "anchor": clause_anchor(number, clause_number),
                "paragraphs": _paragraphs(clause.get("text") or ""),
                "points": [
                    {
                        "letter": point.get("letter") or "",
                        "anchor": point_anchor(number, clause_number, point.get("letter") or ""),
                        "paragraphs": _paragraphs(point.get("text") or ""),
                    }
                    for point in clause.get("points") or []
                ],
            }
        )
    return {
        "number": number,
        "title": value.get("title") or "",
        "anchor": article_anchor(number),
        "intro": _paragraphs(value.get("intro") or ""),
        "clauses": clauses,
    }


def outline_plain_text(outline: Iterable[dict]) -> str:
    """The whole body as plain text, one paragraph a line, numbers and headings included."""
    lines: list[str] = []
    for chapter in outline:
        if chapter["number"]:
            lines.append(f"Chương {chapter['number']}. {chapter['title']}".rstrip(". "))
        lines.extend(chapter["intro"])
        for article in chapter["articles"]:
            lines.append(f"Điều {article['number']}. {article['title']}".rstrip())
            lines.extend(article["intro"])
            for clause in article["clauses"]:
                paragraphs = clause["paragraphs"] or [""]
                lines.append(f"{clause['number']}. {paragraphs[0]}".rstrip())
                lines.extend(paragraphs[1:])
                for point in clause["points"]:
                    paragraphs = point["paragraphs"] or [""]
                    lines.append(f"{point['letter']}) {paragraphs[0]}".rstrip())
                    lines.extend(paragraphs[1:])
    return "\n".join(lines)
