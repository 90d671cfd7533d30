"""Locust driver for one scenario at a time (``BENCH_SCENARIO``), from ``BENCH_SETUP`` (the
JSON written by ``bench.scenarios setup``). Writes take the next item of their pool, so
every submission is by another person and every decision is on another task; the last two
items are left to the query counter."""

import itertools
import json
import os
import sys
from pathlib import Path

from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scenarios import request_for  # noqa: E402

NAME = os.environ.get("BENCH_SCENARIO", "bare_django")
with open(os.environ.get("BENCH_SETUP", "var/bench/setup.json"), encoding="utf-8") as fh:
    SPEC = json.load(fh)["scenarios"][NAME]
# The measured run starts where its warm-up stopped (BENCH_POOL_SKIP items later).
_SKIP = int(os.environ.get("BENCH_POOL_SKIP", "0"))
POOL = (
    itertools.cycle(SPEC["pool"][:-2][_SKIP:] + SPEC["pool"][:-2][:_SKIP])
    if SPEC.get("pool")
    else None
)
# A form POST answers 302 (to the submission, or to the inbox) when it is accepted.
EXPECTED = 302 if SPEC.get("method") == "POST" else 200


class PortalUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        # A browser that holds only the session and CSRF cookies the bench logged it in with.
        self.client.client.cookiejar = None

    @task
    def scenario(self):
        method, path, data, extra = request_for(NAME, SPEC, next(POOL) if POOL else None)
        headers = dict(extra["headers"])
        if extra["cookies"]:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in extra["cookies"].items())
        kwargs = {"headers": headers, "name": NAME, "catch_response": True}
        if method == "POST":
            kwargs["data"] = data
        with self.client.request(method, path, allow_redirects=False, **kwargs) as response:
            if response.status_code != EXPECTED:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
