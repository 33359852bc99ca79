"""The report as one self-contained, printable HTML page (Jinja2), and as PDF from it.

Self-contained: the style sheet is inline and the charts are inline SVG, so the file opens
anywhere, offline, and WeasyPrint needs to fetch nothing. Each figure's cell carries its key
(``data-figure="cases.runaway.new"``), which the formats-agree test reads.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape

from vigil.reports.charts import chart_svg
from vigil.reports.model import Cell, Report
from vigil.reports.texts import Texts


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("vigil.reports", "templates"),
        autoescape=select_autoescape(("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _css() -> str:
    return (files("vigil.reports") / "templates" / "report.css").read_text(encoding="utf-8")


def highlights(report: Report, texts: Texts) -> list[tuple[Cell, str]]:
    """The three totals shown large under the lead: new, handled, closed."""
    totals = report.figures["totals"]
    names = {"new": texts._("New"), "handled": texts._("Handled"), "closed": texts._("Closed")}
    return [(Cell(f"totals.{k}", totals[k]), name) for k, name in names.items()]


def release_words(report: Report, texts: Texts) -> dict[str, str]:
    """The headings of the press release's parts, for HTML and Markdown."""
    org = report.organisation or texts._("the foundation")
    return {
        "press_release": texts._("Press release"),
        "about": texts._("About %(org)s", org=org),
        "contacts": texts._("Press contacts"),
    }


def quoted(text: str, texts: Texts) -> str:
    """``text`` between the language's quotation marks."""
    return texts._("“%(quote)s”", quote=text)


def render_html(report: Report) -> bytes:
    texts = Texts(report.lang)
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            css=_css(),
            words=release_words(report, texts),
            quoted=lambda text: quoted(text, texts),
            highlights=highlights(report, texts),
            fmt=lambda cell: texts.numbers.figure(cell.value, cell.kind),
            svg=chart_svg,
        )
    )
    return page.encode("utf-8")


def render_pdf(report: Report) -> bytes:
    """The HTML page printed to A4 by WeasyPrint: one template, two outputs."""
    import weasyprint  # type: ignore[import-untyped]  # imported late: it takes a second

    pdf: bytes = weasyprint.HTML(string=render_html(report).decode("utf-8")).write_pdf()
    return pdf
