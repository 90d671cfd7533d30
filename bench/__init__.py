"""``make bench``: load data, the portal under locust against two baselines, the document
pipeline, SQL query counts at two data sizes — see ``bench/run.py`` for the steps and the
environment variables (``BENCH_SUBMISSIONS``, ``BENCH_STAFF``, ``BENCH_SECONDS``…)."""
