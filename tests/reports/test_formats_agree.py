"""Every figure of `vigil stats --json`, in every format and language of `vigil report`.

Each format is read back the way a person or program would read it: JSON and CSV as data,
HTML by the cells that carry a figure's key, Markdown by its tables, the PDF by its text
(pdftotext), and the written numbers parsed back with the language's own conventions.
"""

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from babel.numbers import parse_decimal

from tests.reports.fixture import YEAR
from vigil.figures.report_figures import flatten
from vigil.reports import LANGUAGES, build_report
from vigil.reports.model import Kind
from vigil.reports.texts import LOCALES, Texts

pytestmark = pytest.mark.usefixtures("frozen_today")


def read_back(text, lang, kind):
    """The value a reader takes from ``text``: '+20,9%' -> 20.9 in Dutch; '—' -> None."""
    if text == "—":
        return None
    text = text.replace("\u2212", "-")  # the minus sign, as a reader takes it
    digits = re.sub(r"[%+\s\u00a0\u202f]", "", text)
    grouped = re.sub(r"\s", "", text) if kind == Kind.COUNT else digits
    value = parse_decimal(digits if kind != Kind.COUNT else grouped, locale=LOCALES[lang])
    return float(value) if kind != Kind.COUNT else int(value)


class FigureCells(HTMLParser):
    """Collect the text of every element with a data-figure attribute."""

    def __init__(self):
        super().__init__()
        self.cells, self._key = {}, None

    def handle_starttag(self, tag, attrs):
        self._key = dict(attrs).get("data-figure")

    def handle_data(self, data):
        if self._key:
            self.cells.setdefault(self._key, data)
            self._key = None


def stats_figures(vigil):
    result = vigil("stats", "--year", str(YEAR), "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    return {key: value for key, value in flatten(stats | EMPTY).items()}


EMPTY = {"closed_outcomes": {}, "median_days_to_close": {}, "totals": {}, "series": {}}
EMPTY["series"] = {"years": [], "new": {}}
EMPTY["manual"] = []


def report_bytes(vigil, tmp_path, lang, fmt):
    path = tmp_path / f"report-{lang}.{fmt}"
    result = vigil("report", str(YEAR), "--lang", lang, "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def check_json(body, stats, report, lang):
    data = json.loads(body)
    assert data["figures"]["year"] == YEAR
    assert flatten(data["figures"]) | stats == flatten(data["figures"])
    assert data["narrative"]["lead"] == report.narrative.lead


def check_csv(body, stats, report, lang):
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8")))}
    assert set(rows) == set(flatten(report.figures))  # every figure, once
    for key, value in stats.items():
        written = rows[key]["value"]
        assert (None if written == "" else float(written)) == value, key


def check_html(body, stats, report, lang):
    parser = FigureCells()
    parser.feed(body.decode("utf-8"))
    kinds = {key: cell.kind for key, (_, cell) in report.cells().items()}
    for key, value in stats.items():
        assert read_back(parser.cells[key], lang, kinds[key]) == value, key


def markdown_rows(body):
    """Map each table row's label to its cells, per table, by the tables' header lines."""
    tables, current = [], None
    for line in body.decode("utf-8").splitlines():
        if not line.startswith("| "):
            current = None
            continue
        cells = [c.strip().replace("\\", "") for c in line.strip("| ").split(" | ")]
        if current is None:
            current = {"columns": cells, "rows": {}}
            tables.append(current)
        elif not cells[0].startswith("---"):
            current["rows"][cells[0]] = cells[1:]
    return tables


def check_md(body, stats, report, lang):
    written = markdown_rows(body)
    tables = [t for s in report.sections for t in s.tables]
    assert len(written) == len(tables)
    for table, found in zip(tables, written, strict=True):
        assert found["columns"] == list(table.columns)
        for row in table.rows:
            for cell, text in zip(row.cells, found["rows"][row.label], strict=True):
                if cell is not None and cell.key in stats:
                    assert read_back(text, lang, cell.kind) == stats[cell.key], cell.key


def check_pdf(body, stats, report, lang, tmp_path):
    path = tmp_path / f"report-{lang}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    numbers = Texts(lang).numbers
    for table in (t for s in report.sections for t in s.tables):
        for row in table.rows:
            shown = [c for c in row.cells if c is not None]
            if not any(c.key in stats for c in shown):
                continue
            expected = " ".join(
                numbers.figure(stats.get(c.key, c.value), c.kind) if c else "—" for c in row.cells
            )
            expected = " ".join(expected.split())  # pdftotext's spaces, as for the lines
            assert any(line.endswith(expected) for line in lines), (table.key, row.label, expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_in_every_format_equals_the_stats_json(fixture_session, vigil, tmp_path, lang):
    stats = stats_figures(vigil)
    report = build_report(fixture_session, YEAR, lang)
    for fmt, check in (("json", check_json), ("csv", check_csv), ("html", check_html)):
        check(report_bytes(vigil, tmp_path, lang, fmt), stats, report, lang)
    check_md(report_bytes(vigil, tmp_path, lang, "md"), stats, report, lang)


@pytest.mark.pdf
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_in_the_pdf_equals_the_stats_json(fixture_session, vigil, tmp_path, lang):
    """On one database: the PDF is drawn from the same report as the HTML, whose figures
    the test above checks on both."""
    stats = stats_figures(vigil)
    report = build_report(fixture_session, YEAR, lang)
    check_pdf(report_bytes(vigil, tmp_path, lang, "pdf"), stats, report, lang, tmp_path)
