"""The bench's report: ``var/bench/report.json`` (the issue's contract) and a Markdown table."""

import json
import os
import platform
from pathlib import Path

from bench.scenarios import SCENARIOS

TARGETS = {
    "disclosure_item": "≥ 70 % bare",
    "regulation_page": "≥ 70 % bare",
    "inbox": "p95 ≤ 150 ms",
    "my_submissions": "p95 ≤ 150 ms",
    "api_tasks": "p95 ≤ 150 ms",
    "submit_leave": "p95 ≤ 250 ms",
    "decide_task": "p95 ≤ 250 ms",
}


def machine_info() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = ""
    cores = os.cpu_count() or 0
    return (
        f"{model or platform.processor() or platform.machine()}, {cores} cores{memory}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def target_met(row: dict) -> bool | None:
    target = TARGETS.get(row["name"])
    if target is None or row["rps"] is None or row["p95_ms"] is None:
        return None
    if "bare" in target:
        return row["ratio_to_bare_django"] >= 0.7
    limit = 150 if "150" in target else 250
    return row["p95_ms"] <= limit


def build_report(
    *,
    machine: str,
    submissions: int,
    load: dict[str, dict],
    queries_small: dict[str, dict],
    queries_large: dict[str, dict],
    documents: dict,
) -> dict:
    """``load``: name → {"rps", "p50_ms", "p95_ms"[, "bare_django_rps"]}, the last being the
    bare view measured beside that scenario; queries: name → {"queries", …}."""
    overall = (load.get("bare_django") or {}).get("rps") or 0
    scenarios = []
    for name in SCENARIOS:
        stats = load.get(name) or {}
        rps = stats.get("rps")
        bare = stats.get("bare_django_rps") or overall
        scenarios.append(
            {
                "name": name,
                "rps": round(rps, 1) if rps is not None else None,
                "ratio_to_bare_django": round(rps / bare, 3) if rps is not None and bare else None,
                "p50_ms": stats.get("p50_ms"),
                "p95_ms": stats.get("p95_ms"),
                "queries_small": (queries_small.get(name) or {}).get("queries"),
                "queries_large": (queries_large.get(name) or {}).get("queries"),
            }
        )
    docs = {key: documents.get(key) for key in ("median_ms", "p95_ms", "bare_render_ms")}
    docs["bare_sign_ms"] = documents.get("bare_sign_ms")
    floor = (docs["bare_render_ms"] or 0) + 4 * (docs["bare_sign_ms"] or 0)
    docs["ratio"] = round(docs["median_ms"] / floor, 2) if docs["median_ms"] and floor else None
    return {
        "machine": machine,
        "submissions": submissions,
        "scenarios": scenarios,
        "documents": docs,
    }


def _cell(value, suffix: str = "") -> str:
    return "–" if value is None else f"{value}{suffix}"


def markdown(report: dict) -> str:
    lines = [
        f"Bench at {report['submissions']:,} submissions on {report['machine']}.",
        "Each ratio is to the bare Django view measured just before and just after the scenario.",
        "",
        "| scenario | req/s | × bare Django | p50 ms | p95 ms | queries (1k / large) | target |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for row in report["scenarios"]:
        met = target_met(row)
        mark = "" if met is None else (" ✅" if met else " ❌")
        equal = row["queries_small"] == row["queries_large"]
        queries = f"{_cell(row['queries_small'])} / {_cell(row['queries_large'])}"
        lines.append(
            f"| {row['name']} | {_cell(row['rps'])} | {_cell(row['ratio_to_bare_django'])} | "
            f"{_cell(row['p50_ms'])} | {_cell(row['p95_ms'])} | "
            f"{queries}{'' if equal else ' ⚠'} | {TARGETS.get(row['name'], '')}{mark} |"
        )
    d = report["documents"]
    mark = "" if d.get("ratio") is None else (" ✅" if d["ratio"] <= 1.5 else " ❌")
    lines += [
        "",
        "| documents (render + 3 signatures + number + seal) | ms |",
        "|---|---:|",
        f"| median per document | {_cell(d['median_ms'])} |",
        f"| p95 per document | {_cell(d['p95_ms'])} |",
        f"| bare WeasyPrint render | {_cell(d['bare_render_ms'])} |",
        f"| bare pyHanko signature | {_cell(d['bare_sign_ms'])} |",
        f"| ratio to render + 4 signatures (target ≤ 1.5) | {_cell(d['ratio'])}{mark} |",
    ]
    return "\n".join(lines) + "\n"


def report_write(report: dict, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "report.json", directory / "report.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path
