"""Static files with hashed, compressed names (WhiteNoise), each name's URL worked out once per process."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`url()` remembers its answers: the manifest cannot change while a process runs (a deploy restarts
    it), and every page asks for about ten URLs, each a manifest look-up, a quote and a join."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str, force: bool = False) -> str:
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)  # a name not in the manifest raises, and is not kept
        return url
