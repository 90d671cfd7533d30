from django.core.management.base import BaseCommand, CommandError

from ...ca import certificate_revoke
from ...models import RevocationReason, SigningCertificate


class Command(BaseCommand):
    help = (
        "Thu hồi chứng thư ký số: theo tên đăng nhập (mọi chứng thư còn hiệu lực của người đó) "
        "hoặc theo số hiệu chứng thư."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="tên đăng nhập hoặc số hiệu (hex) chứng thư")
        parser.add_argument(
            "--reason",
            default=RevocationReason.UNSPECIFIED,
            choices=RevocationReason.values,
            help="lý do thu hồi (mặc định: unspecified)",
        )

    def handle(self, *args, target, reason, **options):
        certs = list(
            SigningCertificate.objects.filter(serial=target.lower().removeprefix("0x"))
        ) or list(SigningCertificate.objects.filter(user__username=target, revoked_at__isnull=True))
        if not certs:
            raise CommandError(
                f"Không tìm thấy chứng thư còn hiệu lực của “{target}” "
                "(tên đăng nhập hoặc số hiệu)."
            )
        for cert in certs:
            if certificate_revoke(certificate=cert, reason=reason):
                self.stdout.write(
                    self.style.SUCCESS(f"Đã thu hồi chứng thư {cert.serial} ({cert.common_name}).")
                )
            else:
                self.stdout.write(f"Chứng thư {cert.serial} đã bị thu hồi từ trước.")
