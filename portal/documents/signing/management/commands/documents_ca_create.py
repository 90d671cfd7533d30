from django.core.management.base import BaseCommand

from ...ca import ca_create


class Command(BaseCommand):
    help = "Tạo CA nội bộ để cấp chứng thư ký số (không làm gì nếu đã có)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-new",
            action="store_true",
            help="Tạo CA mới thay CA đang dùng (CA cũ vẫn được tin cậy cho văn bản đã ký).",
        )

    def handle(self, *args, force_new=False, **options):
        ca, created = ca_create(force_new=force_new)
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Đã tạo CA nội bộ: {ca.name} (số hiệu {ca.serial}).")
            )
        else:
            self.stdout.write(f"CA nội bộ đã có: {ca.name} (số hiệu {ca.serial}). Không thay đổi.")
