"""Children with more than one disappearance in a year, per type: the "repeat runaways"
foundations report.

A new disappearance is a new file, linked to the earlier ones of the same child
(``case_links.same_child``; a link between siblings is not one child). The files linked,
directly or through other files, make one child; a child counts under a missing-child type
when two or more of its files of that type (at opening) were opened in the year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, select, union
from sqlalchemy.orm import Session

from vigil.domain.case_types import MISSING_TYPES, CaseType
from vigil.store.history import CasePeriod as P
from vigil.store.models import CaseLink


def repeat_children(session: Session, year: int) -> dict[str, int]:
    """Return, for each missing-child type, how many children had two or more files of that
    type opened in ``year`` (zeros included)."""
    counts = {t.value: 0 for t in CaseType if t in MISSING_TYPES}
    links = session.execute(
        select(CaseLink.case_id, CaseLink.other_id).where(CaseLink.same_child.is_(True))
    ).all()
    if not links:
        return counts
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        parent[root(a)] = root(b)
    linked = union(select(CaseLink.case_id), select(CaseLink.other_id)).subquery()
    opened = session.execute(
        select(P.case_id, P.type).where(
            and_(P.first.is_(True), P.start >= date(year, 1, 1), P.start <= date(year, 12, 31)),
            P.case_id.in_(select(linked.c[0])),
        )
    ).all()
    files: dict[tuple[CaseType, int], int] = defaultdict(int)
    for case_id, case_type in opened:
        files[(CaseType(case_type), root(case_id))] += 1
    for (case_type, _child), n in files.items():
        if n > 1 and case_type.value in counts:
            counts[case_type.value] += 1
    return counts
