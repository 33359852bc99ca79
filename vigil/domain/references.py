"""Reference numbers that people read out on the phone: ``RUN-2021-00123``."""

from __future__ import annotations

import re

from vigil.domain.case_types import PREFIXES, CaseType
from vigil.errors import InputError

MAX_LENGTH = 64
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def format_reference(case_type: CaseType, year: int, number: int) -> str:
    return f"{PREFIXES[case_type]}-{year}-{number:05d}"


def check_reference(raw: str) -> str:
    """Return ``raw`` stripped if it can serve as a reference. Raise InputError if not.

    Imported files keep the reference of their source system, so any short code of
    letters, digits and ``. _ / -`` is accepted.
    """
    value = raw.strip()
    if not value:
        raise InputError("the reference is empty; every file needs one", field="reference")
    if len(value) > MAX_LENGTH:
        raise InputError(
            "the reference is longer than %(most)s characters", field="reference", most=MAX_LENGTH
        )
    if not _SAFE.match(value):
        raise InputError(
            "the reference '%(value)s' may hold only letters, digits and . _ / - "
            "(and must start with a letter or digit)",
            field="reference",
            value=value,
        )
    return value
