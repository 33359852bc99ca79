"""Reading the codes people and files give for Vigil's enumerations."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from vigil.errors import InputError

E = TypeVar("E", bound=StrEnum)


def parse_code(kind: type[E], raw: str, what: str, *, among: Iterable[E] | None = None) -> E:
    """Return the member of ``kind`` whose code is ``raw`` (spaces ignored), limited to
    ``among`` when given. Raise InputError that names ``what`` (a word marked with ``N_``)
    and lists the codes accepted."""
    members = {m.value: m for m in (kind if among is None else among)}
    try:
        return members[raw.strip()]
    except KeyError:
        raise InputError(
            "unknown %(what)s '%(code)s'; use one of %(codes)s",
            what=what,
            code=raw,
            codes=", ".join(members),
        ) from None
