from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo.services import demo_data_load

HOME_PAGE_STATUS = {
    "created": "đã tạo",
    "updated": "đã cập nhật",
    "unchanged": "không thay đổi",
}


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Sở Công Thương, Trung tâm Khuyến công và Xúc tiến thương mại, "
        "các tài khoản mẫu và trang chủ. Chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("Biến môi trường DEMO_PASSWORD đang trống: hãy đặt mật khẩu mẫu.")
        summary = demo_data_load(password=password)

        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu của Sở Công Thương."))
        self.stdout.write(
            f"  Đơn vị: {summary['units']} · Tài khoản: {len(summary['accounts'])} "
            f"(tạo mới: {summary['created_accounts']}) · "
            f"Chức vụ nhân sự: {summary['memberships']}"
        )
        self.stdout.write(
            f"  Trang chủ «{summary['home_page_title']}» tại {summary['home_page_url']}: "
            f"{HOME_PAGE_STATUS[summary['home_page_status']]}."
        )
        self.stdout.write(
            f"  Biểu mẫu «{summary['form_page_title']}» tại {summary['form_page_url']}: "
            f"{HOME_PAGE_STATUS[summary['form_page_status']]}."
        )
        self.stdout.write(
            f"  Biểu mẫu «{summary['leave_page_title']}» tại {summary['leave_page_url']}: "
            f"{HOME_PAGE_STATUS[summary['leave_page_status']]}."
        )
        for key in ("overtime", "trip", "trip_report"):
            self.stdout.write(
                f"  Biểu mẫu «{summary[f'{key}_page_title']}» tại {summary[f'{key}_page_url']}: "
                f"{HOME_PAGE_STATUS[summary[f'{key}_page_status']]}."
            )
        for key in ("regulation", "disclosure"):
            self.stdout.write(
                f"  Trang «{summary[f'{key}_page_title']}» tại {summary[f'{key}_page_url']}: "
                f"{HOME_PAGE_STATUS[summary[f'{key}_page_status']]}."
            )
        # The value itself stays out of the output, which often ends up in shared logs.
        self.stdout.write(
            "  Tài khoản tạo mới dùng mật khẩu trong DEMO_PASSWORD và chưa bật xác thực hai "
            "lớp; tài khoản đã có giữ nguyên mật khẩu và xác thực hai lớp."
        )
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu:")
        width = max(len(a["username"]) for a in summary["accounts"])
        for account in summary["accounts"]:
            mark = " (mới)" if account["created"] else ""
            self.stdout.write(
                f"  {account['username']:<{width}}  {account['full_name']} — "
                f"{account['role']}{mark}"
            )
