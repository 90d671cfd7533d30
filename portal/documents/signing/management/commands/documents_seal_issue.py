from django.core.management.base import BaseCommand, CommandError

from ...ca import CaMissing, seal_issue
from ._common import certificate_line


class Command(BaseCommand):
    help = "Cấp chứng thư con dấu của cơ quan từ CA nội bộ."

    def handle(self, *args, **options):
        try:
            cert = seal_issue()
        except CaMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Đã cấp chứng thư con dấu: {certificate_line(cert)}.")
        )
