"""The four default templates: created once, well-formed, and filled from real submissions."""

import pytest

from portal.documents.defaults import DOCUMENT_TEMPLATES, document_templates_ensure
from portal.documents.models import DocumentTemplate
from portal.documents.rendering import document_render
from portal.documents.rendering.placeholders import placeholders_check

from .conftest import document_for
from .pdftools import pdf_text

pytestmark = pytest.mark.django_db


def test_ensure_creates_the_four_templates_once_and_keeps_edits():
    DocumentTemplate.objects.all().delete()
    assert document_templates_ensure() == 4
    assert set(DocumentTemplate.objects.values_list("code", flat=True)) == {
        "leave",
        "overtime",
        "trip",
        "trip_report",
    }
    DocumentTemplate.objects.filter(code="leave").update(body="Nội dung đã sửa {{ reason }}")
    assert document_templates_ensure() == 0
    assert DocumentTemplate.objects.get(code="leave").body == "Nội dung đã sửa {{ reason }}"


@pytest.mark.parametrize("row", DOCUMENT_TEMPLATES, ids=lambda row: row["code"])
def test_each_default_is_well_formed(row):
    placeholders_check(row["body"])
    placeholders_check(row["summary"])
    template = DocumentTemplate(**row)
    template.full_clean(validate_unique=False)


def rendered_text(submission) -> tuple[str, list[str]]:
    rendered = document_render(document=document_for(submission))
    return pdf_text(rendered.pdf), rendered.unknown


def test_leave_request_shows_the_requester_and_the_leave(leave_submission):
    text, unknown = rendered_text(leave_submission)
    assert unknown == []
    name = leave_submission.requester.get_full_name()
    for expected in (
        "ĐƠN XIN NGHỈ PHÉP",
        f"Tôi tên là: {name}",
        "Chức vụ: Chuyên viên; đơn vị công tác: Phòng Quản lý công nghiệp",
        "Loại nghỉ: Nghỉ phép năm",
        "từ ngày 01/12/2026 (Buổi sáng) đến hết ngày 02/12/2026 (Buổi chiều)",
        "tổng cộng 2 ngày làm việc",
        "Lý do: Việc gia đình",
        "Kính gửi: Lãnh đạo Sở Công Thương",
        "ngày 23/11/2026",
    ):
        assert expected in text, expected


def test_overtime_registration_shows_the_time_place_and_hours(overtime_submission):
    text, unknown = rendered_text(overtime_submission)
    assert unknown == []
    name = overtime_submission.requester.get_full_name()
    for expected in (
        "GIẤY ĐĂNG KÝ LÀM NGOÀI GIỜ",
        f"Người đăng ký: {name}, Chuyên viên",
        "ngày 28/11/2026, từ 08:00 đến 11:00",
        "Địa điểm: Phòng 302",
        "Nội dung công việc: Hoàn thiện báo cáo quý",
        "tổng cộng 3 giờ",
        f"{name}: 3 giờ",
    ):
        assert expected in text, expected


def test_trip_paper_shows_the_destination_dates_and_purpose(trip_submission):
    text, unknown = rendered_text(trip_submission)
    assert unknown == []
    name = trip_submission.requester.get_full_name()
    for expected in (
        "GIẤY ĐI CÔNG TÁC",
        f"Cử ông (bà): {name}",
        "Đi công tác tại: Hà Nội (Ngoài tỉnh)",
        "từ ngày 01/12/2026 đến hết ngày 02/12/2026 (2 ngày làm việc)",
        "Nội dung công tác: Dự hội nghị tổng kết ngành",
        "Sử dụng xe cơ quan: Không",
    ):
        assert expected in text, expected


def test_trip_report_shows_the_results(trip_report_submission):
    text, unknown = rendered_text(trip_report_submission)
    assert unknown == []
    name = trip_report_submission.requester.get_full_name()
    for expected in (
        "BÁO CÁO KẾT QUẢ CÔNG TÁC",
        f"tôi là {name}, Chuyên viên, Phòng Quản lý công nghiệp",
        "Hà Nội (Ngoài tỉnh), từ ngày 10/11/2026 đến hết ngày 12/11/2026",
        "Đã dự hội nghị, tiếp thu ý kiến chỉ đạo.",
    ):
        assert expected in text, expected
