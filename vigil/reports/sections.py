"""The report's sections after the press release: tables of every figure, and charts.

``SECTIONS`` lists the builders in report order. A builder returns None when its subject
has no figures, and the section is then absent (not a table of zeros): that is how the
abuse-material hotline's section will join, once its figures exist (CONTRIBUTING.md, "How to
add a report section").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import EXPLOITATION_TYPES, MISSING_TYPES, CaseType
from vigil.domain.outcomes import Outcome, allowed_outcomes
from vigil.reports.charts import ages_chart, trend_chart
from vigil.reports.model import Cell, Kind, Row, Section, Table
from vigil.reports.texts import Texts

Figures = dict[str, Any]
Builder = Callable[[Figures, Texts], Section | None]


def age_label(group: str) -> str:
    return group.replace("-", "\u2013")


def key_figures(figures: Figures, texts: Texts) -> Section:
    year = figures["year"]
    columns = (
        texts("col_type"),
        texts("col_new"),
        texts("col_handled"),
        texts("col_closed"),
        texts("col_change", base=year - 1),
        texts("col_change", base=year - 2),
        texts("col_per_day"),
    )
    rows = [_key_row(code, f, texts) for code, f in figures["cases"].items()]
    totals = figures["totals"]
    total_cells = tuple(Cell(f"totals.{k}", totals[k]) for k in ("new", "handled", "closed"))
    rows.append(Row(texts("row_all_types"), (*total_cells, None, None, None), total=True))
    table = Table("key_figures", texts("caption_key_figures", year=year), columns, tuple(rows))
    return Section("key_figures", texts("sec_key_figures", year=year), tables=(table,))


def _key_row(code: str, f: Figures, texts: Texts) -> Row:
    key = f"cases.{code}"
    cells = (
        Cell(f"{key}.new", f["new"]),
        Cell(f"{key}.handled", f["handled"]),
        Cell(f"{key}.closed", f["closed"]),
        Cell(f"{key}.new_change_pct", f["new_change_pct"], Kind.CHANGE),
        Cell(f"{key}.new_change_pct_2y", f["new_change_pct_2y"], Kind.CHANGE),
        Cell(f"{key}.new_per_day", f["new_per_day"], Kind.RATE),
    )
    return Row(texts.case_type(code), cells)


def trend(figures: Figures, texts: Texts) -> Section:
    series = figures["series"]
    years = series["years"]
    rows = tuple(
        Row(
            texts.case_type(code),
            tuple(Cell(f"series.new.{code}.{y}", v) for y, v in zip(years, values, strict=True)),
        )
        for code, values in series["new"].items()
    )
    columns = (texts("col_type"), *(str(y) for y in years))
    table = Table("trend", texts("caption_trend"), columns, rows)
    return Section(
        "trend", texts("sec_trend"), tables=(table,), charts=(trend_chart(series, texts),)
    )


def ages(figures: Figures, texts: Texts) -> Section:
    year = figures["year"]
    groups = [label for label, _, _ in AGE_GROUPS] + [UNKNOWN_AGE]
    columns = (
        texts("col_type"),
        *(age_label(g) for g in groups[:-1]),
        texts("col_age_unknown"),
    )
    rows = tuple(
        Row(
            texts.case_type(code),
            tuple(Cell(f"cases.{code}.age_groups.{g}", f["age_groups"][g]) for g in groups),
        )
        for code, f in figures["cases"].items()
    )
    table = Table("ages", texts("caption_ages", year=year), columns, rows)
    chart = ages_chart(figures, groups, texts)
    return Section("ages", texts("sec_ages"), tables=(table,), charts=(chart,))


def abductions(figures: Figures, texts: Texts) -> Section:
    keys = ("new", "new_effective", "handled", "handled_effective")
    base = f"cases.{CaseType.PARENTAL_ABDUCTION.value}"
    f = figures["cases"][CaseType.PARENTAL_ABDUCTION]
    rows = [
        Row(texts(f"row_{scope}"), tuple(Cell(f"{base}.{scope}.{k}", f[scope][k]) for k in keys))
        for scope in ("international", "national")
    ]
    rows.append(Row(texts("row_total"), tuple(Cell(f"{base}.{k}", f[k]) for k in keys), True))
    columns = (texts("col_scope"), *(texts(f"col_{k}") for k in keys))
    table = Table("abductions", texts("caption_abductions"), columns, tuple(rows))
    return Section("abductions", texts("sec_abductions"), tables=(table,))


def unaccompanied(figures: Figures, texts: Texts) -> Section:
    code = CaseType.UNACCOMPANIED_MINOR.value
    keys = ("new", "handled", "open_at_year_end")
    f = figures["cases"][code]
    row = Row(texts.case_type(code), tuple(Cell(f"cases.{code}.{k}", f[k]) for k in keys))
    columns = (texts("col_type"), *(texts(f"col_{k}") for k in keys))
    table = Table("unaccompanied", texts("caption_unaccompanied"), columns, (row,))
    return Section("unaccompanied", texts("sec_unaccompanied"), tables=(table,))


def closings(figures: Figures, texts: Texts) -> Section:
    year = figures["year"]
    tables = (
        _outcome_table("closings_missing", figures, MISSING_TYPES, texts),
        _outcome_table("closings_exploitation", figures, EXPLOITATION_TYPES, texts),
        _median_table(figures, texts),
    )
    return Section("closings", texts("sec_closings", year=year), tables=tables)


def _outcome_table(key: str, figures: Figures, types: frozenset[CaseType], texts: Texts) -> Table:
    outcomes = [o for o in Outcome if any(o in allowed_outcomes(t) for t in types)]
    columns = (
        texts("col_type"),
        *(texts.outcome(o) for o in outcomes),
        texts("col_closed"),
    )
    rows = []
    for case_type in (t for t in CaseType if t in types):
        counts = figures["closed_outcomes"][case_type]
        cells = tuple(
            Cell(f"closed_outcomes.{case_type.value}.{o.value}", counts[o]) if o in counts else None
            for o in outcomes
        )
        closed = Cell(f"cases.{case_type.value}.closed", figures["cases"][case_type]["closed"])
        rows.append(Row(texts.case_type(case_type), (*cells, closed)))
    return Table(key, texts(f"caption_{key}", year=figures["year"]), columns, tuple(rows))


def _median_table(figures: Figures, texts: Texts) -> Table:
    medians = figures["median_days_to_close"]
    rows = [
        Row(texts.case_type(code), (Cell(f"median_days_to_close.by_type.{code}", v, Kind.DAYS),))
        for code, v in medians["by_type"].items()
    ]
    total = Cell("median_days_to_close.missing_children", medians["missing_children"], Kind.DAYS)
    rows.append(Row(texts("row_missing_children"), (total,), total=True))
    columns = (texts("col_type"), texts("col_median_days"))
    return Table("median_days", texts("caption_median", year=figures["year"]), columns, tuple(rows))


def manual(figures: Figures, texts: Texts) -> Section | None:
    """The figures recorded by hand; absent when none are."""
    if not figures["manual"]:
        return None
    rows = tuple(
        Row(m["labels"].get(texts.lang) or m["label"], (Cell(f"manual.{m['key']}", m["value"]),))
        for m in figures["manual"]
    )
    table = Table("manual", "", (texts("col_figure"), texts("col_value")), rows)
    return Section("manual", texts("sec_manual", year=figures["year"]), tables=(table,))


def definitions(figures: Figures, texts: Texts) -> Section:
    keys = ("def_new", "def_handled", "def_change", "def_rate", "def_ages")
    return Section("definitions", texts("sec_definitions"), tuple(texts(k) for k in keys))


SECTIONS: tuple[Builder, ...] = (
    key_figures,
    trend,
    ages,
    abductions,
    unaccompanied,
    closings,
    manual,
    definitions,
)
"""The report's sections in order. The hotline's goes after ``closings`` once it exists."""


def build_sections(figures: Figures, texts: Texts) -> tuple[Section, ...]:
    """Return the sections that have figures, in report order."""
    sections = (build(figures, texts) for build in SECTIONS)
    return tuple(s for s in sections if s is not None)
