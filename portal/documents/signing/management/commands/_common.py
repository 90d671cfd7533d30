from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from ...models import SigningCertificate


def user_get(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"Không có người dùng “{username}”.") from None


def certificate_line(cert: SigningCertificate) -> str:
    return (
        f"{cert.common_name} — số hiệu {cert.serial}, hiệu lực "
        f"{cert.not_before:%d/%m/%Y} – {cert.not_after:%d/%m/%Y}"
    )
