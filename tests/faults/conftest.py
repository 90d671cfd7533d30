"""Fixtures of the fault tests: a leave form that ends in a signed PDF, task worker processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.factories import leave_form
from tests.flows.support import rule, step

ROOT = Path(__file__).resolve().parents[2]
DB_BACKEND = "django_tasks_db.DatabaseBackend"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: a second process or connection must see the test database "
    "(SQLite's test database lives in this process's memory) and row locks/backends to kill",
)

THREE_STEPS = rule(
    step("opinion", "unit_head"),
    step("opinion", "overseer"),
    step("decision", "director"),
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def db_tasks(settings):
    """Jobs go to the database queue, as in production, instead of running in-process."""
    settings.TASKS = {"default": {"BACKEND": DB_BACKEND}}


@pytest.fixture
def ca(transactional_db):
    from portal.documents.signing.services import ca_ensure

    ca_ensure()


@pytest.fixture
def templates(transactional_db):
    from portal.documents.defaults import document_templates_ensure
    from portal.documents.models import DocumentTemplate

    document_templates_ensure()
    return {t.code: t for t in DocumentTemplate.objects.all()}


@pytest.fixture
def leave_page(org, templates, ca):
    """A leave form whose requests go through three people and end in a signed PDF."""
    return leave_form(policy=THREE_STEPS, document_template=templates["leave"])


def database_url() -> str:
    """This test database (pytest-django's, with any xdist suffix) as a DATABASE_URL."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{quote(db['NAME'])}"


class Processes:
    """Subprocesses against this test database; whatever is still running is killed at the end
    (before pytest-django flushes the tables, which needs their connections gone)."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.started: list[subprocess.Popen] = []

    def env(self, **extra: str) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url(),
            "TASKS_BACKEND": DB_BACKEND,
            "PORTAL_VAR_DIR": str(self.var_dir),
            "PYTHONPATH": str(ROOT),
            **extra,
        }

    def worker(self, **extra: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("worker.py"))],
            cwd=ROOT,
            env=self.env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=open(self.var_dir / f"worker-{len(self.started)}.log", "wb"),  # noqa: SIM115
        )
        self.started.append(process)
        return process

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def close(self) -> None:
        for process in self.started:
            self.kill(process)
            if process.stderr:
                process.stderr.close()


@pytest.fixture
def processes(media, db_tasks, transactional_db):
    running = Processes(media)
    yield running
    running.close()


def wait_until(condition, *, what: str, timeout: float = 180.0, process=None):
    """Poll ``condition`` until it is true; a dead ``process`` or the timeout fails the test.

    The timeout is only a safety net for a hang (two cores shared by many jobs): nothing is
    asserted about how long it took."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)
