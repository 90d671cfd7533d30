import datetime
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest

from forms.policy.demo import two_step_policy  # noqa: F401
from tests.factories import leave_form
from tests.flows.support import rule, step

MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(MONDAY, tick=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ca(db):
    from portal.documents.signing.services import ca_ensure

    ca_ensure()


@pytest.fixture
def templates(db):
    from portal.documents.defaults import document_templates_ensure
    from portal.documents.models import DocumentTemplate

    document_templates_ensure()
    return {t.code: t for t in DocumentTemplate.objects.all()}


THREE_STEPS = rule(
    step("opinion", "unit_head"),
    step("opinion", "overseer"),
    step("decision", "director"),
)


@pytest.fixture
def leave_page(org, templates, ca):
    """A leave form whose requests go through three people and end in a signed PDF."""
    return leave_form(policy=THREE_STEPS, document_template=templates["leave"])


def pdfsig(path, nssdir) -> str:
    return subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nssdir}", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


@pytest.fixture
def nss(tmp_path):
    """An NSS database trusting the portal's internal CA, for poppler's pdfsig."""
    if not (shutil.which("pdfsig") and shutil.which("certutil")):
        pytest.skip("pdfsig/certutil (poppler-utils, libnss3-tools) are not installed")
    from portal.documents.signing.services import trust_roots_pem

    directory = tmp_path / "nss"
    directory.mkdir()
    (tmp_path / "ca.pem").write_bytes(trust_roots_pem())
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{directory}"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-n",
            "portal-ca",
            "-t",
            "CT,C,C",
            "-i",
            str(tmp_path / "ca.pem"),
            "-d",
            f"sql:{directory}",
        ],
        check=True,
    )
    return directory


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run ``fn`` and then what it left for after the commit (the document job), as a real
    request would: the test's own transaction never commits, so nothing runs by itself."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def apply_and_grant(commit):
    from tests.forms.leave.support import apply, grant

    def run(page, user, day):
        return commit(grant, commit(apply, page, user, day))

    return run
