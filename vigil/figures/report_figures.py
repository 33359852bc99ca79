"""Every figure the yearly report shows, as one JSON-ready dict.

It composes :func:`vigil.figures.yearly.yearly_figures` (``year`` and ``cases``, unchanged:
exactly what `vigil stats --json` prints) with the figures only the report needs:

- ``closed_outcomes``: files closed in Y per type and outcome;
- ``median_days_to_close``: median days from opening to closing of the missing-child files
  (MISSING_TYPES) closed in Y, per type and together;
- ``compared_with``: the year the press release compares Y with (the year before unless the
  editor chose another);
- ``series``: new files per type in each year from Y-4 (or the year compared with, if
  earlier) up to Y;
- ``manual``: the figures recorded by hand for Y (`vigil figures set`), each with its
  ``base``, the value recorded for the year compared with (None if none);
- ``hotline``: the hotline's figures (vigil.figures.hotline, as `vigil stats --json`), and
  ``hotline_told``: those the release tells (vigil.figures.hotline_told), each with its
  ``base``; empty in a year without reports to the hotline; ``hotline_series``: the
  reports received in each year of ``series``;
- ``totals``: new, handled and closed files of every type together;
- ``abduction_regions``: new and handled international parental abductions per region of
  the country they lead to (vigil.domain.countries.Region).

Each comes from its own grouped SQL aggregate; nothing is counted row by row in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vigil.figures.abductions import abduction_regions
from vigil.figures.closings import closing_figures
from vigil.figures.hotline import hotline_figures, reports_per_year
from vigil.figures.hotline_told import told_hotline
from vigil.figures.manual import manual_figures
from vigil.figures.series import SPAN, series_figures
from vigil.figures.yearly import Figures, yearly_figures


def report_figures(session: Session, year: int, compare_with: int | None = None) -> Figures:
    """Return the report's figures of ``year`` compared with ``compare_with`` (the year
    before if None), zeros where no file; see the module doc."""
    base_year = compare_with or year - 1
    figures = yearly_figures(session, year)
    figures.update(closing_figures(session, year))
    figures["abduction_regions"] = abduction_regions(session, year)
    figures["compared_with"] = base_year
    figures["series"] = series_figures(session, year, first=min(base_year, year - SPAN + 1))
    figures["manual"] = manual_figures(session, year, base_year=base_year)
    hotline = figures["hotline"] = hotline_figures(session, year)
    figures["hotline_told"] = told_hotline(hotline, hotline_figures(session, base_year))
    years = figures["series"]["years"]
    figures["hotline_series"] = {"years": years, "reports": reports_per_year(session, years)}
    figures["totals"] = {
        key: sum(f[key] for f in figures["cases"].values()) for key in ("new", "handled", "closed")
    }
    return figures


def flatten(figures: Figures) -> dict[str, Any]:
    """Return every figure by its dotted key (``cases.runaway.age_groups.0-11``,
    ``series.new.runaway.2021``, ``manual.calls_received``, ``manual_base.calls_received``
    for its value in the year compared with, ``hotline.reports`` and
    ``hotline_base.reports``): what a report must show."""
    flat: dict[str, Any] = {}
    parts = ("cases", "closed_outcomes", "median_days_to_close", "totals", "abduction_regions")
    for part in parts:
        if part not in figures:  # a report published before the regions were counted
            continue
        _flatten_into(flat, part, figures[part])
    series = figures["series"]
    for code, values in series["new"].items():
        for year, value in zip(series["years"], values, strict=True):
            flat[f"series.new.{code}.{year}"] = value
    if (figures.get("hotline") or {}).get("reports"):  # shown only in a year with reports
        _flatten_into(flat, "hotline", figures["hotline"])
        hotline_series = figures["hotline_series"]
        for year, value in zip(hotline_series["years"], hotline_series["reports"], strict=True):
            flat[f"hotline_series.reports.{year}"] = value
    for told in figures.get("hotline_told") or ():
        if told.get("base") is not None:
            flat[told["key"].replace("hotline.", "hotline_base.", 1)] = told["base"]
    for manual in figures["manual"]:
        flat[f"manual.{manual['key']}"] = manual["value"]
        if manual.get("base") is not None:
            flat[f"manual_base.{manual['key']}"] = manual["base"]
    return flat


def _flatten_into(flat: dict[str, Any], prefix: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten_into(flat, f"{prefix}.{key}", inner)
    else:
        flat[prefix] = value


def has_files(figures: Figures) -> bool:
    """Whether any file was handled in the year: a report on none would mislead."""
    return any(f["handled"] or f["closed"] for f in figures["cases"].values())
