"""Done-when 5 and the security of rendering: WeasyPrint reads only our fonts and stylesheet.

Record text is escaped by the templates; the URL fetcher is the second wall for anything that would
reach the HTML anyway. A local HTTP server counts the requests: there must be none.
"""

from __future__ import annotations

import io
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.template import Context, Template

from records import rendering
from records.fetcher import ProjectAssetFetcher, RefusedURL
from records.models import MinutesVersion
from records.services import meeting_finalize
from records.tests.conftest import pdf_text
from records.tests.records import quang_ngai_2017

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.fixture
def counting_server():
    """A local HTTP server that counts every request it receives; yields (base URL, hits)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _count(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        do_GET = do_POST = do_HEAD = _count

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_record_with_an_img_tag_makes_no_request(counting_server):
    url, hits = counting_server
    evil = f'<img src="{url}/report.png"> <link rel="stylesheet" href="{url}/x.css">'
    meeting = quang_ngai_2017(report=f"Báo cáo có ảnh {evil} ở giữa.")
    meeting_finalize(meeting=meeting)
    snapshot = MinutesVersion.objects.get(meeting=meeting, document="minutes").snapshot
    html = rendering.render_html(snapshot)
    assert "&lt;img src=" in html and "<img" not in html  # escaped by the template
    pdf = rendering.render_document(snapshot)
    assert hits == []
    assert f'Báo cáo có ảnh <img src="{url}/report.png">' in pdf_text(pdf)  # printed as text, not fetched


def test_raw_html_reaching_a_template_is_stopped_by_the_fetcher(counting_server):
    url, hits = counting_server
    raw = f"""
      <img src="{url}/img.png"><img src="https://127.0.0.1:1/x.png"><img src="file:///etc/passwd">
      <img src="data:image/png;base64,iVBORw0KGgo="><object data="{url}/object"></object>
      <iframe src="{url}/iframe"></iframe><embed src="{url}/embed">
      <link rel="stylesheet" href="{url}/linked.css"><link rel="attachment" href="{url}/attachment">
      <svg><image href="{url}/svg.png" width="10" height="10"/></svg>
      <style>
        @import url("{url}/imported.css");
        @font-face {{ font-family: Evil; src: url("{url}/font.ttf"); }}
        body {{ background: url("{url}/background.png"); font-family: Evil, "Liberation Serif"; }}
        p::after {{ content: url("{url}/after.png"); }}
        li {{ list-style-image: url("{url}/bullet.png"); }}
      </style>
      <ul><li>x</li></ul><p>Nội dung</p>
    """
    html = Template(
        '<html lang="vi"><head><link rel="stylesheet" href="css/minutes.css"></head><body>{{ raw|safe }}</body></html>'
    ).render(Context({"raw": raw}))
    pdf = rendering.render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    urllib.request.urlopen(f"{url}/probe", timeout=5).close()  # the server does count what reaches it
    assert hits == ["/probe"]


SMALL_DOCUMENT = '<html><head><link rel="stylesheet" href="css/minutes.css"></head><body>Chữ</body></html>'
FONTS = [
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-BoldItalic.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-Regular.ttf",
]


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """The file names the fetcher serves from now on, starting from a process with no fonts loaded yet."""
    names: list[str] = []
    original = ProjectAssetFetcher.fetch

    def fetch(self, url, headers=None):
        names.append(Path(url).name)
        return original(self, url, headers)

    monkeypatch.setattr(ProjectAssetFetcher, "fetch", fetch)
    rendering.release_font_config()
    return names


def test_fonts_and_stylesheet_come_from_static_through_the_fetcher(fetched):
    rendering.render_pdf(SMALL_DOCUMENT)
    assert sorted(fetched) == [*FONTS, "minutes.css"]


def _font_names(pdf: bytes) -> set[str]:
    """``ABCDEF+Liberation-Serif-Bold`` → ``Liberation-Serif-Bold``, for every font of every page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    return {str(font["/BaseFont"]).split("+")[-1] for font in fonts}


@pytest.mark.django_db
def test_fonts_are_loaded_once_per_process(fetched, example_snapshot):
    """The font configuration is reused (a new one per document leaked memory, bench/README.md): the next
    document fetches only the stylesheet, and comes out as the first one did."""
    config = rendering.font_config()
    first = rendering.render_document(example_snapshot)
    assert sorted(fetched) == [*FONTS, "minutes.css"]
    fetched.clear()
    second = rendering.render_document(example_snapshot)
    assert fetched == ["minutes.css"]
    assert rendering.font_config() is config
    assert "Liberation-Serif" in _font_names(second)
    assert _font_names(second) == _font_names(first)
    assert pdf_text(second) == pdf_text(first)


def test_a_forked_process_makes_its_own_font_configuration(monkeypatch):
    parent = rendering.font_config()
    monkeypatch.setattr(rendering.os, "getpid", lambda: -1)  # as in a Celery prefork child
    child = rendering.font_config()
    assert child is not parent
    assert rendering.font_config() is child
    rendering.release_font_config()  # the "child's", so that the next test starts afresh


@pytest.mark.parametrize(
    "path", ["fonts/LiberationSerif-Regular.ttf", "fonts/LiberationSerif-BoldItalic.ttf", "css/minutes.css"]
)
def test_fetcher_serves_the_allowed_files(path):
    response = ProjectAssetFetcher().fetch((STATIC / path).as_uri())
    assert response.read() == (STATIC / path).read_bytes()
    assert response.content_type in {"font/ttf", "text/css"}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.invalid/x.css",
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        (STATIC / "css" / "app.css").as_uri(),
        (STATIC / "fonts" / "LICENSE-LiberationFonts.txt").as_uri(),
        (STATIC / "fonts").as_uri() + "/../../manage.py",
        (STATIC / "fonts").as_uri() + "/%2e%2e/%2e%2e/manage.py",
        "file://otherhost" + str(STATIC / "css" / "minutes.css"),
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        ProjectAssetFetcher().fetch(url)


def test_symlink_out_of_the_fonts_folder_is_refused(tmp_path):
    link = tmp_path / "LiberationSerif-Regular.ttf"
    link.symlink_to(Path(settings.BASE_DIR) / "manage.py")
    with pytest.raises(RefusedURL):
        ProjectAssetFetcher().fetch(link.as_uri())
