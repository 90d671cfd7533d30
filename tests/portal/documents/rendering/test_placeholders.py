"""The placeholder syntax: values escaped, unknown names marked, nothing executed."""

import pytest
from django.core.exceptions import ValidationError

from portal.documents.models import DocumentTemplate
from portal.documents.rendering.placeholders import (
    PlaceholderSyntaxError,
    paragraphs_render,
    placeholder_names,
    placeholders_check,
    placeholders_render,
)


def test_a_placeholder_is_replaced_by_its_value_with_or_without_spaces():
    rendered = placeholders_render(
        "Tôi là {{ ten }}, {{so_ngay}} ngày.", {"ten": "An", "so_ngay": "2"}
    )
    assert rendered.html == "Tôi là An, 2 ngày."
    assert rendered.unknown == []


def test_values_and_surrounding_text_are_html_escaped():
    rendered = placeholders_render(
        "<b>{{ reason }}</b>", {"reason": '<script>alert("x")</script> & co'}
    )
    assert "<script>" not in rendered.html
    assert "&lt;b&gt;" in rendered.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in rendered.html


def test_newlines_in_values_become_line_breaks():
    rendered = placeholders_render("{{ results }}", {"results": "Dòng 1\nDòng <2>"})
    assert rendered.html == "Dòng 1<br>Dòng &lt;2&gt;"


def test_an_unknown_name_stays_visible_marked_and_reported_once():
    rendered = placeholders_render("{{ khong_co }} và {{ khong_co }}", {})
    assert rendered.html.count('<mark class="unknown">[khong_co?]</mark>') == 2
    assert rendered.unknown == ["khong_co"]


def test_template_code_is_never_executed():
    text = "{% load static %}{% static 'x' %} {{ request }} {{ settings.SECRET_KEY }} {{ x|upper }}"
    rendered = placeholders_render(text, {"x": "a"})
    # Tags stay as literal text; names without a value are only marked.
    assert "{% load static %}" in rendered.html.replace("&#x27;", "'")
    assert rendered.unknown == ["request", "settings.SECRET_KEY"]
    # A filter is not a placeholder: it stays text, and saving refuses it.
    assert "{{ x|upper }}" in rendered.html
    with pytest.raises(PlaceholderSyntaxError):
        placeholders_check(text)


def test_dotted_names_are_only_looked_up_as_whole_keys():
    rendered = placeholders_render("{{ requester.password }}", {"requester": object()})
    assert rendered.unknown == ["requester.password"]


@pytest.mark.parametrize(
    "text",
    ["Xin nghỉ {{ so_ngay ngày", "{{ }}", "{{ a b }}", "{{ x|upper }}", "{{{ x }}"],
)
def test_malformed_placeholders_are_syntax_errors(text):
    with pytest.raises(PlaceholderSyntaxError) as error:
        placeholders_check(text)
    assert "Chỗ điền không hợp lệ ở dòng 1" in str(error.value)


def test_well_formed_text_passes_and_lists_its_names():
    text = "Kính gửi {{ co_quan }}.\n\n{{ reason }} {{ co_quan }} {{ tên_trường }} }} lẻ"
    placeholders_check(text)
    assert placeholder_names(text) == ["co_quan", "reason", "tên_trường"]


def test_a_blank_line_separates_paragraphs_and_a_newline_breaks_the_line():
    paragraphs, unknown = paragraphs_render("A {{ x }}\nB\n\n\nC {{ y }}", {"x": "1"})
    assert paragraphs == ["A 1<br>B", 'C <mark class="unknown">[y?]</mark>']
    assert unknown == ["y"]


def test_saving_a_template_with_a_malformed_body_is_refused_in_vietnamese():
    template = DocumentTemplate(
        code="x", name="X", document_type="X", symbol="X", body="Ngày {{ start_date"
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean(validate_unique=False)
    assert "body" in error.value.message_dict
    assert "Chỗ điền không hợp lệ" in error.value.message_dict["body"][0]
