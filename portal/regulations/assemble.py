"""Second half of the importer: paragraphs of the regulation body → chapters, articles,
clauses and points, with the problems met on the way. Pure functions."""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext as _

from .patterns import CHAPTER_RE, CLAUSE_RE, POINT_RE, Problem, article_match
from .structure import POINT_LETTERS, Article, Chapter, Clause, Point, roman_to_int


class _Paragraph(Protocol):
    number: int
    text: str


def _append(existing: str, text: str) -> str:
    return f"{existing}\n{text}" if existing else text


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def body_assemble(paragraphs: list[_Paragraph], problems: list) -> list[Chapter]:
    """Walk the body paragraphs once, keeping the innermost open element.

    Text that is not a heading goes to the innermost open element (point, clause, article,
    chapter); text in an unexpected place is still kept there and listed in ``problems``.
    """
    chapters: list[Chapter] = []
    chapter: Chapter | None = None
    article: Article | None = None
    clause: Clause | None = None
    point: Point | None = None
    in_chapter_title = False
    seen_articles: set[int] = set()

    def problem(p: _Paragraph, message: str) -> None:
        problems.append(Problem(p.number, p.text[:200], message))

    def open_chapter(number: str, line: int) -> Chapter:
        new = Chapter(number=number, line=line)
        chapters.append(new)
        return new

    for p in paragraphs:
        text = p.text
        if m := CHAPTER_RE.match(text):
            number, rest = m.group(1).upper(), m.group(2).strip()
            if roman_to_int(number) is None:
                problem(p, _("Số chương không đọc được; đã giữ như ghi trong văn bản."))
            expected = len([c for c in chapters if c.number]) + 1
            if roman_to_int(number) != expected:
                problem(
                    p,
                    _("Số chương không liên tục: mong đợi chương thứ {expected}.").format(
                        expected=expected
                    ),
                )
            chapter = open_chapter(number, p.number)
            chapter.title = rest
            article = clause = point = None
            in_chapter_title = True
            continue
        if heading := article_match(text):
            number, title = heading
            if chapter is None:
                chapter = open_chapter("", p.number)
            if number in seen_articles:
                problem(
                    p,
                    _("Điều {number} xuất hiện hai lần; liên kết #dieu-{number} bị trùng.").format(
                        number=number
                    ),
                )
            elif seen_articles and number != max(seen_articles) + 1:
                problem(
                    p,
                    _("Số điều không liên tục: sau Điều {previous} là Điều {number}.").format(
                        previous=max(seen_articles), number=number
                    ),
                )
            seen_articles.add(number)
            article = Article(number=number, title=title, line=p.number)
            chapter.articles.append(article)
            clause = point = None
            in_chapter_title = False
            continue
        if in_chapter_title and chapter is not None and _is_upper(text):
            chapter.title = f"{chapter.title} {text}".strip()
            continue
        in_chapter_title = False
        if (m := CLAUSE_RE.match(text)) and article is not None:
            number = int(m.group(1))
            expected = article.clauses[-1].number + 1 if article.clauses else 1
            if number != expected:
                problem(
                    p,
                    _(
                        "Điều {article}: số khoản không liên tục (mong đợi khoản {expected})."
                    ).format(article=article.number, expected=expected),
                )
            clause = Clause(number=number, text=m.group(2).strip(), line=p.number)
            article.clauses.append(clause)
            point = None
            continue
        if (m := POINT_RE.match(text)) and clause is not None:
            letter, rest = m.group(1), m.group(2).strip()
            expected = _next_letter(clause.points[-1].letter if clause.points else "")
            if letter != expected:
                problem(
                    p,
                    _(
                        "Điều {article} khoản {clause}: điểm {letter}) không theo thứ tự "
                        "(mong đợi {expected}))."
                    ).format(
                        article=article.number,
                        clause=clause.number,
                        letter=letter,
                        expected=expected,
                    ),
                )
            point = Point(letter=letter, text=rest, line=p.number)
            clause.points.append(point)
            continue
        # Plain text, a bullet, or a marker with nothing to hang on: the innermost element.
        if point is not None:
            point.text = _append(point.text, text)
        elif clause is not None:
            clause.text = _append(clause.text, text)
        elif article is not None:
            if POINT_RE.match(text):
                problem(
                    p,
                    _("Điều {article}: điểm nằm trước khoản đầu tiên; đã giữ như một đoạn.").format(
                        article=article.number
                    ),
                )
            article.intro = _append(article.intro, text)
        elif chapter is not None:
            problem(
                p,
                _(
                    "Đoạn văn nằm giữa tên chương và điều đầu tiên; đã giữ làm phần mở đầu "
                    "của chương."
                ),
            )
            chapter.intro = _append(chapter.intro, text)
        else:
            chapter = open_chapter("", p.number)
            problem(p, _("Đoạn văn nằm trước chương, điều đầu tiên; đã giữ làm phần mở đầu."))
            chapter.intro = _append(chapter.intro, text)
    if any(c.number for c in chapters) and chapters and not chapters[0].number:
        problems.append(
            Problem(chapters[0].line, "", _("Có nội dung nằm trước Chương đầu tiên; đã giữ ở đầu."))
        )
    return chapters


def _next_letter(letter: str) -> str:
    if not letter:
        return POINT_LETTERS[0]
    try:
        return POINT_LETTERS[POINT_LETTERS.index(letter) + 1]
    except (ValueError, IndexError):
        return "?"
