"""Posting a case's answer on the công khai board (Quy chế dân chủ, Điều 3 khoản 8).

A handler turns an answered case into one ``DisclosureItemPage`` **draft** on the first live
board and starts the board's moderation workflow ("Duyệt công khai") as himself: the item goes
live only when Văn phòng or a head approves it. The item never names the sender and carries
dates only (``posted_from``), like the case. An anonymous case may be posted — the handler is
asked to strip identifying details from the text first, which is why the step takes the text
to post rather than copying it blindly; a named case only with the sender's consent.

Kept here rather than in ``portal.disclosure``: the board knows nothing of feedback, and the
rules (consent, anonymity, who may post) are this module's.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from portal.accounts.models import User
from portal.disclosure.defaults import DEFAULT_CATEGORIES
from portal.disclosure.models import (
    Audience,
    DisclosureCategory,
    DisclosureIndexPage,
    DisclosureItemPage,
)

from .handling import HandlingError, _check
from .models import FeedbackCase

# DC Điều 3 (8): results of inspections and of settling complaints, denunciations, petitions.
RESULTS_CATEGORY_CODE = DEFAULT_CATEGORIES[7][0]
PUBLISHABLE = (FeedbackCase.Status.ANSWERED, FeedbackCase.Status.CLOSED)
TITLE_MAX = 255


@dataclass(frozen=True)
class Published:
    page: DisclosureItemPage
    created: bool  # False: the case was already on the board, nothing new was made


def publication_refusal(*, case: FeedbackCase) -> str | None:
    """Why this case cannot be posted now, for the handler; None when it can."""
    if case.status not in PUBLISHABLE or not case.answer.strip():
        return _("Chỉ đăng được góp ý đã có câu trả lời.")
    if not case.anonymous and not case.publish_consent:
        return _(
            "Người gửi góp ý có ghi tên này chưa đồng ý đăng công khai, nên không thể đăng lên "
            "bảng công khai."
        )
    return None


def _board() -> DisclosureIndexPage:
    board = DisclosureIndexPage.objects.live().order_by("path").first()
    if board is None:
        raise HandlingError(_("Chưa có bảng công khai nào đang hoạt động; hãy báo Văn phòng."))
    return board


def _category() -> DisclosureCategory:
    category = DisclosureCategory.objects.filter(code=RESULTS_CATEGORY_CODE).first()
    if category is None:
        raise HandlingError(
            _("Chưa có loại nội dung công khai “kết quả giải quyết khiếu nại, tố cáo, kiến nghị”.")
        )
    return category


def _paragraphs(text: str) -> str:
    """Plain text as escaped rich-text paragraphs: blank lines part them, newlines break."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


def _body(case: FeedbackCase, content: str, answer: str) -> str:
    heading = _("Trả lời của %(recipient)s") % {"recipient": case.get_recipient_display()}
    # Outside the f-string, where makemessages can see it.
    content_heading = _("Nội dung góp ý")
    return (
        f"<h2>{escape(content_heading)}</h2>{_paragraphs(content)}"
        f"<h2>{escape(heading)}</h2>{_paragraphs(answer)}"
    )


def _title(title: str) -> str:
    return (_("Trả lời góp ý: %(title)s") % {"title": " ".join(title.split())})[:TITLE_MAX]


def _slug(board: DisclosureIndexPage, title: str) -> str:
    base = slugify(title.replace("đ", "d").replace("Đ", "D"))[:80].strip("-") or "tra-loi-gop-y"
    return find_available_slug(board, base)


@transaction.atomic
def case_publish(
    *, case: FeedbackCase, user: User, audience: str, title: str, content: str, answer: str
) -> Published:
    """The board item of ``case``: made once as a draft and submitted for approval; a second
    call returns the same item. ``title``, ``content`` and ``answer`` are the texts to post —
    the case's own, from which the handler may have removed identifying details."""
    case = _check(case, user)
    if case.published_page_id is not None:
        return Published(page=case.published_page, created=False)
    refusal = publication_refusal(case=case)
    if refusal:
        raise HandlingError(refusal)
    if audience not in Audience.values:
        raise HandlingError(_("Hãy chọn đối tượng xem."))
    if not title.strip() or not content.strip() or not answer.strip():
        raise HandlingError(_("Hãy nhập tiêu đề, nội dung góp ý và câu trả lời sẽ đăng."))

    board = _board()
    page_title = _title(title)
    page = DisclosureItemPage(
        title=page_title,
        slug=_slug(board, page_title),
        live=False,
        owner=user,
        category=_category(),
        summary=_("Câu trả lời của %(recipient)s cho một góp ý, kiến nghị, phản ánh.")
        % {"recipient": case.get_recipient_display()},
        body=_body(case, content, answer),
        audience=audience,
        requires_acknowledgement=False,
        # Dates only, like the case; no sender name anywhere.
        posted_from=timezone.localdate(),
    )
    board.add_child(instance=page)
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    case.published_page = page
    case.save(update_fields=["published_page"])
    return Published(page=page, created=True)
