"""``manage.py db_worker`` with one pause added where a real worker could die.

Run as a script by ``test_worker_killed.py``. With ``FAULT_BLOCK_AT=render`` the worker lays out
the PDF for real, then touches ``FAULT_MARKER`` and sleeps until it is killed, before the render
step saves anything; with ``FAULT_BLOCK_AT=sig_step_N`` it makes that signature for real and
sleeps before handing it back. This is honest: the product code runs unchanged up to the
moment of the fault, the pause only makes the moment certain instead of a guess, and the kill
(SIGKILL: no cleanup, no rollback from the client side) is what a dead machine does. The test
process and the worker that recovers afterwards run the product code with nothing patched.
Without ``FAULT_BLOCK_AT`` this is the plain worker.
"""

import os
import sys
import time
from pathlib import Path


def _pause(marker: Path) -> None:
    marker.touch()
    while True:  # until SIGKILL
        time.sleep(60)


def _patch(block_at: str, marker: Path) -> None:
    if block_at == "render":
        import portal.documents.rendering as rendering

        real_render = rendering.document_render

        def render_then_die(*, document):
            rendered = real_render(document=document)
            _pause(marker)
            return rendered

        rendering.document_render = render_then_die
        return
    from portal.documents.signing.signers import Pkcs12Signer

    real_sign = Pkcs12Signer.sign

    def sign_then_die(self, *args, **kwargs):
        signed = real_sign(self, *args, **kwargs)
        if kwargs.get("field_name") == block_at:
            _pause(marker)
        return signed

    Pkcs12Signer.sign = sign_then_die


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.worker_settings")
    import django

    django.setup()
    if block_at := os.environ.get("FAULT_BLOCK_AT"):
        _patch(block_at, Path(os.environ["FAULT_MARKER"]))
    from django.core.management import call_command

    call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")


if __name__ == "__main__":
    main()
