"""What a report is made of, before any format: text, tables of figures and charts.

Every renderer (HTML, PDF, Markdown, JSON, CSV) reads the same :class:`Report`, so the
formats cannot disagree: a figure is a :class:`Cell` with the key that names it in the
figures (``cases.runaway.new``), its raw value and how to write it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """How a figure is written: a count (2.147), a signed change (+20,9%), a rate with two
    decimals (2,38), or days with up to one decimal (3,5)."""

    COUNT = "count"
    CHANGE = "change"
    RATE = "rate"
    DAYS = "days"


@dataclass(frozen=True)
class Cell:
    key: str
    """Where the figure is in the report's figures, dotted: ``cases.runaway.age_groups.0-11``."""
    value: int | float | None
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]
    """None where the column does not apply to the row (shown as a dash, not a zero)."""
    total: bool = False
    """A row that adds up the rows above it (set in bold)."""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: tuple[str, ...]
    """The header of each column, the row labels' column first."""
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's data and words; hashable, so a rendered chart is cached and shared by HTML,
    PDF and Markdown of the same report."""

    key: str
    kind: str
    title: str
    alt: str
    """The text alternative: what the chart shows, with every value in it."""
    labels: tuple[str, ...]
    """One per series (a type of file)."""
    categories: tuple[str, ...]
    """The x positions (years) or the segments (age groups)."""
    values: tuple[tuple[int, ...], ...]
    """One tuple per label, one value per category."""
    axis_label: str
    locale: str
    """The Babel locale the chart writes its numbers in."""
    highlight: int = -1
    """The category drawn darkest (the report's year)."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the press release, by its subject (``key``: a type of file,
    ``closings``, ``quote``, ``context``, ``figures``, ... see vigil.reports.editions)."""

    key: str
    text: str
    source: str = ""
    """Who said it, for a quote ('An Peeters, directeur')."""


@dataclass(frozen=True)
class Narrative:
    """The press release (vigil.reports.narrative): a headline and a lead chosen from the
    figures, the paragraphs in the editor's order, and the editor's boilerplate and
    contacts (empty where not given)."""

    headline: str
    lead: str
    paragraphs: tuple[Paragraph, ...]
    boilerplate: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    year: int
    lang: str
    title: str
    kicker: str
    organisation: str
    published: date
    published_text: str
    narrative: Narrative
    sections: tuple[Section, ...]
    compared_with: int
    figures: dict[str, Any] = field(compare=False)
    """The report's figures (vigil.figures.report_figures), as JSON, for JSON and CSV."""
    footer: str = ""

    def cells(self) -> dict[str, tuple[str, Cell]]:
        """Every figure shown in the tables, once, by key, with the label a reader sees
        ('Weglopen — Nieuw'): the CSV's rows and the formats-agree test's list."""
        found: dict[str, tuple[str, Cell]] = {}
        for section in self.sections:
            for table in section.tables:
                for row in table.rows:
                    for column, cell in zip(table.columns[1:], row.cells, strict=True):
                        if cell is not None and cell.key not in found:
                            found[cell.key] = (f"{row.label} \u2014 {column}", cell)
        return found
