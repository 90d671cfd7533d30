"""Demo board and items for load_demo_data: public and internal, current and expired."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from .audience import public_collection
from .models import (
    Audience,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureIndexPage,
    DisclosureItemPage,
)
from .services import disclosure_categories_ensure, disclosure_moderation_ensure

BOARD_SLUG = "cong-khai"
PDF_TITLE = "Dự toán ngân sách năm 2026 của Trung tâm (bản công khai)"

# slug, title, category, audience, (from, until) in days from today, acknowledgement, summary
ITEMS = [
    (
        "du-toan-ngan-sach-2026",
        "Công khai dự toán ngân sách nhà nước năm 2026",
        "tai-chinh-ngan-sach",
        Audience.PUBLIC,
        (-10, 80),
        False,
        "Số liệu dự toán thu, chi ngân sách năm 2026 được giao cho Trung tâm Khuyến công và Xúc "
        "tiến thương mại, kèm thuyết minh.",
    ),
    (
        "ke-hoach-cong-tac-2026",
        "Kế hoạch công tác năm 2026 của Trung tâm",
        "ke-hoach-cong-tac",
        Audience.PUBLIC,
        (-20, 340),
        False,
        "Các nhiệm vụ trọng tâm về khuyến công, xúc tiến thương mại và quản lý cụm công nghiệp "
        "trong năm 2026.",
    ),
    (
        "quy-che-chi-tieu-noi-bo-2026",
        "Quy chế chi tiêu nội bộ năm 2026",
        "noi-quy-quy-che",
        Audience.INTERNAL,
        (-5, 25),
        True,
        "Quy chế chi tiêu nội bộ áp dụng từ ngày 01/01/2026; đề nghị viên chức, người lao động "
        "đọc và xác nhận.",
    ),
    (
        "danh-gia-xep-loai-2025",
        "Kết quả đánh giá, xếp loại viên chức năm 2025",
        "to-chuc-can-bo",
        Audience.INTERNAL,
        (-3, 12),
        False,
        "Kết quả đánh giá, xếp loại chất lượng viên chức và người lao động năm 2025.",
    ),
    (
        "mua-sam-tai-san-quy-3",
        "Kế hoạch mua sắm tài sản công quý III/2026",
        "tai-san-cong",
        Audience.PUBLIC,
        (-150, -60),
        False,
        "Danh mục tài sản mua sắm, dự toán và hình thức lựa chọn nhà thầu quý III/2026.",
    ),
    (
        "ket-qua-kiem-tra-noi-bo",
        "Thông báo kết quả kiểm tra nội bộ năm 2026",
        "thanh-tra-khieu-nai",
        Audience.INTERNAL,
        (-90, -30),
        False,
        "Kết luận kiểm tra việc thực hiện quy chế dân chủ tại các phòng chuyên môn.",
    ),
]


def _pdf() -> bytes:
    from weasyprint import HTML

    rows = "".join(
        f"<tr><td>{name}</td><td style='text-align:right'>{amount}</td></tr>"
        for name, amount in [
            ("Chi thường xuyên", "4.250.000.000"),
            ("Chi không thường xuyên", "1.180.000.000"),
            ("Kinh phí khuyến công địa phương", "2.600.000.000"),
            ("Tổng cộng", "8.030.000.000"),
        ]
    )
    html = (
        "<html><head><style>td, th { border: 1px solid #000; padding: 4pt 6pt; }</style></head>"
        "<body style='font-family: Liberation Serif, serif; font-size: 13pt'>"
        "<p style='text-align:center'><b>TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI</b></p>"
        "<h2 style='text-align:center'>CÔNG KHAI DỰ TOÁN NGÂN SÁCH NĂM 2026</h2>"
        "<table style='width:100%; border-collapse:collapse'>"
        "<tr><th>Nội dung</th><th>Dự toán (đồng)</th></tr>" + rows + "</table>"
        "<p><i>Niêm yết tại trụ sở và đăng trên Cổng biểu mẫu theo Điều 4 Quy chế dân chủ.</i></p>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()


def _attachment():
    Document = get_document_model()
    existing = Document.objects.filter(title=PDF_TITLE).first()
    if existing:
        return existing
    return Document.objects.create(
        title=PDF_TITLE,
        file=ContentFile(_pdf(), name="du-toan-ngan-sach-2026.pdf"),
        collection=public_collection(),
    )


def _board(home) -> tuple[DisclosureIndexPage, bool]:
    board = DisclosureIndexPage.objects.child_of(home).filter(slug=BOARD_SLUG).first()
    if board:
        return board, False
    board = DisclosureIndexPage(
        title="Công khai",
        slug=BOARD_SLUG,
        intro="<p>Nội dung công khai theo Điều 3 Quy chế thực hiện dân chủ của Trung tâm.</p>",
    )
    home.add_child(instance=board)
    board.save_revision().publish()
    return board, True


def disclosure_demo_ensure(*, home) -> dict:
    """Idempotent: creates what is missing, never changes what an administrator edited."""
    disclosure_categories_ensure()
    board, board_created = _board(home)
    disclosure_moderation_ensure()
    today = timezone.localdate()
    created = 0
    items = []
    for slug, title, code, audience, (start, end), ack, summary in ITEMS:
        item = DisclosureItemPage.objects.child_of(board).filter(slug=slug).first()
        if item is None:
            item = DisclosureItemPage(
                title=title,
                slug=slug,
                category=DisclosureCategory.objects.get(code=code),
                summary=summary,
                body="<p>Thực hiện Điều 3 và Điều 4 Quy chế thực hiện dân chủ, Trung tâm công "
                "khai nội dung trên để viên chức, người lao động được biết.</p><p>Mọi ý kiến xin "
                "gửi về Phòng Tổng hợp và Quản lý Cụm công nghiệp trong thời hạn niêm yết.</p>",
                source_number=f"{abs(start) + 10}/TB-TTKC",
                source_date=today + datetime.timedelta(days=start - 2),
                posted_from=today + datetime.timedelta(days=start),
                posted_until=today + datetime.timedelta(days=end),
                audience=audience,
                requires_acknowledgement=ack,
            )
            if slug == "du-toan-ngan-sach-2026":
                item.attachments.add(DisclosureAttachment(document=_attachment()))
            board.add_child(instance=item)
            item.save_revision().publish()
            created += 1
        items.append(item)
    return {"board": board, "board_created": board_created, "items": items, "created": created}
