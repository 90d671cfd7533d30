from contextlib import contextmanager

from django.db import connection
from viewflow.workflow.lock import no_lock, select_for_update_lock


class PortalLock:
    """``select_for_update`` on the process row on PostgreSQL; SQLite (the embedded default)
    has no row locks and serialises writers itself, so there a transaction is enough."""

    @contextmanager
    def __call__(self, flow_class, process_pk):
        impl = select_for_update_lock if connection.vendor == "postgresql" else no_lock
        with impl(flow_class, process_pk):
            yield


portal_lock = PortalLock()
