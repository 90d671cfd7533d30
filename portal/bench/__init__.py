"""Reference endpoints for ``make bench``, mounted only when ``BENCH_ENDPOINTS`` is on."""
