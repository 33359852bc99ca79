"""German. The glossary marks its German words as proposals: have a native speaker read a
report before it is published."""

from __future__ import annotations

from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.reports.texts.base import Words

LOCALE = "de_BE"

CASE_TYPES: dict[CaseType, str] = {
    CaseType.RUNAWAY: "Weglaufen",
    CaseType.PARENTAL_ABDUCTION: "Elterliche Kindesentführung",
    CaseType.CRIMINAL_ABDUCTION: "Entführung durch Dritte",
    CaseType.LOST_INJURED: "Verlaufen, verletzt oder anderweitig vermisst",
    CaseType.UNACCOMPANIED_MINOR: "Vermisste unbegleitete minderjährige Ausländer",
    CaseType.SEXUAL_EXPLOITATION: "Sexuelle Ausbeutung Minderjähriger",
    CaseType.SEXTING: "Übergriffiges Sexting",
    CaseType.SEXTORTION: "Sextortion (sexuelle Erpressung)",
    CaseType.GROOMING: "Grooming (Cybergrooming)",
}

OUTCOMES: dict[Outcome, str] = {
    Outcome.FOUND: "Gefunden",
    Outcome.FOUND_DECEASED: "Tot aufgefunden",
    Outcome.RETURNED: "Zurückgekehrt",
    Outcome.LOCATED_ABROAD: "Im Ausland ausfindig gemacht",
    Outcome.RESOLVED: "Erledigt",
    Outcome.UNFOUNDED: "Unbegründet",
    Outcome.TRANSFERRED: "Weitergeleitet",
}

WORDS: Words = {
    "title": "Jahresbericht {year}",
    "kicker": "Vermisste und sexuell ausgebeutete Kinder",
    "published": "Veröffentlicht am {date}",
    "press_release": "Pressemitteilung",
    "organisation": "die Stiftung",
    "lead": "Im Jahr {year} eröffnete {org} {new_files} und bearbeitete insgesamt {all_files}.",
    "type_new": "{type}: {new_files} im Jahr {year}",
    "type_no_new": "{type}: keine neuen Fälle im Jahr {year}",
    "change_rise": "{pct} mehr als {base}",
    "change_fall": "{pct} weniger als {base}",
    "change_stable": "etwa so viele wie {base}",
    "and": "und",
    "handled": "Insgesamt {handled_files}, {of_which_new}.",
    "abductions": (
        "{type}: {intl_files} zu einer internationalen Entführung, davon {intl_effective}, "
        "und {nat_files} zu einer nationalen, davon {nat_effective} (bearbeitete Fälle "
        "{year})."
    ),
    "unaccompanied": (
        "{type}: am {date} {open_files}; ein solcher Fall wird erst mit einer Nachricht vom "
        "Kind abgeschlossen."
    ),
    "closings": (
        "Im Jahr {year} schloss {org} {closed_files} zu vermissten Kindern ab, die Hälfte "
        "davon innerhalb von {days} (Median)."
    ),
    "new_files": {"one": "{n} neuer Fall", "other": "{n} neue Fälle"},
    "new_files_object": {"one": "{n} neuen Fall", "other": "{n} neue Fälle"},
    "handled_files": {"one": "{n} bearbeiteter Fall", "other": "{n} bearbeitete Fälle"},
    "files": {"one": "{n} Fall", "other": "{n} Fälle"},
    "closed_files": {"one": "{n} Fall", "other": "{n} Fälle"},
    "open_files": {"one": "{n} Fall noch offen", "other": "{n} Fälle noch offen"},
    "of_which_new": {"one": "davon {n} neu", "other": "davon {n} neue"},
    "effective": {
        "one": "{n} vollzogene Entführung",
        "other": "{n} vollzogene Entführungen",
    },
    "days": {"one": "{n} Tag", "other": "{n} Tagen"},
    "rate_almost": "fast {n}",
    "rate_more_than": "mehr als {n}",
    "rate_exactly": "{n}",
    "unit_day": "pro Tag",
    "unit_week": "pro Woche",
    "unit_month": "pro Monat",
    "sec_key_figures": "Fälle nach Art im Jahr {year}",
    "sec_trend": "Neue Fälle über fünf Jahre",
    "sec_ages": "Alter der Kinder in den neuen Fällen",
    "sec_abductions": "Elterliche Kindesentführungen",
    "sec_unaccompanied": "Vermisste unbegleitete minderjährige Ausländer",
    "sec_closings": "Im Jahr {year} abgeschlossene Fälle und ihr Ausgang",
    "sec_manual": "Weitere Zahlen für {year}",
    "sec_definitions": "Was die Zahlen bedeuten",
    "col_type": "Art des Falls",
    "col_new": "Neu",
    "col_handled": "Bearbeitet",
    "col_closed": "Abgeschlossen",
    "col_change": "Neu ggü. {base}",
    "col_per_day": "Neu pro Tag",
    "col_age_unknown": "Alter unbekannt",
    "col_scope": "Entführung",
    "col_new_effective": "Neu, vollzogen",
    "col_handled_effective": "Bearbeitet, vollzogen",
    "col_open_at_year_end": "Offen am 31. Dezember",
    "col_median_days": "Tage bis zum Abschluss (Median)",
    "col_figure": "Zahl",
    "col_value": "Wert",
    "row_international": "International",
    "row_national": "National",
    "row_total": "Alle elterlichen Entführungen",
    "row_missing_children": "Alle Fälle vermisster Kinder",
    "caption_ages": "Neue Fälle von {year} nach dem Alter des Kindes bei der Eröffnung.",
    "caption_trend": "Neue Fälle pro Jahr: die Zahlen der Grafik oben.",
    "row_all_types": "Alle Arten",
    "caption_key_figures": (
        "Neue, bearbeitete und abgeschlossene Fälle von {year} und die Veränderung der neuen Fälle."
    ),
    "caption_abductions": (
        "Fälle elterlicher Kindesentführung nach Reichweite; vollzogen: das Kind wurde "
        "tatsächlich entführt, nicht nur bedroht."
    ),
    "caption_unaccompanied": (
        "Fälle vermisster unbegleiteter minderjähriger Ausländer; sie bleiben offen, bis es "
        "eine Nachricht vom Kind gibt."
    ),
    "caption_closings_missing": (
        "Im Jahr {year} abgeschlossene Fälle vermisster Kinder nach Ausgang; ein Strich, wo "
        "eine Art nicht so enden kann."
    ),
    "caption_closings_exploitation": (
        "Im Jahr {year} abgeschlossene Fälle sexueller Ausbeutung nach Ausgang."
    ),
    "caption_median": (
        "Tage von der Eröffnung bis zum Abschluss der {year} abgeschlossenen Fälle (Median)."
    ),
    "def_new": ("Neue Fälle sind die im Jahr eröffneten Fälle, vom 1. Januar bis 31. Dezember."),
    "def_handled": (
        "Bearbeitete Fälle sind die Fälle, die zu irgendeinem Zeitpunkt des Jahres "
        "offen waren: eröffnet bis zum 31. Dezember und nicht vor dem 1. Januar "
        "abgeschlossen. Die neuen Fälle gehören dazu."
    ),
    "def_change": (
        "Eine Veränderung vergleicht die neuen Fälle mit denen des genannten Jahres; "
        "ein Anstieg oder Rückgang unter 2\u00a0% heißt „etwa so viele“."
    ),
    "def_rate": (
        "Häufigkeiten in Worten sind wörtlich wahr: „fast 3 pro Tag“ heißt "
        "von 2,5 bis unter 3, „mehr als 2 pro Tag“ mehr als 2 und unter 2,5."
    ),
    "def_ages": "Das Alter ist das Alter des Kindes am Tag der Eröffnung des Falls.",
    "def_source": "Von Vigil aus den Fällen seiner Datenbank berechnet am {date}.",
    "chart_trend_title": "Neue Fälle pro Jahr, {first}–{last}",
    "chart_trend_ylabel": "neue Fälle",
    "chart_trend_alt": (
        "Balkendiagramme, eines pro Art des Falls, der neuen Fälle in jedem Jahr von "
        "{first} bis {last}. {values}"
    ),
    "chart_ages_title": "Alter bei Eröffnung, neue Fälle von {year}",
    "chart_ages_xlabel": "Anteil an den neuen Fällen der Art (%)",
    "chart_ages_alt": (
        "Waagerechte Balken, einer pro Art des Falls, aufgeteilt nach dem Alter des Kindes "
        "bei Eröffnung der neuen Fälle von {year}. {values}"
    ),
    "footer": "Erstellt von Vigil, Open-Source-Software für Kinderschutzstiftungen.",
}
