"""The Hải Dương example seasons of office hours, created by migration 0002 when the table is
empty, and again by ``office_hours_seasons_ensure`` (demo data, tests) where they were removed."""

from datetime import time

DEFAULT_SEASONS = [
    # name, start (day, month), end (day, month), morning, afternoon
    ("Mùa hè", (1, 4), (30, 9), (time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
    ("Mùa đông", (1, 10), (31, 3), (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
]


def seasons_create(season_model) -> None:
    """Create the default seasons if there is none (an administrator's own are kept)."""
    if season_model.objects.exists():
        return
    for name, (start_day, start_month), (end_day, end_month), morning, afternoon in DEFAULT_SEASONS:
        season_model.objects.create(
            name=name,
            start_day=start_day,
            start_month=start_month,
            end_day=end_day,
            end_month=end_month,
            morning_start=morning[0],
            morning_end=morning[1],
            afternoon_start=afternoon[0],
            afternoon_end=afternoon[1],
        )


def office_hours_seasons_ensure() -> None:
    # Saving a season clears the calendar cache (post_save receiver).
    from .models import OfficeHoursSeason

    seasons_create(OfficeHoursSeason)
