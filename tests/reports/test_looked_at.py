"""The report as people see it: the PDF's first page and the HTML page in Chromium, saved
under test-artifacts/reports/ to be looked at (CI keeps them)."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from tests.reports.fixture import YEAR, load_fixture
from vigil.reports import build_report, render
from vigil.store import db

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "reports"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture
def report(tmp_path, sqlite_template, frozen_today):
    """The fixture's report in Dutch, on SQLite only: the pictures need one backend."""
    shutil.copy(sqlite_template, tmp_path / "looked-at.db")
    engine = db.make_engine(f"sqlite:///{tmp_path}/looked-at.db")
    with db.session_factory(engine)() as session:
        load_fixture(session)
        yield build_report(session, YEAR, "nl", organisation="Child Focus", today=date(2024, 3, 12))
    engine.dispose()


def assert_a_picture_with_something_on_it(path, width):
    with Image.open(path) as image:
        assert image.format == "PNG" and image.width == width
        low, high = image.convert("L").getextrema()
        assert high - low > 100  # not a blank page


@pytest.mark.pdf
def test_the_first_page_of_the_pdf_is_rendered_to_a_png(report):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "report-nl.pdf"
    pdf.write_bytes(render(report, "pdf"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdf,
         ARTIFACTS / "report-nl-pdf-page-1"],
        check=True,
    )  # fmt: skip
    assert_a_picture_with_something_on_it(ARTIFACTS / "report-nl-pdf-page-1.png", 827)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_the_html_page_is_screenshot_in_chromium(report, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "report-nl.html"
    page.write_bytes(render(report, "html"))
    shot = ARTIFACTS / "report-nl-html.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}",
         f"--screenshot={shot}", "--window-size=1000,2400", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert_a_picture_with_something_on_it(shot, 1000)
