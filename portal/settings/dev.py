"""Local development on SQLite: `make run`."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
# A development key only; production refuses to start without its own SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-" + str(BASE_DIR)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
