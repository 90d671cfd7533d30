import json

from bench.report import build_report, markdown, report_write
from bench.run import stats_read
from bench.scenarios import SCENARIOS, request_for

LOAD = {name: {"rps": 100.0 - i, "p50_ms": 10.0 + i, "p95_ms": 20.0 + i} for i, name in
        enumerate(SCENARIOS)}  # fmt: skip
QUERIES = {name: {"queries": 7, "status": 200} for name in SCENARIOS}
DOCUMENTS = {"median_ms": 900.0, "p95_ms": 1100.0, "bare_render_ms": 300.0, "bare_sign_ms": 50.0}


def report(**changes):
    args = {
        "machine": "Test CPU, 2 cores",
        "submissions": 1000,
        "load": LOAD,
        "queries_small": QUERIES,
        "queries_large": QUERIES,
        "documents": DOCUMENTS,
    }
    return build_report(**{**args, **changes})


def test_the_report_has_the_contract_keys_and_scenarios():
    result = report()

    assert set(result) == {"machine", "submissions", "scenarios", "documents"}
    assert [row["name"] for row in result["scenarios"]] == SCENARIOS
    for row in result["scenarios"]:
        assert set(row) == {
            "name",
            "rps",
            "ratio_to_bare_django",
            "p50_ms",
            "p95_ms",
            "queries_small",
            "queries_large",
        }
    assert set(result["documents"]) == {
        "median_ms",
        "p95_ms",
        "bare_render_ms",
        "bare_sign_ms",
        "ratio",
    }


def test_throughput_is_a_ratio_to_the_bare_django_view():
    rows = {row["name"]: row for row in report()["scenarios"]}

    assert rows["bare_django"]["ratio_to_bare_django"] == 1.0
    assert rows["bare_wagtail"]["ratio_to_bare_django"] == 0.99


def test_a_ratio_is_to_the_bare_view_measured_beside_the_scenario():
    # The machine slowed down after the first bare run: 100 req/s then, 60 around the page.
    load = {**LOAD, "disclosure_item": {**LOAD["disclosure_item"], "bare_django_rps": 60.0}}

    rows = {row["name"]: row for row in report(load=load)["scenarios"]}

    disclosure = rows["disclosure_item"]
    assert disclosure["ratio_to_bare_django"] == round(disclosure["rps"] / 60.0, 3)
    assert rows["bare_wagtail"]["ratio_to_bare_django"] == 0.99  # no reference: the first run


def test_the_document_ratio_counts_four_bare_signatures():
    # 900 / (300 + 4 × 50)
    assert report()["documents"]["ratio"] == 1.8


def test_unequal_query_counts_are_flagged_in_the_table():
    large = {**QUERIES, "inbox": {"queries": 9}}

    table = markdown(report(queries_large=large))

    inbox = next(line for line in table.splitlines() if line.startswith("| inbox "))
    assert "7 / 9 ⚠" in inbox
    assert "⚠" not in next(line for line in table.splitlines() if line.startswith("| api_tasks"))


def test_a_missed_latency_target_is_marked():
    slow = {**LOAD, "inbox": {"rps": 5.0, "p50_ms": 120.0, "p95_ms": 400.0}}

    table = markdown(report(load=slow))

    inbox = next(line for line in table.splitlines() if line.startswith("| inbox "))
    assert inbox.endswith("p95 ≤ 150 ms ❌ |")


def test_the_writer_leaves_json_and_markdown(tmp_path):
    json_path, md_path = report_write(report(), tmp_path / "bench")

    assert json.loads(json_path.read_text(encoding="utf-8"))["submissions"] == 1000
    assert md_path.read_text(encoding="utf-8").startswith("Bench at 1,000 submissions")


def test_locust_statistics_are_read_from_the_aggregated_row(tmp_path):
    csv = tmp_path / "x_stats.csv"
    csv.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Requests/s,50%,95%\n"
        "GET,inbox,120,0,30,6.0,30,80\n"
        ",Aggregated,120,1,30,6.0,31,82\n",
        encoding="utf-8",
    )

    assert stats_read(csv, seconds=20) == {
        "rps": 6.0,
        "p50_ms": 31.0,
        "p95_ms": 82.0,
        "requests": 120,
        "failures": 1,
    }


def test_each_submission_carries_its_own_token_and_the_csrf_secret():
    spec = {"path": "/nghi-phep/", "method": "POST"}
    item = {"session": "s", "csrf": "c" * 32, "date": "2027-01-04"}

    first = request_for("submit_leave", spec, item)
    second = request_for("submit_leave", spec, item)

    assert first[0] == "POST"
    assert first[2]["csrfmiddlewaretoken"] == "c" * 32
    assert first[3]["cookies"] == {"sessionid": "s", "csrftoken": "c" * 32}
    assert first[2]["submission_token"] != second[2]["submission_token"]
