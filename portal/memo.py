"""Answers kept for the length of one request (or one document job).

A leave submission asked for the same reference rows again and again — the leave types five
times, the leave settings three, the requester's post four — about a millisecond each on a
busy server. ``request_memo`` keeps such an answer for the rest of the request; the document
job opens its own scope (``memo_scope``) for the same reason; elsewhere (tests calling
services, commands) it computes every time. Saving or
deleting a row of a model registered with ``forget_when_changed`` empties the memo, so a request
that changes, say, a membership and reads it again sees the change.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("portal_request_memo", default=None)


def request_memo(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def request_memo_clear(**kwargs) -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


def forget_when_changed(*models) -> None:
    """``models`` may be many-to-many through models (``User.groups.through``): their rows
    change by ``add()``/``remove()``, which send ``m2m_changed`` rather than saves."""
    for model in models:
        uid = f"portal-memo-{model._meta.label_lower}"
        post_save.connect(request_memo_clear, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(request_memo_clear, sender=model, dispatch_uid=uid + "-delete")
        m2m_changed.connect(request_memo_clear, sender=model, dispatch_uid=uid + "-m2m")


@contextmanager
def memo_scope() -> Iterator[None]:
    """An empty memo for the block, dropped at its end (an enclosing one is set aside)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    """Gives each request an empty memo and drops it at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with memo_scope():
            return self.get_response(request)
