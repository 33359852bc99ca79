"""The press release, written from the figures: sentences chosen by the data.

- One paragraph per type of file, the largest change against the year before first (a
  larger count first among equal changes, types without a base year last); a type with no
  file handled in the year is left out.
- A change is a rise or a fall, or "about as many" when under ``STABLE_BELOW`` percent; each
  names its base year, against the year before and two years before.
- The yearly count is said as a rate in words (vigil.reports.rates), where it reaches one a
  month.
- Parental abductions by scope and effective, unaccompanied minors still open at year end and
  the median time to closing for missing children follow, each only where it has files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vigil.domain.case_types import MISSING_TYPES, CaseType
from vigil.reports.model import Narrative
from vigil.reports.rates import rate_in_words
from vigil.reports.texts import Texts

STABLE_BELOW = 2.0
"""A change smaller than this, in percent either way, is told as "about as many"."""


def write_narrative(figures: dict[str, Any], texts: Texts, organisation: str) -> Narrative:
    """Return the lead and paragraphs of the press release of ``figures``."""
    year, totals = figures["year"], figures["totals"]
    org = organisation or texts("organisation")
    lead = texts(
        "lead",
        year=year,
        org=org,
        new_files=texts.count("new_files_object", totals["new"]),  # German: accusative
        all_files=texts.count("files", totals["handled"]),
    )
    cases = figures["cases"]
    paragraphs = [type_paragraph(code, cases[code], year, texts) for code in ordered_types(cases)]
    details = (
        _abductions(cases[CaseType.PARENTAL_ABDUCTION], year, texts),
        _unaccompanied(cases[CaseType.UNACCOMPANIED_MINOR], year, texts),
        _closings(figures, org, texts),
    )
    return Narrative(lead, tuple(paragraphs) + tuple(d for d in details if d))


def ordered_types(cases: dict[str, Any]) -> list[str]:
    """The types with files handled in the year, largest change against the year before first."""

    def order(code: str) -> tuple[bool, float, int]:
        change = cases[code]["new_change_pct"]
        return (change is None, -abs(change or 0.0), -cases[code]["new"])

    return sorted((c for c, f in cases.items() if f["handled"]), key=order)


def type_paragraph(code: str, f: dict[str, Any], year: int, texts: Texts) -> str:
    """'Weglopen: 867 nieuwe dossiers in 2022, 21% meer dan in 2021 en ... — meer dan 2 per
    dag. In totaal 1.020 behandelde dossiers, waarvan 867 nieuwe.'"""
    label = texts.case_type(code)
    if f["new"]:
        head = texts(
            "type_new", type=label, new_files=texts.count("new_files", f["new"]), year=year
        )
    else:
        head = texts("type_no_new", type=label, year=year)
    changes = [
        phrase
        for pct, base in ((f["new_change_pct"], year - 1), (f["new_change_pct_2y"], year - 2))
        if (phrase := change_phrase(pct, base, texts))
    ]
    if changes:
        head += ", " + f" {texts('and')} ".join(changes)
    if rate := rate_phrase(f["new"], year, texts):
        head += " \u2014 " + rate
    handled = texts(
        "handled",
        handled_files=texts.count("handled_files", f["handled"]),
        of_which_new=texts.count("of_which_new", f["new"]),
    )
    return f"{head}. {handled}"


def change_phrase(pct: float | None, base: int, texts: Texts) -> str | None:
    """'21% meer dan in 2021', '5% minder dan in 2020', 'ongeveer evenveel als in 2020'; None
    without a base (no file in the base year)."""
    if pct is None:
        return None
    if abs(pct) < STABLE_BELOW:
        return texts("change_stable", base=base)
    key = "change_rise" if pct > 0 else "change_fall"
    return texts(key, pct=texts.numbers.percent(pct), base=base)


def rate_phrase(count: int, year: int, texts: Texts) -> str | None:
    """'bijna 3 per dag', 'meer dan 4 per week'; None under one a month."""
    rate = rate_in_words(count, year)
    if rate is None:
        return None
    words = texts(f"rate_{rate.qualifier.value}", n=texts.numbers.count(rate.whole))
    return f"{words} {texts(f'unit_{rate.unit.value}')}"


def _abductions(f: dict[str, Any], year: int, texts: Texts) -> str | None:
    if not f["handled"]:
        return None
    intl, nat = f["international"], f["national"]
    return texts(
        "abductions",
        type=texts.case_type(CaseType.PARENTAL_ABDUCTION),
        intl_files=texts.count("files", intl["handled"]),
        intl_effective=texts.count("effective", intl["handled_effective"]),
        nat_files=texts.count("files", nat["handled"]),
        nat_effective=texts.count("effective", nat["handled_effective"]),
        year=year,
    )


def _unaccompanied(f: dict[str, Any], year: int, texts: Texts) -> str | None:
    if not f["handled"]:
        return None
    return texts(
        "unaccompanied",
        type=texts.case_type(CaseType.UNACCOMPANIED_MINOR),
        open_files=texts.count("open_files", f["open_at_year_end"]),
        date=texts.numbers.date(date(year, 12, 31)),
    )


def _closings(figures: dict[str, Any], org: str, texts: Texts) -> str | None:
    closed = sum(figures["cases"][t]["closed"] for t in MISSING_TYPES)
    days = figures["median_days_to_close"]["missing_children"]
    if not closed or days is None:
        return None
    return texts(
        "closings",
        year=figures["year"],
        org=org,
        closed_files=texts.count("closed_files", closed),
        days=texts.count("days", days, shown=texts.numbers.decimal(days)),
    )
