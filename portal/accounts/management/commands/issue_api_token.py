from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User
from portal.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Cấp mã truy cập API (Authorization: Bearer <mã>) cho một người dùng và in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=None, help="Số ngày hiệu lực (0 = không hết hạn)."
        )
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã.")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"Không có người dùng '{options['username']}'.") from exc
        if not user.is_active:
            raise CommandError(f"Tài khoản '{user.username}' đang bị khóa.")
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("--days phải là số không âm.")
        _token, raw = api_token_issue(user=user, days=options["days"], name=options["name"])
        self.stdout.write(raw)
