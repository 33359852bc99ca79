"""Dutch, with the words Belgian foundations such as Child Focus use (docs GLOSSARY)."""

from __future__ import annotations

from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.reports.texts.base import Words

LOCALE = "nl_BE"

CASE_TYPES: dict[CaseType, str] = {
    CaseType.RUNAWAY: "Weglopen",
    CaseType.PARENTAL_ABDUCTION: "Ouderlijke ontvoering",
    CaseType.CRIMINAL_ABDUCTION: "Ontvoering door derden",
    CaseType.LOST_INJURED: "Verdwaald, gewond of anderszins vermist",
    CaseType.UNACCOMPANIED_MINOR: "Vermiste niet-begeleide minderjarigen (NBM)",
    CaseType.SEXUAL_EXPLOITATION: "Seksuele uitbuiting van minderjarigen",
    CaseType.SEXTING: "Grensoverschrijdende sexting",
    CaseType.SEXTORTION: "Sextortion (seksuele afpersing)",
    CaseType.GROOMING: "Grooming",
}

OUTCOMES: dict[Outcome, str] = {
    Outcome.FOUND: "Teruggevonden",
    Outcome.FOUND_DECEASED: "Overleden teruggevonden",
    Outcome.RETURNED: "Teruggekeerd",
    Outcome.LOCATED_ABROAD: "Gelokaliseerd in het buitenland",
    Outcome.RESOLVED: "Afgehandeld",
    Outcome.UNFOUNDED: "Ongegrond",
    Outcome.TRANSFERRED: "Doorverwezen",
}

WORDS: Words = {
    "title": "Jaarverslag {year}",
    "kicker": "Vermiste en seksueel uitgebuite kinderen",
    "published": "Gepubliceerd op {date}",
    "press_release": "Persbericht",
    "organisation": "de stichting",
    "lead": "In {year} opende {org} {new_files} en behandelde in totaal {all_files}.",
    "type_new": "{type}: {new_files} in {year}",
    "type_no_new": "{type}: geen nieuwe dossiers in {year}",
    "change_rise": "{pct} meer dan in {base}",
    "change_fall": "{pct} minder dan in {base}",
    "change_stable": "ongeveer evenveel als in {base}",
    "and": "en",
    "handled": "In totaal {handled_files}, {of_which_new}.",
    "abductions": (
        "{type}: {intl_files} over een internationale ontvoering, waarvan {intl_effective}, "
        "en {nat_files} over een nationale, waarvan {nat_effective} (behandelde dossiers in "
        "{year})."
    ),
    "unaccompanied": (
        "{type}: {open_files} op {date}; zo’n dossier wordt pas afgesloten met nieuws over "
        "het kind."
    ),
    "closings": (
        "In {year} sloot {org} {closed_files} over vermiste kinderen af, de helft daarvan "
        "binnen {days} (de mediaan)."
    ),
    "new_files": {"one": "{n} nieuw dossier", "other": "{n} nieuwe dossiers"},
    "new_files_object": {"one": "{n} nieuw dossier", "other": "{n} nieuwe dossiers"},
    "handled_files": {"one": "{n} behandeld dossier", "other": "{n} behandelde dossiers"},
    "files": {"one": "{n} dossier", "other": "{n} dossiers"},
    "closed_files": {"one": "{n} dossier", "other": "{n} dossiers"},
    "open_files": {"one": "{n} dossier nog open", "other": "{n} dossiers nog open"},
    "of_which_new": {"one": "waarvan {n} nieuw", "other": "waarvan {n} nieuwe"},
    "effective": {"one": "{n} effectieve ontvoering", "other": "{n} effectieve ontvoeringen"},
    "days": {"one": "{n} dag", "other": "{n} dagen"},
    "rate_almost": "bijna {n}",
    "rate_more_than": "meer dan {n}",
    "rate_exactly": "{n}",
    "unit_day": "per dag",
    "unit_week": "per week",
    "unit_month": "per maand",
    "sec_key_figures": "Dossiers per type in {year}",
    "sec_trend": "Nieuwe dossiers over vijf jaar",
    "sec_ages": "Leeftijd van de kinderen in de nieuwe dossiers",
    "sec_abductions": "Ouderlijke ontvoeringen",
    "sec_unaccompanied": "Vermiste niet-begeleide minderjarigen",
    "sec_closings": "Afgesloten dossiers in {year} en hun afloop",
    "sec_manual": "Andere cijfers van {year}",
    "sec_definitions": "Wat de cijfers betekenen",
    "col_type": "Type dossier",
    "col_new": "Nieuw",
    "col_handled": "Behandeld",
    "col_closed": "Afgesloten",
    "col_change": "Nieuw t.o.v. {base}",
    "col_per_day": "Nieuw per dag",
    "col_age_unknown": "Leeftijd onbekend",
    "col_scope": "Ontvoering",
    "col_new_effective": "Nieuw, effectief",
    "col_handled_effective": "Behandeld, effectief",
    "col_open_at_year_end": "Open op 31 december",
    "col_median_days": "Mediaan dagen tot afsluiting",
    "col_figure": "Cijfer",
    "col_value": "Waarde",
    "row_international": "Internationaal",
    "row_national": "Nationaal",
    "row_total": "Alle ouderlijke ontvoeringen",
    "row_missing_children": "Alle dossiers over vermiste kinderen",
    "caption_ages": "Nieuwe dossiers van {year} naar de leeftijd van het kind bij de opening.",
    "caption_trend": "Nieuwe dossiers per jaar: de cijfers van de grafiek hierboven.",
    "row_all_types": "Alle types",
    "caption_key_figures": (
        "Nieuwe, behandelde en afgesloten dossiers van {year}, en de verandering in nieuwe "
        "dossiers."
    ),
    "caption_abductions": (
        "Dossiers van ouderlijke ontvoering naar reikwijdte; effectief: het kind werd "
        "werkelijk ontvoerd, niet alleen bedreigd."
    ),
    "caption_unaccompanied": (
        "Dossiers over vermiste niet-begeleide minderjarigen; ze blijven open tot er nieuws "
        "is over het kind."
    ),
    "caption_closings_missing": (
        "Afgesloten dossiers over vermiste kinderen in {year}, per afloop; een streepje waar "
        "een type niet zo kan aflopen."
    ),
    "caption_closings_exploitation": (
        "Afgesloten dossiers over seksuele uitbuiting in {year}, per afloop."
    ),
    "caption_median": (
        "Dagen van opening tot afsluiting van de dossiers afgesloten in {year} (mediaan)."
    ),
    "def_new": (
        "Nieuwe dossiers zijn de dossiers die in het jaar geopend werden, van 1 januari tot "
        "31 december."
    ),
    "def_handled": (
        "Behandelde dossiers zijn de dossiers die op enig moment van het jaar open waren: "
        "geopend uiterlijk op 31 december en niet afgesloten vóór 1 januari. De nieuwe "
        "dossiers horen erbij."
    ),
    "def_change": (
        "Een verandering vergelijkt de nieuwe dossiers met die van het genoemde jaar; een "
        "stijging of daling onder 2% heet ongeveer evenveel."
    ),
    "def_rate": (
        "Aantallen in woorden zijn letterlijk waar: „bijna 3 per dag” betekent van 2,5 "
        "tot minder dan 3, „meer dan 2 per dag” meer dan 2 en minder dan 2,5."
    ),
    "def_ages": "Leeftijden zijn de leeftijd van het kind op de dag dat het dossier geopend werd.",
    "def_source": "Berekend door Vigil uit de dossiers in zijn databank op {date}.",
    "chart_trend_title": "Nieuwe dossiers per jaar, {first}–{last}",
    "chart_trend_ylabel": "nieuwe dossiers",
    "chart_trend_alt": (
        "Staafdiagrammen, één per type dossier, van de nieuwe dossiers in elk jaar van "
        "{first} tot {last}. {values}"
    ),
    "chart_ages_title": "Leeftijd bij opening, nieuwe dossiers van {year}",
    "chart_ages_xlabel": "aandeel van de nieuwe dossiers van het type (%)",
    "chart_ages_alt": (
        "Horizontale balken, één per type dossier, verdeeld naar de leeftijd van het "
        "kind bij de opening van de nieuwe dossiers van {year}. {values}"
    ),
    "footer": "Geschreven door Vigil, opensourcesoftware voor kinderbeschermingsorganisaties.",
}
