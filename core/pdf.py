"""PDF rendering with WeasyPrint: pure functions, data in, bytes out.

The print stylesheet is parsed once per process (a worker renders many reports), fonts come from
the system (Liberation Sans, Debian's fonts-liberation2), and the URL fetcher reads nothing but
the project's own static files: a report never reaches the network.
"""

import functools
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_BASE = "https://static.invalid/"
PRINT_STYLES = Path(settings.BASE_DIR) / "static" / "css" / "print"


class StaticFilesFetcher(URLFetcher):
    """Serves ``https://static.invalid/<path>`` from the static files; refuses every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != STATIC_BASE:
            raise ValueError(f"Only the project's static files may be used in a PDF, not {url}")
        relative = unquote(parts.path).lstrip("/").removeprefix(settings.STATIC_URL.strip("/") + "/")
        path = finders.find(relative) if relative and ".." not in relative.split("/") else None
        if not path:
            raise ValueError(f"No static file {relative!r}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime_type})


@functools.cache
def font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def stylesheet(name: str) -> CSS:
    """A print stylesheet of ``static/css/print/``, parsed once per process."""
    return CSS(
        filename=str(PRINT_STYLES / f"{name}.css"),
        font_config=font_config(),
        url_fetcher=StaticFilesFetcher(),
    )


def html_to_pdf(html: str, *, style: str) -> tuple[bytes, int]:
    """Turn rendered HTML into PDF bytes with the named print stylesheet; returns them and the page count."""
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFilesFetcher()).render(
        stylesheets=[stylesheet(style)], font_config=font_config()
    )
    return document.write_pdf(), len(document.pages)


def htmls_to_pdf(htmls: Sequence[str], *, style: str) -> tuple[bytes, int]:
    """Several rendered HTML documents in one PDF, each laid out on its own: its pages are numbered
    "1 / n" from its own start (e.g. one attendance sheet per session). Returns the bytes and pages."""
    documents = [
        HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFilesFetcher()).render(
            stylesheets=[stylesheet(style)], font_config=font_config()
        )
        for html in htmls
    ]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(), len(pages)
