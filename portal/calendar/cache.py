"""In-process cache of the calendar tables (overrides per year, office-hour seasons).

Deadlines ask ``is_working_day`` for many days in a row, so the tables are read once and kept
in memory. Saving or deleting an override or a season:

* empties this process's cache at once, so the next call in the same request (or test) sees
  the change, even before the transaction commits;
* after commit, writes a new version token into Django's shared cache (Redis in production);
  every process compares its token with the shared one at most every ``CHECK_SECONDS`` and
  drops its entries when they differ, so other workers see the change within seconds.

Entries also expire after ``MAX_AGE_SECONDS``, which heals the rare case of a save that was
rolled back after its uncommitted row had been read into the cache.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache as shared_cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "workcalendar:version"
CHECK_SECONDS = 10.0
MAX_AGE_SECONDS = 300.0

T = TypeVar("T")


class CalendarCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._generation = 0
        self._version: str | None = None
        self._checked_at = float("-inf")

    def get(self, key: Hashable, loader: Callable[[], T]) -> T:
        """The cached value for ``key``; ``loader`` builds it (it must return a read-only value)."""
        now = time.monotonic()
        if now - self._checked_at >= CHECK_SECONDS:
            self._check_shared_version(now)
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < MAX_AGE_SECONDS:
            return entry[1]  # type: ignore[return-value]
        generation = self._generation
        value = loader()
        with self._lock:
            # A clear() while loading means the value may predate the change: do not keep it.
            if generation == self._generation:
                self._entries[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries = {}
            self._generation += 1
            self._checked_at = float("-inf")

    def publish_change(self) -> None:
        """Tell every process (through the shared cache) that the tables changed."""
        self.clear()
        try:
            shared_cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:  # a cache outage must not break saving in the admin
            logger.warning("Could not publish the calendar version", exc_info=True)

    def _check_shared_version(self, now: float) -> None:
        try:
            version = shared_cache.get(VERSION_KEY)
            if version is None:
                shared_cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
                version = shared_cache.get(VERSION_KEY)
        except Exception:  # deadlines must still be computed when the cache is down
            logger.warning("Could not read the calendar version", exc_info=True)
            version = None
        with self._lock:
            if version is None or version != self._version:
                self._entries = {}
                self._generation += 1
                self._version = version
            self._checked_at = now


calendar_cache = CalendarCache()


def calendar_cache_clear() -> None:
    """Forget everything cached in this process (tests call this around each test)."""
    calendar_cache.clear()


def calendar_cache_changed(sender, using=None, **kwargs) -> None:
    """post_save / post_delete receiver for CalendarOverride and OfficeHoursSeason."""
    calendar_cache.clear()
    transaction.on_commit(calendar_cache.publish_change, using=using)
