from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.org.importer import StaffImportError, org_import_template_write, org_import_workbook


class Command(BaseCommand):
    @property
    def help(self):
        # argparse needs a real str, not a lazy translation.
        return _(
            'Nhập đơn vị và nhân sự từ tệp Excel (.xlsx) có hai trang "Đơn vị" và "Nhân sự"; '
            "tệp có lỗi thì không ghi gì."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=_("Tệp .xlsx cần nhập."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ kiểm tra tệp và cho biết sẽ thay đổi gì, không ghi vào cơ sở dữ liệu."),
        )
        parser.add_argument(
            "--template", metavar="OUT.xlsx", help=_("Ghi tệp mẫu (có một dòng ví dụ) rồi dừng.")
        )

    def handle(self, *args, **options):
        if options["template"]:
            org_import_template_write(file=options["template"])
            self.stdout.write(_("Đã ghi tệp mẫu %(path)s.") % {"path": options["template"]})
            return
        if not options["file"]:
            raise CommandError(_("Hãy chỉ ra tệp .xlsx cần nhập, hoặc dùng --template."))
        try:
            result = org_import_workbook(file=options["file"], dry_run=options["dry_run"])
        except StaffImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Tệp có %(count)s lỗi; chưa ghi gì vào cơ sở dữ liệu.")
                % {"count": len(exc.errors)}
            ) from exc
        if result.dry_run:
            self.stdout.write(_("Chỉ kiểm tra: tệp hợp lệ, chưa ghi gì. Nếu nhập sẽ có:"))
        lines = (
            (_("Đơn vị"), result.units_created, result.units_updated),
            (_("Người dùng"), result.users_created, result.users_updated),
            (_("Chức vụ của người"), result.memberships_created, result.memberships_updated),
        )
        for label, created, updated in lines:
            self.stdout.write(
                _("%(label)s: thêm mới %(created)s, cập nhật %(updated)s.")
                % {"label": label, "created": created, "updated": updated}
            )
        if not result.changed:
            self.stdout.write(_("Không có gì thay đổi."))
