"""Reference numbers that people read out on the phone: ``RUN-2021-00123``."""

from __future__ import annotations

import re

from vigil.domain.case_types import PREFIXES, CaseType

MAX_LENGTH = 64
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def format_reference(case_type: CaseType, year: int, number: int) -> str:
    return f"{PREFIXES[case_type]}-{year}-{number:05d}"


def check_reference(raw: str) -> str:
    """Return ``raw`` stripped if it can serve as a reference. Raise ValueError if not.

    Imported files keep the reference of their source system, so any short code of
    letters, digits and ``. _ / -`` is accepted.
    """
    value = raw.strip()
    if not value:
        raise ValueError("the reference is empty; every file needs one")
    if len(value) > MAX_LENGTH:
        raise ValueError(f"the reference is longer than {MAX_LENGTH} characters")
    if not _SAFE.match(value):
        raise ValueError(
            f"the reference {value!r} may hold only letters, digits and . _ / - "
            "(and must start with a letter or digit)"
        )
    return value
