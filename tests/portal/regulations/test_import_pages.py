"""Importing into pages: the command, re-import, drafts, search document, rendering."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from portal.regulations.models import RegulationPage
from portal.regulations.services import RegulationImportError, regulation_import

from .conftest import AG, DC, HP, KH, SEED_COUNTS, SEEDS, seed_bytes, seed_text

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_regulation", *args, stdout=out)
    return out.getvalue()


def anchors(page: RegulationPage) -> list[str]:
    found = []
    for chapter in page.outline():
        found.append(chapter["anchor"])
        for article in chapter["articles"]:
            found.append(article["anchor"])
            for clause in article["clauses"]:
                found.append(clause["anchor"])
                found.extend(point["anchor"] for point in clause["points"])
    return found


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", text)]


@pytest.mark.parametrize(("name", "chapters", "articles"), SEED_COUNTS)
def test_command_imports_each_seed_without_losing_text(regulation_index, name, chapters, articles):
    output = run(str(SEEDS / name), "--parent", "quy-che")

    page = RegulationPage.objects.get()
    outline = page.outline()
    assert len(outline) == chapters
    assert sum(len(c["articles"]) for c in outline) == articles
    assert f"Chương: {chapters}; Điều: {articles};" in output
    assert page.live
    # What the page holds (decision, title, note, body) plus the artefacts the report lists is
    # the input, word for word.
    result = regulation_import(data=seed_bytes(name), parent=regulation_index)
    dropped = {a.line for a in result.parsed.artefacts if a.text}
    source = "\n".join(
        line for n, line in enumerate(seed_text(name).split("\n"), 1) if n not in dropped
    )
    stored = "\n".join(
        [page.decision_text, page.title, page.issuance_note, page.search_document()["text"]]
    )
    assert words(stored) == words(source)


def test_reimport_updates_the_same_page_and_keeps_anchors(regulation_index):
    first = regulation_import(data=seed_bytes(HP), parent=regulation_index)
    before = anchors(first.page)

    again = regulation_import(data=seed_bytes(HP), parent=regulation_index)
    assert (again.status, again.page.pk) == ("unchanged", first.page.pk)

    edited = seed_bytes(HP).replace(
        "Điều 26. Sửa đổi, bổ sung Quy chế".encode(),
        "Điều 26. Sửa đổi, bổ sung quy chế này".encode(),
    )
    updated = regulation_import(data=edited, parent=regulation_index)

    assert (updated.status, updated.page.pk) == ("updated", first.page.pk)
    assert RegulationPage.objects.count() == 1
    assert anchors(updated.page) == before
    assert "#dieu-26-khoan-1" not in before and "dieu-26-khoan-1" in before
    assert updated.page.outline()[4]["articles"][1]["title"] == "Sửa đổi, bổ sung quy chế này"


def test_draft_is_not_published(regulation_index):
    output = run(str(SEEDS / DC), "--parent", "quy-che", "--draft")

    page = RegulationPage.objects.get()
    assert not page.live
    assert "bản nháp" in output

    run(str(SEEDS / DC), "--parent", "quy-che")
    page.refresh_from_db()
    assert page.live and RegulationPage.objects.count() == 1


def test_replaced_regulation_is_linked_both_ways(regulation_index, client):
    old = RegulationPage(title="Quy chế làm việc cũ", decision_number="200/QĐ-SCT")
    regulation_index.add_child(instance=old)
    old.save_revision().publish()

    new = regulation_import(data=seed_bytes(HP), parent=regulation_index).page

    assert new.replaces_id == old.pk
    assert "Thay thế:" in client.get(new.url).content.decode()
    html = client.get(old.url).content.decode()
    assert "Được thay thế bởi:" in html and new.title in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/khong/co/tep.txt", "--parent", "quy-che"], "Không đọc được tệp"),
        ([str(SEEDS / KH), "--parent", "quy-che"], "không có cấu trúc của một quy chế"),
        ([str(SEEDS / DC), "--parent", "khong-co"], "Không có trang danh sách quy chế"),
        ([str(SEEDS / DC), "--parent", "trang-chu"], "không phải trang danh sách quy chế"),
    ],
)
def test_command_fails_with_a_vietnamese_reason(regulation_index, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not RegulationPage.objects.exists()


def test_binary_file_is_unreadable(regulation_index, tmp_path):
    path = tmp_path / "quy-che.txt"
    path.write_bytes(b"%PDF-1.7\x00\x01")

    with pytest.raises(CommandError, match="không phải văn bản thuần"):
        run(str(path), "--parent", "quy-che")


def test_service_refuses_a_letter(regulation_index):
    with pytest.raises(RegulationImportError) as exc:
        regulation_import(data=seed_bytes(KH), parent=regulation_index)
    assert exc.value.parsed is not None and not exc.value.parsed.articles


def test_search_document_is_internal_under_a_view_restriction(regulation_index):
    page = regulation_import(data=seed_bytes(AG), parent=regulation_index).page

    document = page.search_document()
    assert document["title"] == "Quy chế làm việc của Sở Thông tin và Truyền thông tỉnh An Giang"
    assert document["audience"] == "public"
    assert "Điều 15. Chế độ nghỉ phép" in document["text"]

    PageViewRestriction.objects.create(page=regulation_index, restriction_type="login")
    assert page.search_document()["audience"] == "internal"


def test_page_renders_with_table_of_contents_and_anchors(regulation_index, client):
    page = regulation_import(data=seed_bytes(DC), parent=regulation_index).page

    html = client.get(page.url).content.decode()

    assert "Mục lục" in html
    assert 'href="#chuong-2"' in html and 'id="chuong-2"' in html
    assert 'href="#dieu-12"' in html and 'id="dieu-12"' in html
    assert 'id="dieu-9-khoan-3"' in html
    assert 'id="dieu-11-khoan-2-diem-dd"' in html
    assert "data-copy-link" in html
    listing = client.get(regulation_index.url).content.decode()
    assert escape(page.title) in listing


def test_restricted_regulation_is_not_listed_for_visitors(regulation_index, client):
    page = regulation_import(data=seed_bytes(DC), parent=regulation_index).page
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    assert page.title not in client.get(regulation_index.url).content.decode()
    assert client.get(page.url).status_code == 302
