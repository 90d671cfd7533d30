"""The NĐ30 layout: header texts, and the reserved boxes where the signing code expects them."""

import pytest

from portal.documents.rendering import document_render, issuing_unit_for
from portal.documents.rendering.content import document_content
from portal.documents.rendering.pdf import pdf_render

from .conftest import TUESDAY, WEDNESDAY, document_for, steps_of
from .pdftools import A4, page_texts, pdf_png_pages, pdf_text, pdf_words

MM = 72 / 25.4


@pytest.fixture
def leave_document(leave_submission):
    return document_for(leave_submission)


@pytest.fixture
def rendered(leave_document):
    return document_render(document=leave_document)


def inside_page(rect) -> bool:
    _page, x1, y1, x2, y2 = rect
    return 0 <= x1 < x2 <= A4[0] and 0 <= y1 < y2 <= A4[1]


def size_mm(rect) -> tuple[float, float]:
    _page, x1, y1, x2, y2 = rect
    return round((x2 - x1) / MM, 1), round((y2 - y1) / MM, 1)


def test_the_header_follows_the_decree(rendered, leave_submission):
    first_page = page_texts(rendered.pdf)[0]
    for expected in (
        "UBND TỈNH AN GIANG",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/ĐNP-SCT",
        "An Giang, ngày",
        "ĐƠN XIN NGHỈ PHÉP",
        "Về việc nghỉ phép của Nguyễn Văn",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    ):
        assert expected in first_page
    # Issuing body on the left, the motto on the right, above the number and the date.
    words = pdf_words(rendered.pdf)
    so = next(w for w in words if w["text"] == "SỞ" and w["page"] == 0)
    cong_hoa = next(w for w in words if w["text"] == "CỘNG")
    so_number = next(w for w in words if w["text"] == "Số:")
    assert so["x2"] < cong_hoa["x1"]
    assert so_number["y2"] < so["y1"]


def test_a_centre_issues_for_its_staff_under_the_department(office, templates):
    from tests.factories import leave_form
    from tests.forms.leave.support import apply

    page = leave_form(document_template=templates["leave"], slug="nghi-phep-tt")
    submission = apply(page, office["vienchuc"], TUESDAY, WEDNESDAY)
    assert issuing_unit_for(submission=submission, template=templates["leave"]) == office["tt"]
    text = page_texts(document_render(document=document_for(submission)).pdf)[0]
    assert "SỞ CÔNG THƯƠNG" in text
    assert "TRUNG TÂM KHUYẾN CÔNG" in text
    assert "/ĐNP-TTKC" in text
    # The department issues when the template says so, whoever asks.
    templates["leave"].issuer = "department"
    assert issuing_unit_for(submission=submission, template=templates["leave"]) == office["so"]


def test_staff_of_a_division_get_documents_of_the_department(leave_submission, templates, office):
    assert (
        issuing_unit_for(submission=leave_submission, template=templates["leave"]) == office["so"]
    )


def test_every_signing_step_and_the_seal_have_a_box_inside_the_page(rendered, leave_submission):
    steps = steps_of(leave_submission)
    expected = {f"sig_step_{s.order}" for s in steps if s.kind in ("opinion", "decision")}
    assert set(rendered.layout["signatures"]) == expected | {"sig_seal"}
    assert set(rendered.layout["fields"]) == {"number", "day", "month", "year"}
    for rect in [*rendered.layout["signatures"].values(), *rendered.layout["fields"].values()]:
        assert inside_page(rect), rect


def test_the_final_signature_is_below_the_body_at_the_right_with_the_seal_beside_it(
    rendered, leave_submission
):
    final = f"sig_step_{steps_of(leave_submission)[-1].order}"
    page, x1, y1, x2, y2 = rendered.layout["signatures"][final]
    assert page == 0
    assert size_mm(rendered.layout["signatures"][final]) == (50.0, 24.0)
    assert x1 > A4[0] / 2 - 20 and x2 <= A4[0] - 15 * MM + 0.5
    # Below the last words of the body, above the signer's printed name.
    words = [w for w in pdf_words(rendered.pdf) if w["page"] == 0]
    body_end = next(w for w in reversed(words) if w["text"] == "kèm")
    assert y2 < body_end["y1"]
    name = next(w for w in words if w["text"] == "Người" and w["y2"] < y1)
    assert name["y2"] < y1
    seal = rendered.layout["signatures"]["sig_seal"]
    assert seal[0] == 0 and size_mm(seal) == (32.0, 24.0)
    assert seal[3] <= x1  # beside the signature: two text stamps must not run together
    assert (seal[2], seal[4]) == (y1, y2)


def test_history_boxes_follow_the_chain_order_on_the_last_page(rendered, leave_submission):
    sigs = rendered.layout["signatures"]
    opinions = [s for s in steps_of(leave_submission) if s.kind == "opinion"]
    rects = [sigs[f"sig_step_{s.order}"] for s in opinions]
    assert len(rects) == 2
    pages = page_texts(rendered.pdf)
    assert all(r[0] == len([p for p in pages if p.strip()]) - 1 for r in rects)
    assert "QUÁ TRÌNH XỬ LÝ" in pages[rects[0][0]]
    assert rects[0][2] > rects[1][4]  # first step above the second
    assert rects[0][1] == rects[1][1]  # in one column


def test_number_and_date_boxes_sit_on_the_text_line_and_fit_the_digits(rendered):
    fields = rendered.layout["fields"]
    assert {f[0] for f in fields.values()} == {0}
    day, month, year, number = fields["day"], fields["month"], fields["year"], fields["number"]
    assert day[2] == month[2] == year[2]  # one baseline
    assert day[3] < month[1] and month[3] < year[1]
    assert number[3] < day[1]
    # Room for five 13 pt digits (0.5 em each) in the number, four in the year.
    assert number[3] - number[1] >= 5 * 6.5 and year[3] - year[1] >= 4 * 6.5
    words = pdf_words(rendered.pdf)
    ngay = next(w for w in words if w["text"] == "ngày" and w["page"] == 0)
    # The box spans the word's line: below the baseline's descenders, above its x-height.
    assert day[2] <= ngay["y1"] + 1 and day[4] >= ngay["y1"] + 7


def test_outlined_boxes_are_drawn_exactly_where_the_layout_says(leave_document):
    rendered = pdf_render(document_content(document=leave_document), show_boxes=True)
    pages = pdf_png_pages(rendered.pdf)
    rects = {**rendered.layout["signatures"], **rendered.layout["fields"]}
    for name, (page, x1, y1, x2, y2) in rects.items():
        image = pages[page]
        top = round(image.height - y2)
        bottom = round(image.height - y1)

        def inked(line, x_from=x1, x_to=x2, image=image):
            return any(
                min(image.getpixel((x, y))) < 200
                for x in range(int(x_from) + 2, int(x_to) - 2)
                for y in (line - 1, line, line + 1)
                if 0 <= y < image.height
            )

        assert inked(top) and inked(bottom), name
        # Nothing drawn inside a signature box.
        if name.startswith("sig_step_"):
            middle = round((top + bottom) / 2)
            assert not inked(middle, x1 + 0.4 * (x2 - x1), x2 - 4), name


def test_the_qr_code_and_short_link_lead_to_the_verification_page(rendered, leave_document):
    from django.conf import settings
    from django.urls import reverse

    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "documents:short", args=[leave_document.verify_code]
    )
    text = pdf_text(rendered.pdf)
    assert url.split("://", 1)[1] in text
    assert leave_document.verify_code in text


def test_the_history_names_people_units_deadlines_and_delegation(leave_submission, office):
    from forms.models import ApprovalStep

    first = steps_of(leave_submission)[0]
    ApprovalStep.objects.filter(pk=first.pk).update(acting=office["phophong"])
    text = page_texts(document_render(document=document_for(leave_submission)).pdf)[1]
    assert "Cho ý kiến" in text and "Phê duyệt" in text
    assert "Phó trưởng phòng, Phòng Quản lý công nghiệp (ủy quyền)" in text
    assert "Phó Giám đốc Sở, Sở Công Thương" in text
    assert "(ủy quyền)" in text
    assert first.due_date.strftime("%d/%m/%Y") in text
    assert "Ký tại phần chữ ký của văn bản" in text


def test_a_long_body_flows_over_pages_keeping_the_signer_block_whole(leave_submission):
    template = leave_submission.form_page.specific.document_template
    template.body = "\n\n".join(
        f"Đoạn {n}: {{{{ reason }}}}. " + "Nội dung dài. " * 40 for n in range(12)
    )
    template.save()
    rendered = document_render(document=document_for(leave_submission))
    pages = page_texts(rendered.pdf)
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    # Page numbers from the second page on, at the top.
    assert not pages[0].strip().startswith("1 ")
    assert pages[1].strip().startswith("2 ")
    final = rendered.layout["signatures"][f"sig_step_{steps_of(leave_submission)[-1].order}"]
    seal = rendered.layout["signatures"]["sig_seal"]
    assert 0 < final[0] == seal[0] < len(pages) - 1
    assert "QUÁ TRÌNH XỬ LÝ" in pages[-1] and "QUÁ TRÌNH XỬ LÝ" not in pages[final[0]]
    for rect in rendered.layout["signatures"].values():
        assert inside_page(rect)
