"""Settings of the worker subprocesses started by the fault tests.

The test settings (same SECRET_KEY, so the keys the test process stored are readable; same
database through DATABASE_URL; MEDIA_ROOT under PORTAL_VAR_DIR), with the task backend taken
from TASKS_BACKEND as base.py and production.py do: the test settings pin the immediate one.
"""

import os

from portal.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": os.environ["TASKS_BACKEND"]}}
