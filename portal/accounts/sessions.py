"""Ending a person's sessions when an administrator disables the account or sets a new
password.

Django already treats a disabled user as anonymous (``ModelBackend.get_user``) and a session
made before a password change as logged out (the session hash); this also deletes the
session rows, so nothing is left to revive and the admin can trust "disabled" at once.

Works with every session engine: the database ones (db, cached_db) are searched, and every
login also notes its session key in the cache, which is all a cache-only engine has.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core.cache import caches
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import User

USER_ID_KEY = "_auth_user_id"


def _session_store_class() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _registry_key(user_pk) -> str:
    return f"portal-user-sessions:{user_pk}"


def _registry_cache():
    return caches[getattr(settings, "SESSION_CACHE_ALIAS", "default")]


def _database_session_keys(*, user: User, store: type[SessionBase]) -> set[str]:
    if not issubclass(store, DbSessionStore):
        return set()
    model = store.get_model_class()
    keys = set()
    # Session data is encoded, so the user is found by decoding: fine for a Sở's few hundred
    # live sessions, and it happens only when an administrator disables someone.
    for row in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if store().decode(row.session_data).get(USER_ID_KEY) == str(user.pk):
            keys.add(row.session_key)
    return keys


def user_sessions_end(*, user: User, keep: str | None = None) -> int:
    """Delete every session of ``user`` except ``keep``; returns how many were ended."""
    store = _session_store_class()
    registry = _registry_cache()
    keys = set(registry.get(_registry_key(user.pk), ())) | _database_session_keys(
        user=user, store=store
    )
    keys.discard(keep)
    ended = 0
    for key in keys:
        session = store(session_key=key)
        # A key in the registry may belong to a session that has since ended or changed hands.
        if session.load().get(USER_ID_KEY) == str(user.pk):
            session.delete()
            ended += 1
    registry.set(_registry_key(user.pk), [keep] if keep else [], settings.SESSION_COOKIE_AGE)
    return ended


@receiver(user_logged_in, dispatch_uid="portal-remember-session")
def _remember_session(sender, request, user, **kwargs):
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return
    registry = _registry_cache()
    keys = [k for k in registry.get(_registry_key(user.pk), ()) if k != session_key]
    registry.set(_registry_key(user.pk), [*keys, session_key][-50:], settings.SESSION_COOKIE_AGE)


@receiver(post_init, sender=User, dispatch_uid="portal-user-was-active")
def _note_active(sender, instance, **kwargs):
    # Read from __dict__: a deferred field would cost a query for every user loaded.
    instance._portal_was_active = instance.__dict__.get("is_active")


@receiver(post_save, sender=User, dispatch_uid="portal-end-sessions-on-disable")
def _end_sessions_on_disable_or_new_password(sender, instance, created, **kwargs):
    if created:
        return
    disabled = instance._portal_was_active is True and not instance.is_active
    # set_password() leaves the raw password in ``_password`` until save() has run; a hash
    # upgraded at login does not, so a login never ends the person's other sessions.
    new_password = getattr(instance, "_password", None) is not None
    instance._portal_was_active = instance.is_active
    if disabled or new_password:
        user_sessions_end(user=instance)
