"""PDF from the same HTML templates as the pages (WeasyPrint), PNG from the PDF (pypdfium2).

The URL fetcher only serves the app's own static files: an export never reaches the
network, so a user-controlled <img src> cannot be used to probe other hosts.
"""

from __future__ import annotations

import io
import logging
import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from teekond.core.errors import Invalid

PAPER_SIZES = ("A4", "A3")

# The pages' stylesheets carry rules for the browser only (sticky, dialogs, media queries);
# WeasyPrint warns about each on every export. Errors still reach the log.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


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


def html_to_document(html: str):
    """The laid-out WeasyPrint document (pages, anchors), for exports that measure it."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher_class()()).render()


def crop_to_height(pdf: bytes, height_pt: float) -> bytes:
    """The first page of ``pdf`` cut to its top ``height_pt`` points (PDF's origin is at the
    bottom, so the media box keeps the top part)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        width, full = page.get_size()
        keep = min(full, max(1.0, height_pt))
        page.set_mediabox(0, full - keep, width, full)
        page.set_cropbox(0, full - keep, width, full)
        for index in range(len(document) - 1, 0, -1):
            document.del_page(index)
        out = io.BytesIO()
        document.save(out)
    finally:
        document.close()
    return out.getvalue()


def pdf_to_svg(pdf: bytes) -> bytes:
    """The first page of a PDF as SVG (poppler's pdftocairo; text becomes outlines)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    tool = shutil.which("pdftocairo")
    if tool is None:
        raise Invalid("pdftocairo (poppler-utils) is needed for SVG exports")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        target = Path(folder) / "out.svg"
        subprocess.run(
            [tool, "-svg", "-f", "1", "-l", "1", str(source), str(target)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return target.read_bytes()


_WARM_HTML = """<!doctype html><html lang="et"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/teekond/tokens.css">
<link rel="stylesheet" href="/static/journeys/journeys.css">
<link rel="stylesheet" href="/static/exports/canvas.css">
<style>@page { size: A4 landscape; margin: 10mm; }</style></head>
<body class="print canvas-print"><h1>Teekond</h1><table class="canvas"><tr><th class="label">
Kliendi­teekond</th><td><div class="jm-step"><b>Sõbra soovitus</b> <i>Õ ä ö ü š ž</i></div>
<svg width="200" height="40"><style>.c{stroke:#d2426a}</style><line class="c" x1="0" y1="0"
x2="200" y2="40"/><text x="4" y="30">rõõmus</text></svg></td></tr></table></body></html>"""


def warm_up(*, block: bool = False) -> None:
    """Pay WeasyPrint's one-time costs — its import, fontconfig's font list, Pango's fonts
    and the canvas stylesheets' first parse — before the first user asks for a PDF.
    ``teekond serve`` calls it in a background thread of each web process."""

    def work() -> None:
        try:
            html_to_pdf(_WARM_HTML)
        except Exception:  # a failed warm-up only means the first PDF is slower
            logging.getLogger(__name__).exception("PDF warm-up failed")

    if block:
        work()
        return
    import threading

    threading.Thread(target=work, name="pdf-warm-up", daemon=True).start()
