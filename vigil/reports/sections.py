"""The report's sections after the press release: tables of every figure, charts, and an
appendix on how the figures are counted and written.

``SECTIONS`` lists the builders in report order. A builder returns None when its subject
has no figures, and the section is then absent (not a table of zeros): so the
abuse-material hotline's section is absent in a year without reports to it (CONTRIBUTING.md,
"How to add a report section"). ``min_base`` is the smallest base a share or change is said on
(vigil.reports.comparisons): a chart of shares leaves out a type with fewer new files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import EXPLOITATION_TYPES, MISSING_TYPES, CaseType
from vigil.domain.countries import Region
from vigil.domain.outcomes import ABDUCTION_OUTCOMES, Outcome, allowed_outcomes
from vigil.errors import N_
from vigil.reports.charts import ages_chart, hotline_chart, trend_chart
from vigil.reports.model import Cell, Kind, Row, Section, Table
from vigil.reports.texts import Texts

Figures = dict[str, Any]
Builder = Callable[[Figures, Texts, int], Section | None]


def age_label(group: str) -> str:
    return group.replace("-", "\u2013")


def key_figures(figures: Figures, texts: Texts, min_base: int) -> Section:
    year = figures["year"]
    columns = (
        texts._("Type of file"),
        texts._("New"),
        texts._("Handled"),
        texts._("Closed"),
        texts._("New against %(year)s", year=year - 1),
        texts._("New against %(year)s", year=year - 2),
        texts._("New per day"),
    )
    rows = [_key_row(code, f, texts) for code, f in figures["cases"].items()]
    totals = figures["totals"]
    total_cells = tuple(Cell(f"totals.{k}", totals[k]) for k in ("new", "handled", "closed"))
    rows.append(Row(texts._("All types"), (*total_cells, None, None, None), total=True))
    caption = texts._(
        "New, handled and closed files of %(year)s, and the change in new files.", year=year
    )
    table = Table("key_figures", caption, columns, tuple(rows))
    return Section("key_figures", texts._("Files per type in %(year)s", year=year), tables=(table,))


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
    return Row(texts.group(code), cells)


def trend(figures: Figures, texts: Texts, min_base: int) -> Section:
    series = figures["series"]
    years = series["years"]
    rows = tuple(
        Row(
            texts.group(code),
            tuple(Cell(f"series.new.{code}.{y}", v) for y, v in zip(years, values, strict=True)),
        )
        for code, values in series["new"].items()
    )
    columns = (texts._("Type of file"), *(str(y) for y in years))
    caption = texts._("New files per year: the figures of the chart below.")
    table = Table("trend", caption, columns, rows)
    title = texts._("New files from %(first)s to %(last)s", first=years[0], last=years[-1])
    return Section("trend", title, tables=(table,), charts=(trend_chart(series, texts),))


def ages(figures: Figures, texts: Texts, min_base: int) -> Section:
    year = figures["year"]
    groups = [label for label, _, _ in AGE_GROUPS] + [UNKNOWN_AGE]
    columns = (
        texts._("Type of file"),
        *(age_label(g) for g in groups[:-1]),
        texts._("Age unknown"),
    )
    rows = tuple(
        Row(
            texts.group(code),
            tuple(Cell(f"cases.{code}.age_groups.{g}", f["age_groups"][g]) for g in groups),
        )
        for code, f in figures["cases"].items()
    )
    caption = texts._("New files of %(year)s by the child's age at opening.", year=year)
    table = Table("ages", caption, columns, rows)
    chart = ages_chart(figures, groups, texts, min_base)
    charts = (chart,) if chart is not None else ()
    title = texts._("Age of the children in the new files")
    return Section("ages", title, tables=(table,), charts=charts)


def abductions(figures: Figures, texts: Texts, min_base: int) -> Section:
    keys = ("new", "new_effective", "handled", "handled_effective")
    base = f"cases.{CaseType.PARENTAL_ABDUCTION.value}"
    f = figures["cases"][CaseType.PARENTAL_ABDUCTION]
    scopes = {"international": texts._("International"), "national": texts._("National")}
    rows = [
        Row(name, tuple(Cell(f"{base}.{scope}.{k}", f[scope][k]) for k in keys))
        for scope, name in scopes.items()
    ]
    total = tuple(Cell(f"{base}.{k}", f[k]) for k in keys)
    rows.append(Row(texts._("All parental abductions"), total, True))
    columns = (
        texts._("Abduction"),
        texts._("New"),
        texts._("New, effective"),
        texts._("Handled"),
        texts._("Handled, effective"),
    )
    caption = texts._(
        "Parental abduction files by scope; effective: the child was actually taken, not only "
        "threatened with abduction."
    )
    table = Table("abductions", caption, columns, tuple(rows))
    tables = (table, _abduction_outcomes(figures, texts), *_region_table(figures, texts))
    return Section("abductions", texts.group(CaseType.PARENTAL_ABDUCTION), tables=tables)


def _abduction_outcomes(figures: Figures, texts: Texts) -> Table:
    code = CaseType.PARENTAL_ABDUCTION.value
    counts = figures["closed_outcomes"][code]
    rows = tuple(
        Row(texts.outcome(o), (Cell(f"closed_outcomes.{code}.{o.value}", counts[o]),))
        for o in Outcome
        if o in ABDUCTION_OUTCOMES and o in counts
    )
    columns = (texts._("Outcome"), texts._("Closed"))
    caption = texts._(
        "Parental abductions closed in %(year)s with an ending proper to them.",
        year=figures["year"],
    )
    return Table("abduction_outcomes", caption, columns, rows)


def _region_table(figures: Figures, texts: Texts) -> tuple[Table, ...]:
    """International abductions by the region of the country they lead to (none when the
    figures were published before the regions were counted)."""
    regions = figures.get("abduction_regions")
    if not regions:
        return ()
    rows = tuple(
        Row(
            texts.label(Region(code)),
            tuple(
                Cell(f"abduction_regions.{code}.{k}", regions[code][k]) for k in ("new", "handled")
            ),
        )
        for code in regions
    )
    columns = (texts._("Region"), texts._("New"), texts._("Handled"))
    caption = texts._(
        "International parental abductions by the region of the country the child was taken "
        "to (or, for a child brought here, came from)."
    )
    return (Table("abduction_regions", caption, columns, rows),)


def unaccompanied(figures: Figures, texts: Texts, min_base: int) -> Section:
    code = CaseType.UNACCOMPANIED_MINOR.value
    keys = ("new", "handled", "open_at_year_end")
    f = figures["cases"][code]
    row = Row(texts.group(code), tuple(Cell(f"cases.{code}.{k}", f[k]) for k in keys))
    columns = (
        texts._("Type of file"),
        texts._("New"),
        texts._("Handled"),
        texts._("Open on 31 December"),
    )
    caption = texts._(
        "Files of missing unaccompanied minors; they stay open until there is news of the child."
    )
    table = Table("unaccompanied", caption, columns, (row,))
    return Section("unaccompanied", texts.group(code), tables=(table,))


def closings(figures: Figures, texts: Texts, min_base: int) -> Section:
    year = figures["year"]
    tables = (
        _outcome_table("closings_missing", figures, MISSING_TYPES, texts),
        _outcome_table("closings_exploitation", figures, EXPLOITATION_TYPES, texts),
        _median_table(figures, texts),
    )
    title = texts._("Files closed in %(year)s and how they ended", year=year)
    return Section("closings", title, tables=tables)


CAPTIONS = {
    "closings_missing": N_(
        "Files about missing children closed in %(year)s, by outcome; a dash where a type "
        "cannot end so. The endings proper to parental abductions are in their section."
    ),
    "closings_exploitation": N_("Files about sexual exploitation closed in %(year)s, by outcome."),
}


def _outcome_table(key: str, figures: Figures, types: frozenset[CaseType], texts: Texts) -> Table:
    outcomes = [
        o
        for o in Outcome
        if any(o in allowed_outcomes(t) for t in types) and o not in ABDUCTION_OUTCOMES
    ]  # a parental abduction's own endings: a table of the abductions' section
    columns = (
        texts._("Type of file"),
        *(texts.outcome(o) for o in outcomes),
        texts._("Closed"),
    )
    rows = []
    for case_type in (t for t in CaseType if t in types):
        counts = figures["closed_outcomes"][case_type]
        cells = tuple(
            Cell(f"closed_outcomes.{case_type.value}.{o.value}", counts[o]) if o in counts else None
            for o in outcomes
        )
        closed = Cell(f"cases.{case_type.value}.closed", figures["cases"][case_type]["closed"])
        rows.append(Row(texts.group(case_type), (*cells, closed)))
    return Table(key, texts(CAPTIONS[key], year=figures["year"]), columns, tuple(rows))


def _median_table(figures: Figures, texts: Texts) -> Table:
    medians = figures["median_days_to_close"]
    rows = [
        Row(texts.group(code), (Cell(f"median_days_to_close.by_type.{code}", v, Kind.DAYS),))
        for code, v in medians["by_type"].items()
    ]
    total = Cell("median_days_to_close.missing_children", medians["missing_children"], Kind.DAYS)
    rows.append(Row(texts._("All files about missing children"), (total,), total=True))
    columns = (texts._("Type of file"), texts._("Median days to closing"))
    caption = texts._(
        "Days from opening to closing of the files closed in %(year)s (median).",
        year=figures["year"],
    )
    return Table("median_days", caption, columns, tuple(rows))


def manual(figures: Figures, texts: Texts, min_base: int) -> Section | None:
    """The figures recorded by hand, beside their value of the year compared with; absent
    when none are."""
    if not figures["manual"]:
        return None
    year, base_year = figures["year"], figures["compared_with"]
    rows = tuple(
        Row(
            m["labels"].get(texts.lang) or m["label"],
            (
                Cell(f"manual.{m['key']}", m["value"]),
                None if m.get("base") is None else Cell(f"manual_base.{m['key']}", m["base"]),
            ),
        )
        for m in figures["manual"]
    )
    table = Table("manual", "", (texts._("Figure"), str(year), str(base_year)), rows)
    title = texts._("Other figures of %(year)s", year=year)
    return Section("manual", title, tables=(table,))


HOTLINE_ROWS: dict[str, tuple[str, Kind]] = {
    "reports_change_pct": (N_("Reports, change against the year before"), Kind.CHANGE),
    "awaiting_review": (N_("Still waiting for an analyst"), Kind.COUNT),
    "assessed": (N_("Assessed (from lists or by analysts)"), Kind.COUNT),
    "not_illegal": (N_("Assessed as not illegal"), Kind.COUNT),
    "confirmed_from_list": (N_("Confirmed from a hash list"), Kind.COUNT),
    "analyst_decisions_saved": (
        N_("Decided without an analyst's look (list matches and decisions reused)"),
        Kind.COUNT,
    ),
    "removal_hours_median": (N_("Hours from report to removal (median)"), Kind.DAYS),
    "removal_hours_p90": (N_("Hours from report to removal (9 in 10 within)"), Kind.DAYS),
    "removed_within_3_days_pct": (N_("Removed within 3 days (%)"), Kind.DAYS),
}
"""The hotline's figures that the release does not tell, each with its label and kind: the
table shows them after the told ones, so that it holds every figure of the hotline's part
of `vigil stats --json`."""


def hotline(figures: Figures, texts: Texts, min_base: int) -> Section | None:
    """The hotline's figures of the year, the told ones beside the year compared with;
    absent in a year without any report to the hotline."""
    if not figures.get("hotline_told"):
        return None
    year, base_year = figures["year"], figures["compared_with"]
    rows = [
        Row(
            h["labels"].get(texts.lang) or h["label"],
            (
                Cell(h["key"], h["value"]),
                None if h.get("base") is None else Cell(_base_key(h["key"]), h["base"]),
            ),
        )
        for h in figures["hotline_told"]
    ]
    for key, (label, kind) in HOTLINE_ROWS.items():
        if key in figures["hotline"]:
            cell = Cell(f"hotline.{key}", figures["hotline"][key], kind)
            rows.append(Row(texts(label), (cell, None)))
    table = Table("hotline", "", (texts._("Figure"), str(year), str(base_year)), tuple(rows))
    series = figures["hotline_series"]
    years = series["years"]
    cells = tuple(
        Cell(f"hotline_series.reports.{y}", v)
        for y, v in zip(years, series["reports"], strict=True)
    )
    trend_table = Table(
        "hotline_trend",
        texts._("Reports to the hotline per year: the figures of the chart below."),
        (texts._("Figure"), *(str(y) for y in years)),
        (Row(texts._("Reports to the hotline"), cells),),
    )
    tables = (table, trend_table, *_hosting_table(figures["hotline"].get("countries"), texts))
    title = texts._("The hotline in %(year)s", year=year)
    return Section("hotline", title, tables=tables, charts=(hotline_chart(series, texts),))


def _hosting_table(countries: dict[str, Any] | None, texts: Texts) -> tuple[Table, ...]:
    """The URLs confirmed in the year per hosting country, and how long removal took."""
    if not countries:
        return ()
    names = texts.numbers.locale.territories
    rows = tuple(
        Row(
            names.get(code, code) if code != "unknown" else texts._("Country unknown"),
            (
                Cell(f"hotline.countries.{code}.confirmed_urls", c["confirmed_urls"]),
                Cell(
                    f"hotline.countries.{code}.removal_hours_median",
                    c["removal_hours_median"],
                    Kind.DAYS,
                ),
            ),
        )
        for code, c in countries.items()
    )
    columns = (
        texts._("Hosted in"),
        texts._("URLs confirmed"),
        texts._("Hours to removal (median)"),
    )
    caption = texts._("Where the material confirmed in the year was hosted.")
    return (Table("hosting", caption, columns, rows),)


def _base_key(key: str) -> str:
    """``hotline.reports`` -> ``hotline_base.reports``: the figure's value in the year
    compared with, as vigil.figures.report_figures.flatten names it."""
    return key.replace("hotline.", "hotline_base.", 1)


def appendix(figures: Figures, texts: Texts, min_base: int) -> Section:
    """How the figures are counted, compared and written in words."""
    paragraphs = (
        texts._("New files are the files opened in the year, from 1 January to 31 December."),
        texts._(
            "Handled files are the files open at any moment of the year: opened by 31 December "
            "and not closed before 1 January. They include the new files."
        ),
        texts._(
            "The text compares a figure with the same figure of %(year)s. It says a change in "
            "percent only on at least %(base)s files of that year, and both counts under it; a "
            "rise or fall under 2%% is about as many. The tables give every change in percent.",
            year=figures["compared_with"],
            base=min_base,
        ),
        texts._(
            "Rates in words are literally true: almost three a day means from 2.5 to under "
            "3 a day, more than two a day more than 2 and under 2.5."
        ),
        texts._("Ages are the child's age on the day the file was opened."),
    )
    return Section("appendix", texts._("Appendix: how the figures are counted"), paragraphs)


SECTIONS: tuple[Builder, ...] = (
    key_figures,
    trend,
    ages,
    abductions,
    unaccompanied,
    closings,
    hotline,
    manual,
    appendix,
)
"""The report's sections in order."""


def build_sections(figures: Figures, texts: Texts, min_base: int) -> tuple[Section, ...]:
    """Return the sections that have figures, in report order."""
    sections = (build(figures, texts, min_base) for build in SECTIONS)
    return tuple(s for s in sections if s is not None)
