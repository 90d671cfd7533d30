"""Production settings for the bench, with one change: static files without the manifest.

``portal.settings.production``'s ``CompressedManifestStaticFilesStorage`` cannot collect the
static files today (viewflow's bundled roboto-fontface CSS points at font files that are not
shipped, and the manifest storage refuses that); no bench scenario asks for a static file, so
the plain storage (no hashing, no compression: collecting is minutes faster) changes nothing
that is measured.
"""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
