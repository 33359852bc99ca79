"""Countries (ISO 3166-1 alpha-2, through pycountry), the conventions that govern a child's
return from each, and the regions the annual report groups them by.

**The 1980 Hague Convention** on the civil aspects of international child abduction, and
**Brussels IIb** (Council Regulation (EU) 2019/1111), which governs returns between the EU
member states except Denmark (Denmark applies the Hague Convention). The tables below are
transcribed from:

- HCCH, status table of Convention 28 (Child Abduction),
  https://www.hcch.net/en/instruments/conventions/status-table/?cid=24, read December 2026;
  China is a party for Hong Kong and Macao only (HK, MO), not for the mainland (CN).
- the EU's list of member states, https://european-union.europa.eu/principles-countries-
  history/eu-countries_en, December 2026.

The Convention applies between two states only from the day both accept it between them;
the table says who is a party, not since when a party accepted Belgium's or another
state's accession. Check the HCCH table before relying on a status in a legal step, and
update this table with its source when it changes.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import pycountry

from vigil.domain.codes import parse_code
from vigil.errors import N_, InputError

EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
"""The 27 member states of the European Union."""

BRUSSELS_IIB = EU_MEMBERS - {"DK"}
"""Where Regulation (EU) 2019/1111 governs a child's return: the EU without Denmark."""

HAGUE_1980 = frozenset(
    [
        "AD",
        "AL",
        "AM",
        "AR",
        "AT",
        "AU",
        "BA",
        "BE",
        "BF",
        "BG",
        "BR",
        "BS",
        "BY",
        "BZ",
        "CA",
        "CH",
        "CL",
        "CO",
        "CR",
        "CU",
        "CV",
        "CY",
        "CZ",
        "DE",
        "DK",
        "DO",
        "EC",
        "EE",
        "ES",
        "FI",
        "FJ",
        "FR",
        "GB",
        "GE",
        "GN",
        "GR",
        "GT",
        "GY",
        "HK",
        "HN",
        "HR",
        "HU",
        "IE",
        "IL",
        "IQ",
        "IS",
        "IT",
        "JM",
        "JP",
        "KN",
        "KR",
        "KZ",
        "LK",
        "LS",
        "LT",
        "LU",
        "LV",
        "MA",
        "MC",
        "MD",
        "ME",
        "MK",
        "MO",
        "MT",
        "MU",
        "MX",
        "NI",
        "NL",
        "NO",
        "NZ",
        "PA",
        "PE",
        "PH",
        "PK",
        "PL",
        "PT",
        "PY",
        "RO",
        "RS",
        "RU",
        "SC",
        "SE",
        "SG",
        "SI",
        "SK",
        "SM",
        "SV",
        "TH",
        "TM",
        "TN",
        "TR",
        "TT",
        "UA",
        "US",
        "UY",
        "UZ",
        "VE",
        "ZA",
        "ZM",
        "ZW",
    ]
)
"""Parties to the 1980 Hague Convention on child abduction (see the module's sources)."""


class Framework(StrEnum):
    """What governs a child's return from a country."""

    BRUSSELS_IIB = "brussels_iib"
    """An EU member state other than Denmark: Regulation (EU) 2019/1111 (with the Hague
    Convention it completes)."""
    HAGUE_1980 = "hague_1980"
    """A party to the 1980 Hague Convention outside Brussels IIb."""
    NONE = "none"
    """Neither: a return is negotiated, or sought through that country's own courts."""


FRAMEWORK_LABELS: dict[Framework, str] = {
    Framework.BRUSSELS_IIB: N_("EU member (Brussels IIb)"),
    Framework.HAGUE_1980: N_("party to the 1980 Hague Convention"),
    Framework.NONE: N_("neither an EU member nor a Hague Convention party"),
}


def framework(country: str) -> Framework:
    """What governs a return from ``country`` (an alpha-2 code)."""
    if country in BRUSSELS_IIB:
        return Framework.BRUSSELS_IIB
    if country in HAGUE_1980:
        return Framework.HAGUE_1980
    return Framework.NONE


class Direction(StrEnum):
    """Which way an international parental abduction crosses the border."""

    OUTGOING = "outgoing"
    """The child was taken (or is threatened to be taken) abroad: ``country`` is the
    destination."""
    INCOMING = "incoming"
    """The child was brought here from abroad: ``country`` is the origin."""


@dataclass(frozen=True)
class Abroad:
    """Where an international parental abduction leads (see vigil.domain.rules.check_abroad):
    the country (alpha-2), which way, and the central authority's reference."""

    country: str | None = None
    direction: Direction | None = None
    authority_reference: str = ""

    def values(self) -> dict[str, object]:
        """The columns of a file; a country without a direction is a destination."""
        direction = self.direction
        if self.country is not None and direction is None:
            direction = Direction.OUTGOING
        return {
            "country": self.country,
            "direction": direction,
            "authority_reference": self.authority_reference.strip(),
        }


class Region(StrEnum):
    """The regions of the annual report (UN M49 regions, with the EU and North Africa apart,
    as a Belgian foundation's figures read them)."""

    EU = "eu"
    OTHER_EUROPE = "other_europe"
    NORTH_AFRICA = "north_africa"
    SUB_SAHARAN_AFRICA = "sub_saharan_africa"
    WESTERN_ASIA = "western_asia"
    OTHER_ASIA = "other_asia"
    AMERICAS = "americas"
    OCEANIA = "oceania"
    UNKNOWN = "unknown"
    """No country recorded (or Antarctica and the like)."""


REGION_LABELS: dict[Region, str] = {
    Region.EU: N_("European Union"),
    Region.OTHER_EUROPE: N_("Rest of Europe"),
    Region.NORTH_AFRICA: N_("North Africa"),
    Region.SUB_SAHARAN_AFRICA: N_("Sub-Saharan Africa"),
    Region.WESTERN_ASIA: N_("Middle East and Turkey"),
    Region.OTHER_ASIA: N_("Rest of Asia"),
    Region.AMERICAS: N_("Americas"),
    Region.OCEANIA: N_("Oceania"),
    Region.UNKNOWN: N_("Country unknown"),
}

_REGIONS: dict[Region, str] = {
    Region.OTHER_EUROPE: "AD AL AX BA BY CH FO GB GG GI IM IS JE LI MC MD ME MK NO RS RU SJ SM "
    "UA VA",
    Region.NORTH_AFRICA: "DZ EG EH LY MA SD TN",
    Region.SUB_SAHARAN_AFRICA: "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW IO KE "
    "KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM "
    "ZW",
    Region.WESTERN_ASIA: "AE AM AZ BH GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    Region.OTHER_ASIA: "AF BD BN BT CN HK ID IN IR JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH "
    "PK SG TH TJ TL TM TW UZ VN",
    Region.AMERICAS: "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL "
    "GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE "
    "VG VI",
    Region.OCEANIA: "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV "
    "VU WF WS",
}
REGION_OF: dict[str, Region] = {
    code: region for region, codes in _REGIONS.items() for code in codes.split()
} | {code: Region.EU for code in EU_MEMBERS}


def region(country: str | None) -> Region:
    """The report's region of ``country`` (UNKNOWN when none is recorded)."""
    return REGION_OF.get(country or "", Region.UNKNOWN)


def parse_direction(raw: str) -> Direction:
    return parse_code(Direction, raw, N_("direction"))


def parse_country(raw: str) -> str:
    """An ISO 3166-1 country: its alpha-2 code (``ma``, ``MAR``, ``Morocco`` all give
    ``MA``). Raise InputError for anything else."""
    text = raw.strip()
    found = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    if found is None and len(text) == 3:
        found = pycountry.countries.get(alpha_3=text.upper())
    if found is None and len(text) > 3:
        try:
            found = pycountry.countries.lookup(text)
        except LookupError:
            found = None
    if found is None:
        raise InputError(
            "'%(value)s' is not a country; give its ISO 3166 code, such as MA or TR",
            value=raw.strip(),
        )
    return str(found.alpha_2)


def country_name(code: str, language: str = "en") -> str:
    """The country's common name in ``language`` (pycountry's translations of ISO 3166)."""
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    name = str(getattr(found, "common_name", None) or found.name)
    return _names(language).gettext(name)


@cache
def _names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def all_countries() -> list[str]:
    """Every ISO 3166-1 alpha-2 code, sorted."""
    return sorted(str(c.alpha_2) for c in pycountry.countries)
