"""The parser on its own: the real seed documents and deliberately awkward text."""

import re

import pytest

from portal.regulations.importer import (
    UnreadableText,
    not_a_regulation,
    regulation_parse,
    text_decode,
)
from portal.regulations.structure import (
    chapter_anchor,
    chapters_to_stream,
    outline_from_stream,
    outline_plain_text,
    point_anchor,
    roman_to_int,
)

from .conftest import AG, DC, HP, KH, SEED_COUNTS, seed_text


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", text)]


def body_text(parsed) -> str:
    stream = chapters_to_stream(parsed.chapters)
    return outline_plain_text(outline_from_stream((b["type"], b["value"]) for b in stream))


def input_without_artefacts(source: str, parsed) -> str:
    dropped = {a.line for a in parsed.artefacts if a.text}
    return "\n".join(
        line for number, line in enumerate(source.split("\n"), 1) if number not in dropped
    )


@pytest.mark.parametrize(("name", "chapters", "articles"), SEED_COUNTS)
def test_seed_gives_the_counted_chapters_and_articles(name, chapters, articles):
    parsed = regulation_parse(seed_text(name))

    assert len(parsed.numbered_chapters) == chapters
    assert [a.number for a in parsed.articles] == list(range(1, articles + 1))
    assert not not_a_regulation(parsed)


@pytest.mark.parametrize("name", [DC, HP, AG])
def test_no_text_is_lost_and_the_order_is_kept(name):
    source = seed_text(name)
    parsed = regulation_parse(source)

    out = "\n".join([parsed.decision_text, parsed.title, parsed.issuance_note, body_text(parsed)])

    # Every word of the input, in order, except the lines listed as artefacts.
    assert words(out) == words(input_without_artefacts(source, parsed))


def test_page_break_artefacts_are_listed_not_kept_in_the_body():
    source = seed_text(AG)
    parsed = regulation_parse(source)

    kinds = {(a.line, a.kind) for a in parsed.artefacts}
    assert (107, "tiêu đề trang lặp lại") in kinds
    assert (1261, "chữ ký số") in kinds
    assert "CỘNG HOÀ" not in body_text(parsed)
    # Clause 5 of Điều 2 sits right after the repeated header and is still in its place.
    article = parsed.articles[1]
    assert [c.number for c in article.clauses] == [1, 2, 3, 4, 5, 6]
    assert article.clauses[4].text.startswith("Đảm bảo phát huy chuyên môn")


def test_lines_broken_mid_sentence_are_joined():
    parsed = regulation_parse(seed_text(AG))
    article6, article19 = parsed.articles[5], parsed.articles[18]

    assert article6.title == (
        "Trách nhiệm, phạm vi giải quyết công việc của Trưởng phòng, Phó trưởng phòng thuộc "
        "Sở (phòng chuyên môn, Văn phòng, Thanh tra Sở)"
    )
    assert article19.title.endswith("Ban chấp hành Công đoàn, Chi đoàn")
    assert "\n" not in parsed.articles[0].clauses[0].text


def test_decision_before_the_regulation_is_kept_apart():
    parsed = regulation_parse(seed_text(HP))

    assert parsed.title == "Quy chế làm việc của Sở Công Thương thành phố Hải Phòng"
    assert "QUYẾT ĐỊNH:" in parsed.decision_text
    assert "Điều 1. Ban hành kèm theo Quyết định này" in parsed.decision_text
    assert parsed.articles[0].title == "Phạm vi điều chỉnh, đối tượng áp dụng"
    assert parsed.decision_issuer == "Giám đốc Sở Công Thương thành phố Hải Phòng"
    assert parsed.replaces_decision == "200/QĐ-SCT"
    assert parsed.decision_date is None  # the seed is a draft: "ngày tháng 6 năm 2026"


def test_title_in_capitals_is_written_as_the_document_writes_it():
    parsed = regulation_parse(seed_text(AG))

    assert parsed.title == "Quy chế làm việc của Sở Thông tin và Truyền thông tỉnh An Giang"
    assert parsed.decision_number == "14/QĐ-STTTT"
    assert str(parsed.decision_date) == "2023-02-02"
    assert str(parsed.effective_date) == "2023-02-02"  # "có hiệu lực … kể từ ngày ký"


def test_chapter_headings_in_every_form():
    parsed = regulation_parse(seed_text(DC))
    titles = [c.title for c in parsed.numbered_chapters]

    assert titles[0] == "NHỮNG QUY ĐỊNH CHUNG"  # same line
    assert titles[1].startswith("DÂN CHỦ TRONG NỘI BỘ")  # next line
    assert titles[3] == "TỔ CHỨC THỰC HIỆN"  # bold across two lines
    hp = regulation_parse(seed_text(HP)).numbered_chapters
    assert hp[2].title == "QUAN HỆ CÔNG TÁC"
    assert hp[3].title.endswith("THÔNG TIN BÁO CÁO VÀ THEO DÕI THỰC HIỆN NHIỆM VỤ")


def test_points_with_and_without_dash_and_the_letter_dd():
    parsed = regulation_parse(seed_text(DC))
    article6, article11 = parsed.articles[5], parsed.articles[10]

    assert [p.letter for p in article6.clauses[0].points] == ["a", "b", "c", "d"]
    assert [p.letter for p in article11.clauses[1].points] == ["a", "b", "c", "d", "đ"]


def test_a_letter_is_refused_not_guessed():
    parsed = regulation_parse(seed_text(KH))

    assert not_a_regulation(parsed)
    assert "Sở Công Thương yêu cầu" in parsed.decision_text


BROKEN = """QUY CHẾ THỬ
(Ban hành kèm theo Quyết định số 7/QĐ-TT ngày 05/01/2026 của Giám đốc Trung tâm)

Chương I QUY ĐỊNH CHUNG
Đoạn lạc giữa tên chương và điều đầu tiên.

Điều 1. Phạm vi
a) Điểm không có khoản.
1. Khoản một.
3. Khoản ba, thiếu khoản hai.
12

Điều 3 Thiếu điều hai
1. Nội dung.
\fĐiều 3. Trùng số
1. Nội dung khác.
"""


def test_broken_input_lists_its_problems_with_line_numbers():
    parsed = regulation_parse(BROKEN)
    problems = {(p.line, p.message.split(":")[0].split(";")[0]) for p in parsed.problems}

    assert (5, "Đoạn văn nằm giữa tên chương và điều đầu tiên") in problems
    assert (8, "Điều 1") in problems  # point before the first clause
    assert (10, "Điều 1") in problems  # clause 3 after clause 1
    assert (13, "Số điều không liên tục") in problems
    assert (15, "Điều 3 xuất hiện hai lần") in problems
    assert {(a.line, a.kind) for a in parsed.artefacts} >= {(11, "số trang"), (15, "ngắt trang")}
    # Kept, not dropped.
    text = body_text(parsed)
    assert "Đoạn lạc giữa tên chương" in text and "Điểm không có khoản" in text
    assert parsed.decision_number == "7/QĐ-TT"
    assert str(parsed.decision_date) == "2026-01-05"


def test_anchor_helpers():
    assert roman_to_int("XIV") == 14 and roman_to_int("ABC") is None
    assert chapter_anchor("IV") == "chuong-4"
    assert point_anchor(12, 3, "đ") == "dieu-12-khoan-3-diem-dd"


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.7 ...", b"PK\x03\x04 docx", "Điều".encode("cp1258", "replace") + b"\xff"]
)
def test_unreadable_bytes_are_refused_in_vietnamese(data):
    with pytest.raises(UnreadableText, match="Tệp"):
        text_decode(data)
