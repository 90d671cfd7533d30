"""Static files for production: compressed, with hashed names, by WhiteNoise."""

from urllib.parse import unquote, urlsplit

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, except that a stylesheet naming a file its package does not ship
    keeps that reference as written instead of stopping `collectstatic`.

    viewflow's roboto.css points at .woff2 files viewflow does not include; the portal never
    loads that stylesheet, but the manifest storage post-processes every collected file and
    would refuse to deploy at all.
    """

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            path = urlsplit(unquote(filename or name)).path.strip()
            if content is None and not self.exists(path):
                return name
            raise
