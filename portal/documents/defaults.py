# ruff: noqa: E501  (template bodies: one paragraph is one line, a newline would break it)
"""The document templates the portal ships for its four forms (created once, then the
administrator's to edit). Used by migration 0002, the demo data and tests, since
transactional tests flush the rows migrations made."""

LEAVE_BODY = """Kính gửi: Lãnh đạo {{ co_quan }}.

Tôi tên là: {{ nguoi_de_nghi }}
Chức vụ: {{ chuc_vu }}; đơn vị công tác: {{ don_vi }}.

Nay tôi làm đơn này kính đề nghị Lãnh đạo cho tôi được nghỉ như sau:
- Loại nghỉ: {{ leave_type }}.
- Thời gian nghỉ: từ ngày {{ start_date }} ({{ start_session }}) đến hết ngày {{ end_date }} ({{ end_session }}), tổng cộng {{ so_ngay }} ngày làm việc.
- Lý do: {{ reason }}
- Người nhận bàn giao công việc: {{ handover_to }}

Tôi cam kết bàn giao đầy đủ công việc trước khi nghỉ và trở lại làm việc đúng thời hạn. Kính đề nghị Lãnh đạo xem xét, giải quyết.

Đơn được nộp trên Cổng biểu mẫu ngày {{ ngay_nop }} và được xử lý theo trình tự ghi tại phần Quá trình xử lý kèm theo."""

OVERTIME_BODY = """Kính gửi: Lãnh đạo {{ co_quan }}.

{{ don_vi }} đăng ký làm việc ngoài giờ hành chính như sau:
- Người đăng ký: {{ nguoi_de_nghi }}, {{ chuc_vu }}.
- Thời gian: ngày {{ date }}, từ {{ start_time }} đến {{ end_time }}.
- Địa điểm: {{ location }}.
- Người làm thêm: {{ participants }}.
- Nội dung công việc: {{ tasks }}

Số giờ làm thêm: tổng cộng {{ so_gio }} giờ, trong đó:
{{ gio_tung_nguoi }}

Chúng tôi cam kết chấp hành nội quy cơ quan, giữ gìn trật tự, vệ sinh, tiết kiệm điện, nước trong thời gian làm việc ngoài giờ. Kính đề nghị Lãnh đạo xem xét, chấp thuận."""

TRIP_BODY = """Cử ông (bà): {{ nguoi_de_nghi }}
Chức vụ: {{ chuc_vu }}; đơn vị công tác: {{ don_vi }}.
Người đi cùng: {{ participants }}

Đi công tác tại: {{ destination }} ({{ scope }}).
Thời gian: từ ngày {{ start_date }} đến hết ngày {{ end_date }} ({{ so_ngay }} ngày làm việc).
Nội dung công tác: {{ purpose }}
Sử dụng xe cơ quan: {{ vehicle }}.

Người được cử đi công tác có trách nhiệm thực hiện đúng nội dung được giao và báo cáo kết quả công tác trong thời hạn 02 ngày làm việc kể từ ngày kết thúc chuyến công tác."""

TRIP_REPORT_BODY = """Kính gửi: Lãnh đạo {{ co_quan }}.

Thực hiện nhiệm vụ được giao, tôi là {{ nguoi_de_nghi }}, {{ chuc_vu }}, {{ don_vi }}, xin báo cáo kết quả chuyến công tác như sau:

1. Nơi đến và thời gian: {{ destination }} ({{ scope }}), từ ngày {{ start_date }} đến hết ngày {{ end_date }}.

2. Nội dung công tác: {{ purpose }}

3. Kết quả công tác:
{{ results }}

4. Đề xuất, kiến nghị:
{{ proposals }}

Trên đây là báo cáo kết quả công tác, kính trình Lãnh đạo xem xét."""

DOCUMENT_TEMPLATES: list[dict] = [
    {
        "code": "leave",
        "name": "Đơn xin nghỉ phép",
        "document_type": "ĐƠN XIN NGHỈ PHÉP",
        "symbol": "ĐNP",
        "summary": "Về việc nghỉ phép của {{ nguoi_de_nghi }}",
        "body": LEAVE_BODY,
        "recipients": "- Như trên;\n- Văn phòng (theo dõi);\n- Lưu: VT.",
        "issuer": "unit",
        "numbering": "auto",
    },
    {
        "code": "overtime",
        "name": "Giấy đăng ký làm ngoài giờ",
        "document_type": "GIẤY ĐĂNG KÝ LÀM NGOÀI GIỜ",
        "symbol": "ĐKNG",
        "summary": "Ngày {{ date }}",
        "body": OVERTIME_BODY,
        "recipients": "- Như trên;\n- Văn phòng (theo dõi);\n- Bảo vệ cơ quan;\n- Lưu: VT.",
        "issuer": "unit",
        "numbering": "auto",
    },
    {
        "code": "trip",
        "name": "Giấy đi công tác",
        "document_type": "GIẤY ĐI CÔNG TÁC",
        "symbol": "GĐCT",
        "summary": "",
        "body": TRIP_BODY,
        "recipients": "- Người được cử;\n- Văn phòng (theo dõi);\n- Lưu: VT.",
        "issuer": "unit",
        "numbering": "auto",
    },
    {
        "code": "trip_report",
        "name": "Báo cáo kết quả công tác",
        "document_type": "BÁO CÁO KẾT QUẢ CÔNG TÁC",
        "symbol": "BC",
        "summary": "Chuyến công tác tại {{ destination }} từ ngày {{ start_date }} đến ngày "
        "{{ end_date }}",
        "body": TRIP_REPORT_BODY,
        "recipients": "- Như trên;\n- Văn phòng (theo dõi);\n- Lưu: VT.",
        "issuer": "unit",
        "numbering": "auto",
    },
]


def document_templates_ensure(model=None) -> int:
    """Create the default templates that do not exist yet (by code); never overwrite an
    administrator's edits. ``model`` is the historical model inside a migration."""
    if model is None:
        from .models import DocumentTemplate as model
    created = 0
    for row in DOCUMENT_TEMPLATES:
        _obj, was_created = model.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        created += was_created
    return created
