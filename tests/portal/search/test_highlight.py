import unicodedata

from portal.search.highlight import highlight, snippet


def test_plain_query_marks_the_accented_original_words():
    html = snippet("Quy định về nghỉ phép năm của công chức", ["nghi", "phep"])
    assert html == "Quy định về <mark>nghỉ</mark> <mark>phép</mark> năm của công chức"


def test_only_whole_words_are_marked():
    assert highlight("Đảng ủy và dân chủ", ["dan"]) == "Đảng ủy và <mark>dân</mark> chủ"


def test_d_with_stroke_is_marked_from_a_query_without_it():
    assert highlight("Chi bộ Đảng", ["dang"]) == "Chi bộ <mark>Đảng</mark>"


def test_decomposed_original_keeps_its_marks_inside_the_highlight():
    text = unicodedata.normalize("NFD", "Dân chủ")
    html = highlight(text, ["dan"])
    assert html == "<mark>" + unicodedata.normalize("NFD", "Dân") + "</mark>" + text[4:]


def test_snippet_escapes_html_around_the_marks():
    html = snippet('<b>Nghỉ</b> & "phép"', ["nghi"])
    assert html == "&lt;b&gt;<mark>Nghỉ</mark>&lt;/b&gt; &amp; &quot;phép&quot;"


def test_long_text_gives_about_200_characters_around_the_first_match_cut_between_words():
    before = "Điều khoản chung áp dụng cho toàn cơ quan. " * 20
    after = " Nội dung tiếp theo của quy chế làm việc. " * 20
    text = before + "Người lao động được nghỉ phép năm mười hai ngày." + after
    html = str(snippet(text, ["nghi", "phep"]))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>nghỉ</mark> <mark>phép</mark>" in html
    visible = html.replace("<mark>", "").replace("</mark>", "").strip("… ")
    assert 150 <= len(visible) <= 200
    assert visible in text  # cut at spaces, nothing rewritten
    assert text[text.index(visible) - 1] == " "


def test_snippet_without_a_match_in_the_text_starts_at_the_beginning():
    text = "Nội dung " * 40
    html = str(snippet(text.strip(), ["quy"]))
    assert html.startswith("Nội dung") and html.endswith(" …")
    assert "<mark>" not in html


def test_snippet_prefers_the_place_where_the_words_follow_each_other():
    text = (
        "Ngày nghỉ lễ theo lịch nhà nước. "
        + "Nội dung khác của quy chế. " * 15
        + "Người lao động được nghỉ phép năm. "
        + "Phần cuối. " * 20
    )
    html = str(snippet(text, ["nghi", "phep"]))
    assert "<mark>nghỉ</mark> <mark>phép</mark> năm" in html
    assert "lễ" not in html
