"""At intake, in every door: the earlier files (open or closed) that may be about the same
child, so that a repeat disappearance is linked instead of counted as a new child.

Names are compared by how they sound (vigil.domain.names: accents and transliterations
folded, Mohammed = Mohamed, Léa = Lea), with the birth date:

- ``strong``: first and last name sound alike and the birth dates are the same;
- ``likely``: first and last name sound alike, and one of the two birth dates is unknown;
- ``possible``: the first name sounds alike and the birth dates are the same, the last
  name differs or is unknown (a name taken from the other parent, a spelling of papers).

Two known birth dates that differ make two children. A match on a file its reader may not
see (restricted to other workers) is listed by its reference and strength only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.cases.service import ChildDetails
from vigil.domain import limits
from vigil.domain.names import name_key
from vigil.domain.people import Role
from vigil.errors import N_
from vigil.store.models import Case, Person


class Strength(StrEnum):
    STRONG = "strong"
    LIKELY = "likely"
    POSSIBLE = "possible"


STRENGTH_LABELS = {
    Strength.STRONG: N_("strong match: same names and birth date"),
    Strength.LIKELY: N_("likely match: same names, a birth date unknown"),
    Strength.POSSIBLE: N_("possible match: same first name and birth date"),
}
_ORDER = list(Strength)


@dataclass(frozen=True)
class Match:
    """An earlier file that may be the same child's. ``case`` is None when the reader may
    not see that file: only its reference and the match's strength are shown."""

    reference: str
    strength: Strength
    case: Case | None

    @property
    def visible(self) -> bool:
        return self.case is not None


def possible_duplicates(
    session: Session, child: ChildDetails, *, by: Actor, limit: int = 5
) -> Sequence[Match]:
    """The earlier files whose child may be ``child`` (see the module), strongest and most
    recent first; audited when any is shown. None for a child given without a first name,
    or with neither a last name nor a birth date."""
    by.require(Permission.CASE_READ)
    limits.check_name(child.first_name, "child_first_name")
    limits.check_name(child.last_name, "child_last_name")
    found = _same_child(session, child, by, limit)
    if found:
        shown = ",".join(f"{m.reference}:{m.strength.value}" for m in found)
        audit.record(session, by, "intake.duplicates", detail=shown)
    return found


def _same_child(session: Session, child: ChildDetails, by: Actor, limit: int) -> list[Match]:
    first, last = name_key(child.first_name), name_key(child.last_name)
    born = child.birth_date
    if not first or not (last or born):
        return []
    alike = [Person.last_key == last] if last else []
    if born is not None:
        alike.append(Person.birth_date == born)
    query = (
        select(Case, Person.last_key, Person.birth_date, visible_to(by).label("visible"))
        .join(Person, and_(Person.case_id == Case.id, Person.role == Role.CHILD))
        .where(Person.first_key == first, or_(*alike))
        .order_by(Case.opened_at.desc(), Case.id.desc())
        .limit(200)  # a common name's key: the most recent 200 are enough to rank
    )
    matches: list[Match] = []
    for case, their_last, their_birth, visible in session.execute(query):
        strength = _strength(last, born, their_last, their_birth)
        if strength is not None:
            matches.append(Match(case.reference, strength, case if visible else None))
    matches.sort(key=lambda m: _ORDER.index(m.strength))  # stable: recent first within
    return matches[:limit]


def _strength(last: str, born: object, their_last: str, their_birth: object) -> Strength | None:
    same_names = bool(last) and last == their_last
    if born is not None and their_birth is not None and born != their_birth:
        return None  # two children: the birth dates say so
    if same_names:
        return Strength.STRONG if born is not None and born == their_birth else Strength.LIKELY
    return Strength.POSSIBLE if born is not None and born == their_birth else None
