"""The report as data: JSON (the figures and the narrative) and CSV (one row per figure)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from vigil.domain import cells
from vigil.reports.model import Report

CSV_COLUMNS = ("year", "key", "label", "value", "kind")


def report_json(report: Report) -> dict[str, Any]:
    """``figures`` is exactly vigil.figures.report_figures (whose ``cases`` is `vigil stats
    --json`); ``narrative`` the press release in the report's language: its headline, lead,
    paragraphs by subject (a quote with its source), boilerplate and contacts."""
    return {
        "year": report.year,
        "lang": report.lang,
        "title": report.title,
        "organisation": report.organisation,
        "published": report.published.isoformat(),
        "figures": report.figures,
        "compared_with": report.compared_with,
        "narrative": {
            "headline": report.narrative.headline,
            "lead": report.narrative.lead,
            "paragraphs": [
                {"subject": p.key, "text": p.text} | ({"source": p.source} if p.source else {})
                for p in report.narrative.paragraphs
            ],
            "boilerplate": list(report.narrative.boilerplate),
            "contacts": list(report.narrative.contacts),
        },
        "sections": [s.key for s in report.sections],
        "charts": [
            {"key": c.key, "title": c.title, "alt": c.alt}
            for s in report.sections
            for c in s.charts
        ],
    }


def render_json(report: Report) -> bytes:
    return (json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_csv(report: Report) -> bytes:
    """One row per figure shown in the report, in report order: its key, the label a reader
    sees, the raw value (empty where there is none) and its kind (count, change, rate, days).
    Values are unformatted (2147, 20.9), whatever the report's language. A label that a
    spreadsheet would run (a figure recorded by hand as ``=...``) is written inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for key, (label, cell) in report.cells().items():
        value = "" if cell.value is None else cell.value
        writer.writerow((report.year, key, cells.neutralise(label), value, cell.kind.value))
    return buffer.getvalue().encode("utf-8")
