"""Every figure the yearly report shows, as one JSON-ready dict.

It composes :func:`vigil.figures.yearly.yearly_figures` (``year`` and ``cases``, unchanged:
exactly what `vigil stats --json` prints) with the figures only the report needs:

- ``closed_outcomes``: files closed in Y per type and outcome;
- ``median_days_to_close``: median days from opening to closing of the missing-child files
  (MISSING_TYPES) closed in Y, per type and together;
- ``series``: new files per type in each of the five years up to Y;
- ``manual``: the figures recorded by hand for Y (`vigil figures set`);
- ``totals``: new, handled and closed files of every type together.

Each comes from its own grouped SQL aggregate; nothing is counted row by row in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vigil.figures.closings import closing_figures
from vigil.figures.manual import manual_figures
from vigil.figures.series import series_figures
from vigil.figures.yearly import Figures, yearly_figures


def report_figures(session: Session, year: int) -> Figures:
    """Return the report's figures of ``year`` (zeros where no file; see the module doc)."""
    figures = yearly_figures(session, year)
    figures.update(closing_figures(session, year))
    figures["series"] = series_figures(session, year)
    figures["manual"] = manual_figures(session, year)
    figures["totals"] = {
        key: sum(f[key] for f in figures["cases"].values()) for key in ("new", "handled", "closed")
    }
    return figures


def flatten(figures: Figures) -> dict[str, Any]:
    """Return every figure by its dotted key (``cases.runaway.age_groups.0-11``,
    ``series.new.runaway.2021``, ``manual.calls_received``): what a report must show."""
    flat: dict[str, Any] = {}
    for part in ("cases", "closed_outcomes", "median_days_to_close", "totals"):
        _flatten_into(flat, part, figures[part])
    series = figures["series"]
    for code, values in series["new"].items():
        for year, value in zip(series["years"], values, strict=True):
            flat[f"series.new.{code}.{year}"] = value
    for manual in figures["manual"]:
        flat[f"manual.{manual['key']}"] = manual["value"]
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
