"""Importing a regulation file into a RegulationPage (create, or update the same page)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from .importer import ParsedRegulation, not_a_regulation, regulation_parse, text_decode
from .models import RegulationIndexPage, RegulationPage
from .structure import chapters_to_stream


class RegulationImportError(ValueError):
    """The file cannot become a regulation page; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, parsed: ParsedRegulation | None = None):
        super().__init__(message)
        self.message = message
        self.parsed = parsed


@dataclass
class ImportResult:
    page: RegulationPage
    parsed: ParsedRegulation
    # "created", "updated" or "unchanged"
    status: str
    published: bool


def regulation_parent_find(*, slug: str) -> RegulationIndexPage:
    parent = RegulationIndexPage.objects.filter(slug=slug).first()
    if parent is None:
        other = Page.objects.filter(slug=slug).first()
        if other is not None:
            raise RegulationImportError(
                _(
                    "Trang “{title}” (slug “{slug}”) không phải trang danh sách quy chế; "
                    "hãy chọn một trang loại “Danh sách quy chế”."
                ).format(title=other.title, slug=slug)
            )
        raise RegulationImportError(
            _("Không có trang danh sách quy chế nào có slug “{slug}”.").format(slug=slug)
        )
    return parent


def _complete_number(number: str) -> bool:
    # "/QĐ-SCT" is a draft's blank number: useless for telling regulations apart.
    return bool(re.match(r"^\d+/", number or ""))


def _slug_for(title: str, parent: Page, exclude_pk: int | None) -> str:
    base = slugify(unicodedata.normalize("NFC", title).replace("đ", "d").replace("Đ", "D"))
    if len(base) > 80:
        # Cut at a word boundary: "…-xuc-tien-thu" reads as a typo.
        base = base[:81].rsplit("-", 1)[0]
    base = base.strip("-") or "quy-che"
    slug, counter = base, 2
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    while siblings.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def regulation_match(*, parent: Page, parsed: ParsedRegulation) -> RegulationPage | None:
    """The page a re-import updates: same number (when complete) or same title, under parent."""
    condition = Q(title=parsed.title)
    if _complete_number(parsed.decision_number):
        condition |= Q(number=parsed.decision_number)
    return RegulationPage.objects.child_of(parent).filter(condition).order_by("pk").first()


@transaction.atomic
def regulation_import(
    *,
    data: bytes,
    parent: RegulationIndexPage,
    source_name: str = "",
    draft: bool = False,
    user=None,
) -> ImportResult:
    """Parse ``data`` and create or update the regulation page under ``parent``.

    Publishes unless ``draft``; a draft import of a live page saves a new revision and leaves
    the published version as it was. Raises RegulationImportError for unreadable files and for
    text without any article (e.g. a công văn).
    """
    try:
        text = text_decode(data)
    except ValueError as exc:
        raise RegulationImportError(str(exc)) from exc
    parsed = regulation_parse(text)
    if not_a_regulation(parsed):
        raise RegulationImportError(
            _(
                "Không tìm thấy Chương hay Điều nào: tệp này không có cấu trúc của một quy chế "
                "(có thể là công văn hoặc thông báo). Chưa nhập gì; hãy đăng văn bản này ở mục "
                "công khai thay vì mục quy chế."
            ),
            parsed,
        )
    if not parsed.title:
        raise RegulationImportError(
            _(
                "Không tìm thấy tên quy chế (dòng “QUY CHẾ …” trước Chương I). Hãy thêm dòng "
                "tên vào tệp rồi nhập lại."
            ),
            parsed,
        )
    digest = hashlib.sha256(data).hexdigest()
    page = regulation_match(parent=parent, parsed=parsed)
    if page is not None and page.source_sha256 == digest and (draft or page.live):
        if not draft and page.has_unpublished_changes:
            page.get_latest_revision().publish(user=user)
            return ImportResult(page, parsed, "updated", True)
        return ImportResult(page, parsed, "unchanged", page.live and not draft)
    created = page is None
    if created:
        page = RegulationPage(title=parsed.title)
    page.title = parsed.title
    page.slug = page.slug or _slug_for(parsed.title, parent, None)
    page.number = (
        parsed.decision_number if _complete_number(parsed.decision_number) else page.number
    )
    page.decision_number = parsed.decision_number
    page.decision_date = parsed.decision_date
    page.decision_issuer = parsed.decision_issuer[:255]
    page.decision_text = parsed.decision_text
    page.issuance_note = parsed.issuance_note
    page.effective_date = parsed.effective_date or page.effective_date
    if parsed.replaces_decision and page.replaces_id is None:
        page.replaces = (
            RegulationPage.objects.filter(decision_number=parsed.replaces_decision)
            .exclude(pk=page.pk)
            .first()
        )
    page.body = chapters_to_stream(parsed.chapters)
    page.source_name = source_name[:255]
    page.source_sha256 = digest
    if created:
        page.live = False
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if not draft:
        revision.publish(user=user)
    page.refresh_from_db()
    return ImportResult(page, parsed, "created" if created else "updated", not draft)


def import_summary_lines(result: ImportResult) -> list[str]:
    """The Vietnamese report shown by the command and the admin upload."""
    parsed = result.parsed
    status = {
        "created": _("Đã tạo trang “{title}” ({state})."),
        "updated": _("Đã cập nhật trang “{title}” ({state})."),
        "unchanged": _("Không thay đổi trang “{title}” ({state})."),
    }
    state = _("đã xuất bản") if result.published else _("bản nháp, chưa xuất bản")
    return [
        status[result.status].format(title=result.page.title, state=state),
        _("Chương: {chapters}; Điều: {articles}; Khoản: {clauses}; Điểm: {points}.").format(
            chapters=len(parsed.numbered_chapters),
            articles=len(parsed.articles),
            clauses=parsed.clause_count,
            points=parsed.point_count,
        ),
        _(
            "Vấn đề cần xem lại: {problems}; dòng bỏ đi có chủ ý (số trang, tiêu đề lặp lại, "
            "chữ ký số): {artefacts}."
        ).format(problems=len(parsed.problems), artefacts=len(parsed.artefacts)),
    ]
