"""Register a PKCS#11 token (USB token, HSM) as a person's — or the seal's — signer.

The PIN is read from the environment variable ``DOCUMENTS_DEVICE_PIN`` or asked for, never taken
from the command line (it would stay in the shell history), and stored encrypted. A person (or the
seal) has one active device: the one registered before is switched off.
"""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ... import crypto
from ...models import SigningDevice
from ._common import user_get


class Command(BaseCommand):
    help = "Gắn thiết bị ký số PKCS#11 (token, HSM) cho một người dùng hoặc cho con dấu."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="tên đăng nhập của người ký")
        who.add_argument("--seal", action="store_true", help="thiết bị của con dấu cơ quan")
        parser.add_argument("--module", required=True, help="đường dẫn thư viện PKCS#11 (.so)")
        parser.add_argument("--token", required=True, help="nhãn token")
        parser.add_argument("--key-label", default="", help="nhãn khóa trên token")
        parser.add_argument("--key-id", default="", help="mã khóa (hex) trên token")
        parser.add_argument("--cert-label", default="", help="nhãn chứng thư trên token")
        parser.add_argument("--name", default="", help="tên gọi của thiết bị")

    def handle(self, *args, **options):
        if not (options["key_label"] or options["key_id"]):
            raise CommandError("Hãy cho biết khóa trên token: --key-label hoặc --key-id.")
        if not os.path.exists(options["module"]):
            raise CommandError(f"Không thấy thư viện PKCS#11 “{options['module']}”.")
        user = user_get(options["user"]) if options["user"] else None
        pin = os.environ.get("DOCUMENTS_DEVICE_PIN") or getpass.getpass("Mã PIN của token: ")
        if not pin:
            raise CommandError("Chưa có mã PIN (biến môi trường DOCUMENTS_DEVICE_PIN).")
        with transaction.atomic():
            current = SigningDevice.objects.filter(is_active=True)
            current = (
                current.filter(is_seal=True)
                if options["seal"]
                else current.filter(user=user, is_seal=False)
            )
            current.update(is_active=False)
            device = SigningDevice.objects.create(
                name=options["name"] or f"Token {options['token']}",
                kind="pkcs11",
                user=user,
                is_seal=options["seal"],
                module_path=options["module"],
                token_label=options["token"],
                key_label=options["key_label"],
                key_id=options["key_id"],
                cert_label=options["cert_label"],
                pin_encrypted=crypto.secret_encrypt(pin),
            )
        owner = "con dấu" if options["seal"] else user.get_full_name() or user.username
        self.stdout.write(self.style.SUCCESS(f"Đã gắn thiết bị “{device.name}” cho {owner}."))
