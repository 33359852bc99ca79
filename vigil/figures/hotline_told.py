"""The hotline's figures that the annual report tells, one sentence each.

`vigil stats --json` gives the hotline's figures of a year as one object (``"hotline"``:
reports, URLs, media analysed, known matches, the analysts' decisions, notices and
removals). The report tells the counts among them a reader can follow, in the order the
work happens, each beside its value in the year compared with, in the shape of the figures
recorded by hand (vigil.reports.told): ``{"key", "label", "labels", "value", "base"}``.
The rest (shares, medians) stays in the report's hotline table.

A year without any report to the hotline tells nothing (the hotline's paragraph and
section are then absent, not zeros); a year compared with that had none has no base, so
its figures are told without a comparison rather than as "against none".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vigil.errors import N_
from vigil.i18n import LANGUAGES, translations

TOLD: tuple[tuple[str, str], ...] = (
    ("reports", N_("Reports to the hotline")),
    ("urls", N_("URLs reported")),
    ("media_analysed", N_("Pictures and videos analysed")),
    ("known_matches", N_("Recognised from hash lists")),
    ("confirmed_illegal", N_("Confirmed illegal (from lists and by analysts)")),
    ("notices_sent", N_("Notices sent")),
    ("urls_removed", N_("URLs where the material was removed")),
)
"""The counts told, in the order the hotline's work happens, with their labels."""


def told_hotline(
    current: Mapping[str, Any], base: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The told figures of ``current`` (a year's ``"hotline"`` object), each with its value
    in ``base`` (the year compared with); none when the year had no report."""
    if not current.get("reports"):
        return []
    compared = base if base and base.get("reports") else None
    return [
        {
            "key": f"hotline.{key}",
            "label": label,
            "labels": {lang: translations(lang).gettext(label) for lang in LANGUAGES},
            "value": int(current[key]),
            "base": None if compared is None else int(compared.get(key) or 0),
        }
        for key, label in TOLD
        if key in current
    ]
