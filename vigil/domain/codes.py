"""Reading the codes people and files give for Vigil's enumerations."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def parse_code(kind: type[E], raw: str, what: str, *, among: Iterable[E] | None = None) -> E:
    """Return the member of ``kind`` whose code is ``raw`` (spaces ignored), limited to
    ``among`` when given. Raise ValueError that names ``what`` and lists the codes accepted."""
    members = {m.value: m for m in (kind if among is None else among)}
    try:
        return members[raw.strip()]
    except KeyError:
        codes = ", ".join(members)
        raise ValueError(f"unknown {what} {raw!r}; use one of {codes}") from None
