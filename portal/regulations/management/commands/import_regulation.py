"""manage.py import_regulation FILE --parent <slug> [--draft]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.regulations.services import (
    RegulationImportError,
    import_summary_lines,
    regulation_import,
    regulation_parent_find,
)


class Command(BaseCommand):
    help = (
        "Nhập một quy chế từ tệp văn bản (UTF-8) thành trang có Chương, Điều, khoản, điểm. "
        "Nhập lại cùng quy chế thì cập nhật trang cũ."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .txt chứa toàn văn quy chế")
        parser.add_argument(
            "--parent", required=True, help="Slug của trang danh sách quy chế, ví dụ quy-che"
        )
        parser.add_argument("--draft", action="store_true", help="Chỉ lưu bản nháp, không xuất bản")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
        try:
            parent = regulation_parent_find(slug=options["parent"])
            result = regulation_import(
                data=data, parent=parent, source_name=path.name, draft=options["draft"]
            )
        except RegulationImportError as exc:
            raise CommandError(exc.message) from exc
        for line in import_summary_lines(result):
            self.stdout.write(line)
        for problem in result.parsed.problems:
            self.stdout.write(
                self.style.WARNING(
                    _("  Dòng {line}: {message}").format(line=problem.line, message=problem.message)
                )
            )
            if problem.text:
                self.stdout.write(f"    “{problem.text}”")
        self.stdout.write(_("Địa chỉ: {url}").format(url=result.page.url or result.page.url_path))
