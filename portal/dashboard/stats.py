"""Median and 90th percentile of durations per group, in one query.

PostgreSQL computes them itself (``percentile_cont``); SQLite has no percentile function, so
there the durations of every group come back in one query and the same interpolation is done
here. Both give ``percentile_cont``'s answer: linear interpolation between the closest ranks.
"""

import math
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    QuerySet,
)

HOUR = 3600.0


class PercentileCont(Aggregate):
    """``percentile_cont(p) WITHIN GROUP (ORDER BY seconds)`` of a duration (PostgreSQL)."""

    function = "percentile_cont"
    template = (
        "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    )
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def duration(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def percentile(values: list[float], fraction: float) -> float | None:
    """``percentile_cont`` of a list: linear interpolation between the closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def use_database_percentiles() -> bool:
    return connection.vendor == "postgresql"


def durations_by_group(
    queryset: QuerySet,
    *,
    keys: list[str],
    later: str,
    earlier: str,
    in_database: bool | None = None,
) -> dict[tuple, dict]:
    """``{group key: {"count", "median_hours", "p90_hours"}}`` for the rows of ``queryset``."""
    span = duration(later, earlier)
    if in_database is None:
        in_database = use_database_percentiles()
    result: dict[tuple, dict] = {}
    if in_database:
        rows = (
            queryset.order_by()
            .values(*keys)
            .annotate(
                n=Count("pk"),
                median=PercentileCont(span, fraction=0.5),
                p90=PercentileCont(span, fraction=0.9),
            )
        )
        for row in rows:
            key = tuple(row[k] for k in keys)
            result[key] = {
                "count": row["n"],
                "median_hours": _hours(row["median"]),
                "p90_hours": _hours(row["p90"]),
            }
        return result
    grouped: dict[tuple, list[float]] = defaultdict(list)
    for row in queryset.order_by().annotate(span=span).values_list(*keys, "span"):
        grouped[tuple(row[:-1])].append(row[-1].total_seconds())
    for key, seconds in grouped.items():
        result[key] = {
            "count": len(seconds),
            "median_hours": _hours(percentile(seconds, 0.5)),
            "p90_hours": _hours(percentile(seconds, 0.9)),
        }
    return result


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / HOUR, 1)
