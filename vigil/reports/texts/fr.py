"""French, with the words Belgian foundations such as Child Focus use (docs GLOSSARY).

French typography puts a no-break space before « : », « ; » and « % » (Babel does the last)."""

from __future__ import annotations

from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.reports.texts.base import Words

LOCALE = "fr_BE"

CASE_TYPES: dict[CaseType, str] = {
    CaseType.RUNAWAY: "Fugue",
    CaseType.PARENTAL_ABDUCTION: "Enlèvement parental",
    CaseType.CRIMINAL_ABDUCTION: "Enlèvement par des tiers",
    CaseType.LOST_INJURED: "Perdu, blessé ou autrement disparu",
    CaseType.UNACCOMPANIED_MINOR: "Mineurs étrangers non accompagnés (MENA) disparus",
    CaseType.SEXUAL_EXPLOITATION: "Exploitation sexuelle de mineurs",
    CaseType.SEXTING: "Sexting abusif",
    CaseType.SEXTORTION: "Sextorsion",
    CaseType.GROOMING: "Grooming (pédopiégeage)",
}

OUTCOMES: dict[Outcome, str] = {
    Outcome.FOUND: "Retrouvé",
    Outcome.FOUND_DECEASED: "Retrouvé décédé",
    Outcome.RETURNED: "Revenu",
    Outcome.LOCATED_ABROAD: "Localisé à l’étranger",
    Outcome.RESOLVED: "Résolu",
    Outcome.UNFOUNDED: "Non fondé",
    Outcome.TRANSFERRED: "Transmis",
}

WORDS: Words = {
    "title": "Rapport annuel {year}",
    "kicker": "Enfants disparus et sexuellement exploités",
    "published": "Publié le {date}",
    "press_release": "Communiqué de presse",
    "organisation": "la fondation",
    "lead": "En {year}, {org} a ouvert {new_files} et a traité {all_files} au total.",
    "type_new": "{type}\u00a0: {new_files} en {year}",
    "type_no_new": "{type}\u00a0: aucun nouveau dossier en {year}",
    "change_rise": "{pct} de plus qu’en {base}",
    "change_fall": "{pct} de moins qu’en {base}",
    "change_stable": "à peu près autant qu’en {base}",
    "and": "et",
    "handled": "Au total, {handled_files}, {of_which_new}.",
    "abductions": (
        "{type}\u00a0: {intl_files} d’enlèvement international, dont {intl_effective}, "
        "et {nat_files} d’enlèvement national, dont {nat_effective} (dossiers "
        "traités en {year})."
    ),
    "unaccompanied": (
        "{type}\u00a0: {open_files} au {date}\u00a0; un tel dossier n’est clôturé "
        "qu’avec des nouvelles de l’enfant."
    ),
    "closings": (
        "En {year}, {org} a clôturé {closed_files} concernant des enfants disparus, "
        "dont la moitié en {days} au plus (la médiane)."
    ),
    "new_files": {"one": "{n} nouveau dossier", "other": "{n} nouveaux dossiers"},
    "new_files_object": {"one": "{n} nouveau dossier", "other": "{n} nouveaux dossiers"},
    "handled_files": {"one": "{n} dossier traité", "other": "{n} dossiers traités"},
    "files": {"one": "{n} dossier", "other": "{n} dossiers"},
    "closed_files": {"one": "{n} dossier", "other": "{n} dossiers"},
    "open_files": {"one": "{n} dossier encore ouvert", "other": "{n} dossiers encore ouverts"},
    "of_which_new": {"one": "dont {n} nouveau", "other": "dont {n} nouveaux"},
    "effective": {
        "one": "{n} enlèvement effectif",
        "other": "{n} enlèvements effectifs",
    },
    "days": {"one": "{n} jour", "other": "{n} jours"},
    "rate_almost": "près de {n}",
    "rate_more_than": "plus de {n}",
    "rate_exactly": "{n}",
    "unit_day": "par jour",
    "unit_week": "par semaine",
    "unit_month": "par mois",
    "sec_key_figures": "Dossiers par type en {year}",
    "sec_trend": "Nouveaux dossiers sur cinq ans",
    "sec_ages": "Âge des enfants dans les nouveaux dossiers",
    "sec_abductions": "Enlèvements parentaux",
    "sec_unaccompanied": "Mineurs étrangers non accompagnés disparus",
    "sec_closings": "Dossiers clôturés en {year} et leur issue",
    "sec_manual": "Autres chiffres de {year}",
    "sec_definitions": "Ce que les chiffres signifient",
    "col_type": "Type de dossier",
    "col_new": "Nouveaux",
    "col_handled": "Traités",
    "col_closed": "Clôturés",
    "col_change": "Nouveaux vs {base}",
    "col_per_day": "Nouveaux par jour",
    "col_age_unknown": "Âge inconnu",
    "col_scope": "Enlèvement",
    "col_new_effective": "Nouveaux, effectifs",
    "col_handled_effective": "Traités, effectifs",
    "col_open_at_year_end": "Ouverts au 31 décembre",
    "col_median_days": "Jours jusqu’à la clôture (médiane)",
    "col_figure": "Chiffre",
    "col_value": "Valeur",
    "row_international": "International",
    "row_national": "National",
    "row_total": "Tous les enlèvements parentaux",
    "row_missing_children": "Tous les dossiers d’enfants disparus",
    "caption_ages": ("Nouveaux dossiers de {year} selon l’âge de l’enfant à l’ouverture."),
    "caption_trend": "Nouveaux dossiers par an\u00a0: les chiffres du graphique ci-dessus.",
    "row_all_types": "Tous les types",
    "caption_key_figures": (
        "Nouveaux dossiers, dossiers traités et clôturés en {year}, et l’évolution des "
        "nouveaux dossiers."
    ),
    "caption_abductions": (
        "Dossiers d’enlèvement parental selon la portée\u00a0; effectif\u00a0: l’enfant a "
        "réellement été enlevé, pas seulement menacé."
    ),
    "caption_unaccompanied": (
        "Dossiers de MENA disparus\u00a0; ils restent ouverts jusqu’à ce qu’il y ait des "
        "nouvelles de l’enfant."
    ),
    "caption_closings_missing": (
        "Dossiers d’enfants disparus clôturés en {year}, selon leur issue\u00a0; un tiret là "
        "où un type ne peut pas se terminer ainsi."
    ),
    "caption_closings_exploitation": (
        "Dossiers d’exploitation sexuelle clôturés en {year}, selon leur issue."
    ),
    "caption_median": (
        "Jours entre l’ouverture et la clôture des dossiers clôturés en {year} (médiane)."
    ),
    "def_new": (
        "Les nouveaux dossiers sont les dossiers ouverts dans l’année, du 1er janvier "
        "au 31 décembre."
    ),
    "def_handled": (
        "Les dossiers traités sont les dossiers ouverts à un moment quelconque de "
        "l’année\u00a0: ouverts au plus tard le 31 décembre et non clôturés "
        "avant le 1er janvier. Ils comprennent les nouveaux dossiers."
    ),
    "def_change": (
        "Une évolution compare les nouveaux dossiers à ceux de l’année "
        "nommée\u00a0; une hausse ou une baisse de moins de 2\u00a0% est dite «\u00a0à "
        "peu près autant\u00a0»."
    ),
    "def_rate": (
        "Les fréquences en mots sont littéralement vraies\u00a0: «\u00a0près de 3 "
        "par jour\u00a0» signifie de 2,5 à moins de 3, «\u00a0plus de 2 par "
        "jour\u00a0» plus de 2 et moins de 2,5."
    ),
    "def_ages": "L’âge est celui de l’enfant le jour de l’ouverture du dossier.",
    "def_source": ("Calculé par Vigil à partir des dossiers de sa base de données le {date}."),
    "chart_trend_title": "Nouveaux dossiers par an, {first}–{last}",
    "chart_trend_ylabel": "nouveaux dossiers",
    "chart_trend_alt": (
        "Diagrammes en barres, un par type de dossier, des nouveaux dossiers de chaque "
        "année de {first} à {last}. {values}"
    ),
    "chart_ages_title": "Âge à l’ouverture, nouveaux dossiers de {year}",
    "chart_ages_xlabel": "part des nouveaux dossiers du type (%)",
    "chart_ages_alt": (
        "Barres horizontales, une par type de dossier, réparties selon l’âge de "
        "l’enfant à l’ouverture des nouveaux dossiers de {year}. {values}"
    ),
    "footer": ("Rédigé par Vigil, logiciel libre pour les fondations de protection de l’enfance."),
}
