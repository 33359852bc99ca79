"""The report's charts, drawn with matplotlib (Agg, no pyplot) as SVG.

Readable in greyscale: the report's year is a black bar among light grey ones, and the age
groups differ by grey level and hatching, never by colour alone; every value is printed on
its bar, or listed beside the bar where its segment is too narrow to carry it. (Hatching
only where it tells series apart: each hatched bar is a pattern that WeasyPrint draws
slowly, about 10 ms apiece in a PDF.) Titles and axis labels come in the report's language,
and each chart carries a text alternative listing every value
(:attr:`vigil.reports.model.Chart.alt`). Drawings are cached per chart, so HTML, PDF and
Markdown of one report draw each chart once.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import quoteattr

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from vigil.reports.formatting import Numbers
from vigil.reports.model import Chart
from vigil.reports.texts import Texts

INK, LIGHT = "#1a1a1a", "#c8c8c8"
SEGMENTS = (
    ("#f4f4f4", ""),
    ("#c8c8c8", "////"),
    ("#8c8c8c", ""),
    ("#4d4d4d", "...."),
    ("#ffffff", "xx"),
)
"""Fill and hatch of the segments of the age chart: distinct on a black-and-white print."""
STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "svg.fonttype": "none",
    "svg.hashsalt": "vigil",
    "hatch.linewidth": 0.6,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}
"""SVG text stays text (searchable, read by screen readers) and ids are stable."""
_drawing = threading.Lock()
"""matplotlib's style context is global: one drawing at a time."""


def _alt_values(labels: list[str], rows: list[list[str]]) -> str:
    return "; ".join(f"{label}: {', '.join(row)}" for label, row in zip(labels, rows, strict=True))


def trend_chart(series: dict[str, Any], texts: Texts) -> Chart:
    """Five years of new files, one small bar chart per type that had files in them."""
    years = [str(y) for y in series["years"]]
    shown = [(code, values) for code, values in series["new"].items() if any(values)]
    labels = [texts.group(code) for code, _ in shown]
    written = [[texts.numbers.count(v) for v in values] for _, values in shown]
    span = {"first": years[0], "last": years[-1]}
    alt = texts._(
        "Bar charts, one per type of file, of the new files in each year from %(first)s to "
        "%(last)s. %(values)s",
        values=_alt_values(labels, written),
        **span,
    )
    return Chart(
        key="trend",
        kind="trend",
        title=texts._("New files per year, %(first)s–%(last)s", **span),
        alt=alt,
        labels=tuple(labels),
        categories=tuple(years),
        values=tuple(tuple(values) for _, values in shown),
        axis_label=texts._("new files"),
        locale=str(texts.numbers.locale),
        highlight=len(years) - 1,
    )


def hotline_chart(series: dict[str, Any], texts: Texts) -> Chart:
    """The reports to the hotline in each year of ``series`` (``years``, ``reports``)."""
    years = [str(y) for y in series["years"]]
    label = texts._("Reports to the hotline")
    span = {"first": years[0], "last": years[-1]}
    written = [texts.numbers.count(v) for v in series["reports"]]
    alt = texts._(
        "Bar chart of the reports to the hotline in each year from %(first)s to %(last)s. "
        "%(values)s",
        values=_alt_values([label], [written]),
        **span,
    )
    return Chart(
        key="hotline_trend",
        kind="trend",
        title=texts._("Reports to the hotline per year, %(first)s–%(last)s", **span),
        alt=alt,
        labels=(label,),
        categories=tuple(years),
        values=(tuple(series["reports"]),),
        axis_label=texts._("reports"),
        locale=str(texts.numbers.locale),
        highlight=len(years) - 1,
    )


def ages_chart(
    figures: dict[str, Any], groups: list[str], texts: Texts, min_base: int
) -> Chart | None:
    """Each type's new files split by age group, as shares of 100%: only the types with at
    least ``min_base`` new files (a share of fewer says more than they can carry; the table
    has them all). None when no type has that many."""
    year = figures["year"]
    shown = [(c, f["age_groups"]) for c, f in figures["cases"].items() if f["new"] >= min_base]
    if not shown:
        return None
    labels = [texts.group(code) for code, _ in shown]
    names = [g.replace("-", "\u2013") for g in groups[:-1]] + [texts._("Age unknown")]
    written = [
        [f"{n} {texts.numbers.count(ages[g])}" for n, g in zip(names, groups, strict=True)]
        for _, ages in shown
    ]
    alt = texts._(
        "Horizontal bars, one per type of file with at least %(base)s new files, split by the "
        "child's age at opening of the new files of %(year)s. %(values)s",
        base=min_base,
        year=year,
        values=_alt_values(labels, written),
    )
    return Chart(
        key="ages",
        kind="ages",
        title=texts._("Age at opening, new files of %(year)s", year=year),
        alt=alt,
        labels=tuple(labels),
        categories=tuple(names),
        values=tuple(tuple(ages[g] for g in groups) for _, ages in shown),
        axis_label=texts._("share of the type's new files (%)"),
        locale=str(texts.numbers.locale),
    )


def _draw_trend(chart: Chart) -> Figure:
    columns = 3
    rows = max(1, -(-len(chart.labels) // columns))
    height = 0.5 + 1.5 * rows
    figure = Figure(figsize=(7.2, height))
    spacing = {"left": 0.08, "right": 0.99, "bottom": 0.25 / height, "top": 1 - 0.75 / height}
    axes = figure.subplots(
        rows, columns, squeeze=False, gridspec_kw=spacing | {"hspace": 0.75, "wspace": 0.25}
    ).flatten()
    for index, ax in enumerate(axes):
        if index >= len(chart.labels):
            ax.set_axis_off()
            continue
        _trend_panel(ax, chart, index, first_column=index % columns == 0)
    figure.suptitle(chart.title, fontsize=10, fontweight="bold", y=1 - 0.12 / height)
    return figure


def _trend_panel(ax: Axes, chart: Chart, index: int, *, first_column: bool) -> None:
    values = chart.values[index]
    count = Numbers(chart.locale).count
    fills = [INK if i == chart.highlight else LIGHT for i in range(len(values))]
    bars = ax.bar(chart.categories, values, color=fills, edgecolor=INK, linewidth=0.5)
    ax.bar_label(bars, labels=[count(v) for v in values], fontsize=6.5, padding=1.5)
    ax.set_title(textwrap.fill(chart.labels[index], 30), fontsize=7.5, loc="left")
    ax.set_ylim(0, max(max(values), 1) * 1.25)
    ax.tick_params(axis="x", labelsize=6.5, length=0)
    ax.tick_params(axis="y", labelsize=6)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: count(int(v))))
    ax.spines[["top", "right"]].set_visible(False)
    if first_column:
        ax.set_ylabel(chart.axis_label, fontsize=7)


def _draw_ages(chart: Chart) -> Figure:
    count = len(chart.labels)
    figure = Figure(figsize=(7.2, 1.3 + 0.34 * count), layout="constrained")
    ax = figure.subplots()
    positions = list(range(count))[::-1]
    left = [0.0] * count
    beside: list[list[str]] = [[] for _ in range(count)]
    for segment, name in enumerate(chart.categories):
        shares = [_share(row, segment) for row in chart.values]
        fill, hatch = SEGMENTS[segment % len(SEGMENTS)]
        bars = ax.barh(positions, shares, left=left, color=fill, edgecolor=INK, linewidth=0.5)
        for bar in bars:
            bar.set_hatch(hatch)
        bars.set_label(name)
        ax.bar_label(bars, labels=[_inside_label(s) for s in shares], **_inside(fill))
        for row, share in enumerate(shares):
            if share and not _inside_label(share):
                beside[row].append(f"{name} {_small(share)}")
        left = [a + b for a, b in zip(left, shares, strict=True)]
    for position, listed in zip(positions, beside, strict=True):
        ax.text(101.5, position, "\n".join(listed), va="center", fontsize=6.5, linespacing=1.1)
    ax.set_yticks(positions, [textwrap.fill(label, 34) for label in chart.labels], fontsize=7)
    ax.set_xlim(0, BESIDE)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xlabel(chart.axis_label)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(ncols=len(chart.categories), loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    figure.suptitle(chart.title, fontsize=10, fontweight="bold")
    return figure


BESIDE = 118
"""The age chart's axis runs to 100%; the shares too narrow to carry their label are listed
beside each bar, up to here."""
LABELLED_FROM = 7.0
"""A share (in %) from which its label fits inside its segment."""


def _inside_label(share: float) -> str:
    return f"{share:.0f}" if share >= LABELLED_FROM else ""


def _small(share: float) -> str:
    return "<1" if share < 0.5 else f"{share:.0f}"


def _share(row: tuple[int, ...], segment: int) -> float:
    total = sum(row)
    return 100 * row[segment] / total if total else 0.0


def _inside(fill: str) -> dict[str, Any]:
    """Labels inside a bar: white on dark grey, with a box on hatched light fills."""
    dark = int(fill[1:3], 16) < 0x90
    box = None if dark else {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"}
    return {"label_type": "center", "fontsize": 6.5, "color": "white" if dark else INK, "bbox": box}


def _draw(chart: Chart) -> Figure:
    return _draw_trend(chart) if chart.kind == "trend" else _draw_ages(chart)


def _save_svg(chart: Chart) -> bytes:
    """Draw ``chart`` as SVG, without a date or version: the same report, the same bytes."""
    buffer = io.BytesIO()
    with _drawing, matplotlib.rc_context(STYLE):
        _draw(chart).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _scope_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's ids and the references to them, so two charts inline in one page
    never share an id (matplotlib numbers them from 1 in each drawing)."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


@lru_cache(maxsize=64)
def chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog), announced to assistive
    technology as one image with the chart's text alternative."""
    svg = _save_svg(chart).decode("utf-8")
    svg = _scope_ids(svg[svg.index("<svg") :], chart.key)
    attributes = f' role="img" aria-label={quoteattr(chart.alt)} class="chart"'
    return re.sub(r"<svg\b", "<svg" + attributes, svg, count=1)
