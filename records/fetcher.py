"""WeasyPrint's URL fetcher for our documents: the project's own fonts and stylesheet, nothing else.

Record text is escaped by the templates, but the fetcher is the second wall: whatever reaches the HTML,
WeasyPrint cannot make a network request (no SSRF from a record), read a file outside the allow-list
or decode a ``data:`` URL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

MEDIA_TYPES = {".ttf": "font/ttf", ".css": "text/css"}


def static_dir() -> Path:
    return Path(settings.BASE_DIR) / "static"


def allowed_files() -> dict[Path, str]:
    """Resolved path → media type of every file a document may load."""
    fonts = (static_dir() / "fonts").resolve()
    allowed = {path.resolve(): MEDIA_TYPES[".ttf"] for path in fonts.glob("*.ttf")}
    allowed[(static_dir() / "css" / "minutes.css").resolve()] = MEDIA_TYPES[".css"]
    return allowed


class RefusedURL(ValueError):
    """A document asked for something outside the project's fonts and stylesheet."""


class ProjectAssetFetcher(URLFetcher):
    """Serves ``file:`` URLs of the allowed files and refuses every other URL without opening it."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self._allowed = allowed_files()

    def resolve(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused: {url[:200]}")
        # Resolve symlinks and ".." before comparing, so no path trick leaves the allow-list.
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path not in self._allowed:
            raise RefusedURL(f"refused: {url[:200]}")
        return path

    def fetch(self, url, headers=None):
        path = self.resolve(url)
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": self._allowed[path]})
