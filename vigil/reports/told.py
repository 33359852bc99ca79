"""Figures that join the press release by a sentence each, with their own comparison.

A *told figure* is ``{"key", "label", "labels", "value", "base"}`` (``base``: its value in
the comparison year, None when none was recorded) in one of the parts of the report's
figures that ``PARTS`` names: the figures recorded by hand (``figures["manual"]``,
`vigil figures set`) and the abuse-material hotline's counts (``figures["hotline_told"]``,
keys such as ``hotline.reports``, vigil.figures.hotline_told), told in the release's
``hotline`` paragraph, each with its comparison ("2.147 meldingen, 52% meer dan in 2019").

Each figure is told by the first of:

1. the editor's sentence for its key in the release's language (`vigil report edit YEAR
   --sentence KEY=...`, kept per year and language; an earlier year's serves until another is
   given), with the placeholders of ``PLACEHOLDERS`` in braces: ``Het meldpunt ontving {value}
   meldingen, {comparison}.``; where there is nothing to compare with, ``{comparison}`` and
   the comma, colon or brackets around it are left out;
2. the catalogue's sentence for the key (``SENTENCES``: for the figures Vigil computes
   itself, such as the hotline's, written once in English and translated);
3. a sentence that names the figure by its label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vigil.errors import InputError, Nn_
from vigil.reports.comparisons import Comparison
from vigil.reports.texts import Texts

PARTS = {"hotline_told": "hotline", "manual": "figures"}
"""The parts of the report's figures whose figures are told, in release order, and the
paragraph (vigil.reports.narrative) that tells each part."""
PLACEHOLDERS = ("value", "comparison", "year", "base_year", "base_value", "org", "label")
SENTENCES: dict[str, tuple[str, str]] = {
    "hotline.reports": Nn_(
        "the hotline received %(value)s report in %(year)s",
        "the hotline received %(value)s reports in %(year)s",
    ),
    "hotline.urls": Nn_("they named %(value)s URL", "they named %(value)s URLs"),
    "hotline.media_analysed": Nn_(
        "%(value)s picture or video found there was analysed",
        "%(value)s pictures and videos found there were analysed",
    ),
    "hotline.known_matches": Nn_(
        "%(value)s of them was recognised from lists of known material, without anyone "
        "having to look at it",
        "%(value)s of them were recognised from lists of known material, without anyone "
        "having to look at them",
    ),
    "hotline.confirmed_illegal": Nn_(
        "in all, %(value)s was confirmed illegal", "in all, %(value)s were confirmed illegal"
    ),
    "hotline.notices_sent": Nn_(
        "%(value)s notice went to a host, the police or a partner hotline",
        "%(value)s notices went to hosts, the police and partner hotlines",
    ),
    "hotline.urls_removed": Nn_(
        "the material was taken down from %(value)s URL",
        "the material was taken down from %(value)s URLs",
    ),
}
"""The catalogue's sentence (``%(value)s``, ...) for a figure Vigil computes itself, by key
(vigil.figures.hotline_told); its comparison follows after a comma."""

_FIELD = re.compile(r"\{([^{}]*)\}")
_AROUND_COMPARISON = re.compile(r"\s*[,;:(\u2013\u2014-]?\s*\{comparison\}\)?")


@dataclass(frozen=True)
class Told:
    key: str
    label: str
    value: int
    base: int | None


def told_figures(figures: Mapping[str, Any], part: str, lang: str) -> list[Told]:
    """The figures of ``part`` with their label in ``lang`` (their general label else)."""
    return [
        Told(f["key"], f["labels"].get(lang) or f["label"], f["value"], f.get("base"))
        for f in figures.get(part) or ()
    ]


def check_sentence(key: str, template: str) -> str:
    """Return ``template`` if it can tell a figure. Raise InputError naming what is wrong."""
    unknown = [name for name in _FIELD.findall(template) if name not in PLACEHOLDERS]
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    if unknown:
        raise InputError(
            "the sentence for %(key)s has {%(name)s}, which is not a placeholder; use %(known)s",
            field="sentences",
            key=key,
            name=unknown[0],
            known=known,
        )
    if "{value}" not in template:
        raise InputError(
            "the sentence for %(key)s does not say the figure: put {value} where it goes",
            field="sentences",
            key=key,
        )
    return template.strip()


def tell(
    figure: Told,
    texts: Texts,
    *,
    year: int,
    base_year: int,
    org: str,
    min_base: int,
    sentence: str | None,
) -> str:
    """The sentence that tells ``figure`` (see the module's docstring for which)."""
    comparison = Comparison(figure.value, figure.base, base_year, min_base).phrase(texts)
    values = {
        "value": texts.numbers.count(figure.value),
        "comparison": comparison or "",
        "year": str(year),
        "base_year": str(base_year),
        "base_value": "" if figure.base is None else texts.numbers.count(figure.base),
        "org": org,
        "label": figure.label,
    }
    if sentence:
        return fill(sentence, values)
    known = SENTENCES.get(figure.key)
    if known:
        said = texts.plural(known, figure.value, **values)
    else:
        said = texts._("%(label)s numbered %(value)s in %(year)s", **values)
    return f"{said}, {comparison}." if comparison else f"{said}."


def fill(sentence: str, values: Mapping[str, str]) -> str:
    """The editor's ``sentence`` with its placeholders filled in; without a comparison, the
    ``{comparison}`` and what joins it to the sentence are left out."""
    if not values["comparison"]:
        sentence = _AROUND_COMPARISON.sub("", sentence)
    return _FIELD.sub(lambda m: values.get(m[1], m[0]), sentence)
