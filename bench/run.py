"""``make bench``: the portal under load at 200,000 submissions, against two baselines.

1. A fresh PostgreSQL database (``BENCH_DATABASE_URL``, default ``portal_bench``), migrated.
2. ``generate_load_data`` at 1,000 submissions; scenario objects and sessions
   (``bench.scenarios setup``); SQL queries per scenario request (``bench.scenarios queries``).
3. The database again, ``generate_load_data`` at ``BENCH_SUBMISSIONS`` (200,000) with
   ``BENCH_STAFF`` (2,000) people; setup and query counts again.
4. gunicorn (production settings via ``bench.settings``, 2 workers, Redis cache, static
   files collected into a temporary directory) and, from a second process, locust headless
   (``FastHttpUser``) for ``BENCH_WARMUP`` + ``BENCH_SECONDS`` per scenario, the baselines
   included: a bare Django view (``/bench/bare-django/``) and an empty Wagtail page. After
   each scenario the bare view runs again for half that time: a scenario's ratio is to the
   bare view measured just before and just after it.
5. The document pipeline (``bench.documents``), with the server stopped.
6. ``var/bench/report.json`` and ``report.md``; the Markdown table is printed.

Locust shares the two cores with the server, which is why each scenario is reported as a
ratio to the bare Django view measured by the same driver in the same run.
"""

import csv
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import build_report, machine_info, markdown, report_write  # noqa: E402
from bench.scenarios import SCENARIOS  # noqa: E402

OUT = ROOT / "var" / "bench"
SMALL = 1000
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PYTHON = [sys.executable]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(var_dir: Path) -> dict:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "PORTAL_VAR_DIR": str(var_dir),
        "BENCH_ENDPOINTS": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


# Every command line below is built from constants and our own paths, never from input.
def run(env: dict, *args: str) -> None:
    subprocess.run([*PYTHON, *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def manage(env: dict, *args: str) -> None:
    run(env, "manage.py", *args)


def migrations_digest() -> str:
    """Names and contents of every migration: a migrated dump is reused while they stand."""
    digest = hashlib.sha256()
    paths = [
        p for top in ("portal", "forms", "flows") for p in (ROOT / top).glob("**/migrations/*.py")
    ]
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def database_recreate(env: dict, dump: Path | None) -> None:
    """Drop and create the bench database; restore the migrated dump when there is one."""
    import psycopg

    url = urlparse(env["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    if dump is not None and dump.exists():
        restore = shutil.which("pg_restore") or "pg_restore"
        subprocess.run([restore, "--no-owner", "-d", env["DATABASE_URL"], str(dump)], check=True)  # noqa: S603
        return
    log("migrate")
    manage(env, "migrate", "--no-input", "-v", "0")
    if dump is not None and (pg_dump := shutil.which("pg_dump")):
        subprocess.run([pg_dump, "-Fc", "-f", str(dump), env["DATABASE_URL"]], check=True)  # noqa: S603


def prepare(env: dict, *, submissions: int, staff: int, tag: str) -> dict:
    log(f"generate_load_data --submissions {submissions} --staff {staff}")
    manage(env, "generate_load_data", "--submissions", str(submissions), "--staff", str(staff))
    setup_path, queries_path = OUT / f"setup_{tag}.json", OUT / f"queries_{tag}.json"
    run(env, "-m", "bench.scenarios", "setup", str(setup_path))
    log(f"queries at {submissions} submissions")
    run(env, "-m", "bench.scenarios", "queries", str(setup_path), str(queries_path))
    return json.loads(queries_path.read_text(encoding="utf-8"))


def server_start(env: dict) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(  # noqa: S603
        [gunicorn, "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare-django/") as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(1)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 2 minutes")


def locust(env: dict, name: str, seconds: int, prefix: Path, *, skip: int = 0) -> dict:
    users = os.environ.get("BENCH_USERS", "4")
    locust_bin = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
    subprocess.run(  # noqa: S603
        [locust_bin, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", users,
         "-r", users, "-t", f"{seconds}s", "-H", f"http://127.0.0.1:{PORT}", "--csv",
         str(prefix), "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "5"],
        cwd=ROOT,
        env={
            **env,
            "BENCH_SCENARIO": name,
            "BENCH_SETUP": str(OUT / "setup_large.json"),
            "BENCH_POOL_SKIP": str(skip),
        },
        check=False,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return stats_read(Path(f"{prefix}_stats.csv"), seconds=seconds)


def stats_read(path: Path, *, seconds: int) -> dict:
    """The aggregated row of locust's ``_stats.csv``; throughput over the whole bounded run
    (locust's own Requests/s spans first to last request, which a slow spawn distorts)."""
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Name"] == "Aggregated"]
    row = rows[0]

    def ms(value: str) -> float | None:
        # "N/A" when no request finished in the window (a warm-up on a busy machine).
        return float(value) if value not in ("", "N/A") else None

    return {
        "rps": int(row["Request Count"]) / seconds,
        "p50_ms": ms(row["50%"]),
        "p95_ms": ms(row["95%"]),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
    }


def main() -> None:
    submissions = int(os.environ.get("BENCH_SUBMISSIONS", "200000"))
    staff = int(os.environ.get("BENCH_STAFF", "2000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "20"))
    warmup = int(os.environ.get("BENCH_WARMUP", "3"))
    OUT.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = environment(var_dir)
    dump = OUT / f"migrated-{migrations_digest()}.dump"
    database_recreate(env, dump)
    run(env, "-c", "import django;django.setup();from django.core.cache import cache;cache.clear()")
    log("collectstatic")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    queries_small = prepare(env, submissions=min(SMALL, submissions), staff=staff, tag="small")
    database_recreate(env, dump)
    queries_large = prepare(env, submissions=submissions, staff=staff, tag="large")
    server = server_start(env)
    load = {}
    reference = None
    try:
        for name in SCENARIOS:
            log(f"{name}: warm-up {warmup} s, then {seconds} s")
            warm = locust(env, name, warmup, var_dir / f"warm_{name}")
            # Writes go on with the pool where the warm-up left it: another person, another task.
            used = warm.get("requests", 0) + warm.get("failures", 0) + 20
            load[name] = locust(env, name, seconds, OUT / f"locust_{name}", skip=used)
            log(f"  {load[name]}")
            if name == "bare_django":
                reference = load[name]["rps"]
                continue
            # The bare view again right after: each ratio is to the mean of the measurements
            # just before and just after the scenario, because a shared machine's speed drifts
            # by a third within minutes (report.md says so).
            after = locust(env, "bare_django", max(seconds // 2, 5), var_dir / f"ref_{name}")
            load[name]["bare_django_rps"] = (reference + after["rps"]) / 2
            log(f"  bare_django beside it: {reference:.1f} before, {after['rps']:.1f} after")
            reference = after["rps"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    log("documents")
    documents_path = OUT / "documents.json"
    run(env, "-m", "bench.documents", str(documents_path), os.environ.get("BENCH_DOCUMENTS", "50"))
    report = build_report(
        machine=machine_info(),
        submissions=submissions,
        load=load,
        queries_small=queries_small,
        queries_large=queries_large,
        documents=json.loads(documents_path.read_text(encoding="utf-8")),
    )
    report_write(report, OUT)
    shutil.rmtree(var_dir, ignore_errors=True)
    print(markdown(report))


if __name__ == "__main__":
    main()
