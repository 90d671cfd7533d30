from django.core.management.base import BaseCommand, CommandError

from ...ca import CaMissing, certificate_issue_for_user
from ._common import certificate_line, user_get


class Command(BaseCommand):
    help = "Cấp chứng thư ký số cá nhân từ CA nội bộ cho một người dùng."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")

    def handle(self, *args, username, **options):
        user = user_get(username)
        try:
            cert = certificate_issue_for_user(user=user)
        except CaMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã cấp chứng thư: {certificate_line(cert)}."))
