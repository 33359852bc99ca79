"""English: the reference language of the report's texts. Every other language has the same
keys and the same placeholders (a test compares them)."""

from __future__ import annotations

from vigil.domain.case_types import LABELS, CaseType
from vigil.domain.outcomes import Outcome
from vigil.reports.texts.base import Words

LOCALE = "en_GB"

CASE_TYPES: dict[CaseType, str] = dict(LABELS)

OUTCOMES: dict[Outcome, str] = {
    Outcome.FOUND: "Found",
    Outcome.FOUND_DECEASED: "Found deceased",
    Outcome.RETURNED: "Returned",
    Outcome.LOCATED_ABROAD: "Located abroad",
    Outcome.RESOLVED: "Resolved",
    Outcome.UNFOUNDED: "Unfounded",
    Outcome.TRANSFERRED: "Transferred",
}

WORDS: Words = {
    "title": "Annual report {year}",
    "kicker": "Missing and sexually exploited children",
    "published": "Published on {date}",
    "press_release": "Press release",
    "organisation": "the foundation",
    "lead": "In {year}, {org} opened {new_files} and handled {all_files} in all.",
    "type_new": "{type}: {new_files} in {year}",
    "type_no_new": "{type}: no new files in {year}",
    "change_rise": "{pct} more than in {base}",
    "change_fall": "{pct} fewer than in {base}",
    "change_stable": "about as many as in {base}",
    "and": "and",
    "handled": "In all, {handled_files}, {of_which_new}.",
    "abductions": (
        "{type}: {intl_files} about an international abduction, of which {intl_effective}, "
        "and {nat_files} about a national one, of which {nat_effective} (files handled in {year})."
    ),
    "unaccompanied": (
        "{type}: {open_files} on {date}; such a file is closed only with news of the child."
    ),
    "closings": (
        "In {year}, {org} closed {closed_files} about missing children, half of them within "
        "{days} (the median)."
    ),
    "new_files": {"one": "{n} new file", "other": "{n} new files"},
    "new_files_object": {"one": "{n} new file", "other": "{n} new files"},
    "handled_files": {"one": "{n} file handled", "other": "{n} files handled"},
    "files": {"one": "{n} file", "other": "{n} files"},
    "closed_files": {"one": "{n} file", "other": "{n} files"},
    "open_files": {"one": "{n} file still open", "other": "{n} files still open"},
    "of_which_new": {"one": "of which {n} new", "other": "of which {n} new"},
    "effective": {"one": "{n} effective abduction", "other": "{n} effective abductions"},
    "days": {"one": "{n} day", "other": "{n} days"},
    "rate_almost": "almost {n}",
    "rate_more_than": "more than {n}",
    "rate_exactly": "{n}",
    "unit_day": "a day",
    "unit_week": "a week",
    "unit_month": "a month",
    "sec_key_figures": "Files per type in {year}",
    "sec_trend": "New files over five years",
    "sec_ages": "Age of the children in the new files",
    "sec_abductions": "Parental abductions",
    "sec_unaccompanied": "Missing unaccompanied minors",
    "sec_closings": "Files closed in {year} and how they ended",
    "sec_manual": "Other figures of {year}",
    "sec_definitions": "What the figures mean",
    "col_type": "Type of file",
    "col_new": "New",
    "col_handled": "Handled",
    "col_closed": "Closed",
    "col_change": "New vs {base}",
    "col_per_day": "New per day",
    "col_age_unknown": "Age unknown",
    "col_scope": "Abduction",
    "col_new_effective": "New, effective",
    "col_handled_effective": "Handled, effective",
    "col_open_at_year_end": "Open on 31 December",
    "col_median_days": "Median days to closing",
    "col_figure": "Figure",
    "col_value": "Value",
    "row_international": "International",
    "row_national": "National",
    "row_total": "All parental abductions",
    "row_missing_children": "All files about missing children",
    "caption_ages": "New files of {year} by the child's age at opening.",
    "caption_trend": "New files per year: the figures of the chart above.",
    "row_all_types": "All types",
    "caption_key_figures": "New, handled and closed files of {year}, and the change in new files.",
    "caption_abductions": (
        "Parental abduction files by scope; effective: the child was taken, not only threatened."
    ),
    "caption_unaccompanied": (
        "Files about missing unaccompanied minors; they stay open until there is news of the child."
    ),
    "caption_closings_missing": (
        "Files about missing children closed in {year}, by outcome; a dash where a type "
        "cannot end so."
    ),
    "caption_closings_exploitation": (
        "Files about sexual exploitation closed in {year}, by outcome."
    ),
    "caption_median": "Days from opening to closing of the files closed in {year} (median).",
    "def_new": "New files are the files opened in the year, from 1 January to 31 December.",
    "def_handled": (
        "Handled files are the files open at any moment of the year: opened by 31 December and "
        "not closed before 1 January. They include the new files."
    ),
    "def_change": (
        "A change compares the new files with those of the year named; a rise or fall under "
        "2% is called about as many."
    ),
    "def_rate": (
        "Rates in words are literally true: “almost 3 a day” means from 2.5 to under 3, "
        "“more than 2 a day” more than 2 and under 2.5."
    ),
    "def_ages": "Ages are the child's age on the day the file was opened.",
    "def_source": "Computed by Vigil from the files in its database on {date}.",
    "chart_trend_title": "New files per year, {first}–{last}",
    "chart_trend_ylabel": "new files",
    "chart_trend_alt": (
        "Bar charts, one per type of file, of the new files in each year from {first} to "
        "{last}. {values}"
    ),
    "chart_ages_title": "Age at opening, new files of {year}",
    "chart_ages_xlabel": "share of the type's new files (%)",
    "chart_ages_alt": (
        "Horizontal bars, one per type of file, split by the child's age at opening of the "
        "new files of {year}. {values}"
    ),
    "footer": "Written by Vigil, open-source software for child-protection foundations.",
}
