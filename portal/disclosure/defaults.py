"""The eleven contents that must be disclosed to staff (Quy chế dân chủ, Điều 3).

One list, used by the data migration, by ``disclosure_categories_ensure`` and by the tests.
Names are stored (administrators may rename or add categories), so they are not gettext'd.
"""

DEFAULT_CATEGORIES: list[tuple[str, str]] = [
    ("chu-truong-chinh-sach", "Chủ trương, chính sách của Đảng và pháp luật của Nhà nước"),
    ("ke-hoach-cong-tac", "Kế hoạch công tác hằng năm, hằng quý, hằng tháng"),
    ("tai-chinh-ngan-sach", "Dự toán, thực hiện và quyết toán ngân sách; kiến nghị kiểm toán"),
    ("tai-san-cong", "Tiêu chuẩn, định mức và quản lý, sử dụng tài sản công"),
    ("dau-tu-cong", "Phân bổ, bố trí và giải ngân vốn đầu tư công"),
    ("to-chuc-can-bo", "Chế độ, lương, đánh giá, khen thưởng, kỷ luật; đề án, dự án của cơ quan"),
    ("phong-chong-tham-nhung", "Kết luận về tiêu cực, tham nhũng, lãng phí; kê khai tài sản"),
    ("thanh-tra-khieu-nai", "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo, kiến nghị"),
    ("noi-quy-quy-che", "Nội quy, quy chế, quy định; quy tắc ứng xử"),
    ("chi-dao-cap-tren", "Văn bản chỉ đạo, điều hành của cơ quan cấp trên"),
    ("noi-dung-khac", "Nội dung khác theo quy định của pháp luật"),
]
