"""The report as Markdown: the same text and tables, the charts as SVG images embedded as
``data:`` URIs with the chart's text alternative as their alt text.

Embedded rather than written next to the file, so that the Markdown is one self-contained
file like the HTML: the web page, the CLI and the tests get the same bytes, and nothing is
left behind to copy along. SVG rather than PNG: the drawing HTML and PDF already made is
reused (a PNG costs a second drawing, about half a second per report), and it stays sharp.
Some renderers, GitHub's among them, show no ``data:`` images; the alt text and the table
under each chart then carry every value.
"""

from __future__ import annotations

import base64

from vigil.reports.charts import chart_svg
from vigil.reports.html import quoted, release_words
from vigil.reports.model import Chart, Report, Table
from vigil.reports.texts import Texts


def _escape(text: str) -> str:
    """Make text safe inside a table cell or image alt text."""
    for char in "\\|[]*_":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _table(table: Table, texts: Texts) -> list[str]:
    lines = [f"*{_escape(table.caption)}*", ""] if table.caption else []
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("| --- |" + " ---: |" * (len(table.columns) - 1))
    for row in table.rows:
        cells = [texts.numbers.figure(c.value, c.kind) if c else "\u2014" for c in row.cells]
        lines.append("| " + " | ".join([_escape(row.label), *cells]) + " |")
    return [*lines, ""]


def _image(chart: Chart) -> list[str]:
    data = base64.b64encode(chart_svg(chart).encode("utf-8")).decode("ascii")
    return [f"![{_escape(chart.alt)}](data:image/svg+xml;base64,{data})", ""]


def render_markdown(report: Report) -> bytes:
    texts = Texts(report.lang)
    byline = f"*{report.kicker}*" + (
        f" \u2014 {report.organisation}" if report.organisation else ""
    )
    words = release_words(report, texts)
    narrative = report.narrative
    lines = [f"# {report.title}", "", byline, "", report.published_text, ""]
    lines += [f"## {words['press_release']}", "", f"### {narrative.headline}", ""]
    lines += [f"**{narrative.lead}**", ""]
    for paragraph in narrative.paragraphs:
        if paragraph.key == "quote":
            lines.append(f"> {quoted(paragraph.text, texts)}")
            if paragraph.source:
                lines += [">", f"> \u2014 {paragraph.source}"]
            lines.append("")
        else:
            lines += [paragraph.text, ""]
    if narrative.boilerplate:
        lines += [f"### {words['about']}", "", *(f"{b}\n" for b in narrative.boilerplate)]
    if narrative.contacts:
        lines += [f"### {words['contacts']}", ""]
        lines += [block.replace("\n", "  \n") + "\n" for block in narrative.contacts]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        for text in section.paragraphs:
            lines += [text, ""]
        for table in section.tables:
            lines += _table(table, texts)
        for chart in section.charts:
            lines += _image(chart)
    lines += ["---", "", report.footer, ""]
    return "\n".join(lines).encode("utf-8")
