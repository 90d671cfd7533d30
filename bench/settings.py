"""Production settings for the bench, with one change: static files without the manifest.

No scenario asks for a static file, and the plain storage (no hashing, no compression) makes
``collectstatic`` minutes faster; everything that is measured is production's.
"""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
