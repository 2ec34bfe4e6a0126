"""PDF from the same HTML templates as the pages (WeasyPrint), PNG from the PDF (pypdfium2).

The URL fetcher only serves the app's own static files: an export never reaches the
network, so a user-controlled <img src> cannot be used to probe other hosts.
"""

from __future__ import annotations

import io
import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from teekond.core.errors import Invalid

PAPER_SIZES = ("A4", "A3")


def _static_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves /static/… from the app's static files; refuses every other URL."""

        def fetch(self, url, headers=None):
            prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            path = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
            if not url.startswith(BASE_URL) or not path.startswith(prefix):
                raise ValueError(f"blocked: {url}")
            found = finders.find(path[len(prefix) :].split("?", 1)[0])
            if not found:
                raise ValueError(f"missing static file: {url}")
            with open(found, "rb") as fh:
                body = fh.read()
            mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


BASE_URL = "http://teekond.invalid/"


def check_paper(paper: str) -> str:
    paper = (paper or "A4").upper()
    if paper not in PAPER_SIZES:
        raise Invalid(f"paper must be one of {', '.join(PAPER_SIZES)}")
    return paper


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher_class()()).write_pdf()


def render_pdf(template: str, context: dict, *, paper: str = "A4", language: str = "en") -> bytes:
    """Render a template in the given language to a landscape PDF of A4 or A3 paper."""
    paper = check_paper(paper)
    with translation.override(language):
        html = render_to_string(
            template, {**context, "paper": paper, "print": True, "LANGUAGE_CODE": language}
        )
    return html_to_pdf(html)


def pdf_to_png(pdf: bytes, *, page: int = 0, scale: float = 1.5) -> bytes:
    """The given page of a PDF as a PNG image (scale 1 = 72 dpi)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(document):
            raise Invalid(f"the document has {len(document)} pages")
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
