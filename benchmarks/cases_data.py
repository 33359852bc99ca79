"""Synthetic files for the case-work benchmarks: many years of every type, as CSV."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from vigil.cases.rows import COLUMNS, format_row
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import allowed_outcomes

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2025, 12, 31)
VERSION = 3
"""Bumped when the rows change, so that a cached file of an older kind is written again."""


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Emma Noor Lea Olivia Louise Mila Elena Lina Nora Juliette Hanna Zoë Amélie Chloé Inès "
    "Yasmine Fatima Aïcha Maëlle Léonie Anaïs Océane Sofia Marie Lotte Fien Jana Lena Ella "
    "Noah Liam Arthur Louis Adam Jules Lucas Victor Mohamed Finn Vince Mats Seppe Wout Rayan "
    "Théo Noé Gabriel Raphaël Elias Milan Kobe Younes Ilias Amir Björn Jürgen Zoltán"
)
LAST_NAMES = _words(
    "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet Dubois Lambert "
    "Dupont Martin Simon Laurent Leroy Lemaire Renard Dumont Van_den_Bossche Vandenberghe "
    "Desmet Verhoeven Hermans Michiels Coppens Vermeulen Smets Cools Müller Schmitz Schäfer "
    "Weiß Fernández García Gonçalves Özdemir Yılmaz El_Amrani Benali Nowak Kowalski Horváth "
    "Nguyen Öztürk Lefèvre Gérard Bélanger Dvořák Lindqvist Ó_Súilleabháin D'Hondt Van_Damme"
)
SUMMARIES = (
    "",
    "",
    "Left school at noon and did not come home",
    "Ran away from the foster home after an argument",
    "Father took the child abroad after the holidays",
    "Seen at the railway station with an older man",
    "Chat contact asked for pictures and threatened to share them",
    "Did not return from the youth centre",
)


def _row(rng: random.Random, i: int) -> dict[str, str]:
    case_type = rng.choice(list(CaseType))
    opened = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    closed = opened + timedelta(days=int(rng.expovariate(1 / 60)))
    is_closed = closed <= LAST_DAY and rng.random() < 0.9
    abduction = case_type is CaseType.PARENTAL_ABDUCTION
    effective = rng.random() < 0.7 if abduction else None
    born = opened - timedelta(days=rng.randrange(365 * 18)) if rng.random() < 0.8 else None
    values: dict[str, object] = {
        "reference": f"B-{i:08d}",
        "type": case_type,
        "scope": rng.choice(list(Scope)) if abduction else None,
        "effective": effective,
        "opened_at": opened,
        "closed_at": closed if is_closed else None,
        "outcome": rng.choice(sorted(allowed_outcomes(case_type, effective)))
        if is_closed
        else None,
        "child_birth_date": born,
        "child_age": None if born else rng.choice([None, rng.randint(10, 17)]),
        "child_gender": rng.choice(["female", "male", "unknown"]),
        "child_first_name": rng.choice(FIRST_NAMES),
        "child_last_name": rng.choice(LAST_NAMES).replace("_", " "),
        "summary": rng.choice(SUMMARIES),
    }
    return format_row(values)


def write_cases_csv(path: Path, count: int, seed: int = 42) -> Path:
    """Write ``count`` valid files to ``path`` (reused when it already has that many)."""
    marker = path.with_suffix(f".{count}.{seed}.v{VERSION}.ok")
    if path.exists() and marker.exists():
        return path
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(count):
            writer.writerow(_row(rng, i))
    marker.touch()
    return path
