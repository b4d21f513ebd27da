"""Static files for production: hashed names and compression (WhiteNoise), tolerant of missing source maps.

Vendored minified files often end with a sourceMappingURL comment for a .map
file that is not shipped; a source map is a debugging aid, so a missing one
must not stop `collectstatic`.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.split("?", 1)[0].endswith(".map"):
                return name
            raise
