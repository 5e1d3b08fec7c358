"""The PDF renderer reads our own static files and nothing else: no file://, no http://."""

from __future__ import annotations

import http.server
import threading

import pytest

from core import pdf

pytestmark = pytest.mark.filterwarnings("ignore")

IMAGE = "/static/img/icon-192.png"


def _images(pdf_bytes: bytes) -> int:
    return pdf_bytes.count(b"/Subtype /Image")


@pytest.fixture
def web_server():
    """A local web server that counts the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = (pdf.settings.BASE_DIR / "static" / "img" / "icon-192.png").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_our_own_static_image_is_drawn():
    assert _images(pdf.html_to_pdf(f'<p>Logo</p><img src="{IMAGE}">')) > 0  # the picture (and its alpha mask)


def test_a_file_url_is_not_read(tmp_path):
    picture = tmp_path / "secret.png"
    picture.write_bytes((pdf.settings.BASE_DIR / "static" / "img" / "icon-192.png").read_bytes())
    html = (
        f'<img src="file://{picture}"><img src="{picture.as_uri()}">'
        f'<link rel="stylesheet" href="file:///etc/passwd"><p style="background: url(file://{picture})">x</p>'
    )
    assert _images(pdf.html_to_pdf(html)) == 0


def test_an_http_url_is_not_requested(web_server):
    base, hits = web_server
    html = (
        f'<img src="{base}/picture.png"><link rel="stylesheet" href="{base}/style.css">'
        f'<p style="background: url({base}/background.png)">x</p><img src="{base.replace("http:", "https:")}/x.png">'
    )
    assert _images(pdf.html_to_pdf(html)) == 0
    assert hits == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/static/img/icon-192.png",
        "https://example.com/static/img/icon-192.png",
        "https://backtrack.invalid/static/../../config/settings.py",
        "https://backtrack.invalid/static/%2e%2e/config/settings.py",
        "https://backtrack.invalid/media/anything.png",
        "ftp://example.com/x",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.static_file(url)


def test_the_visit_report_renders_through_the_static_only_fetcher(monkeypatch):
    """The report does not build its own WeasyPrint document with the default fetcher."""
    from plans import report

    seen = []
    monkeypatch.setattr(report, "html_to_pdf", lambda html: seen.append(html) or b"%PDF")
    monkeypatch.setattr(report, "render_to_string", lambda name, data: "<p>report</p>")
    assert report.report_pdf({}) == b"%PDF"
    assert seen == ["<p>report</p>"]
