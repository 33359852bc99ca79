"""What the timeline says of the entries Vigil writes itself (a closing, a reopening, an
assignment, a correction): stored as a code and its values (``Event.what``, ``Event.facts``),
put in words where they are shown, in the reader's language. What a person wrote stays in
``Event.text`` as it was written.

::

    describe(event, translations.gettext)   # 'Gesloten: teruggevonden'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from vigil.domain.case_types import LABELS as TYPES
from vigil.domain.case_types import CaseType
from vigil.domain.history import Classification
from vigil.domain.outcomes import LABELS as OUTCOMES
from vigil.domain.outcomes import Outcome
from vigil.errors import N_
from vigil.store.models import Event

CLOSED, REOPENED, ASSIGNED, EDITED = "closed", "reopened", "assigned", "edited"
RECLASSIFIED, REPEATED = "reclassified", "repeated"
WORDS = {
    RECLASSIFIED: N_("Reclassified: %(before)s → %(after)s"),
    REPEATED: N_("A new disappearance of the same child: file %(reference)s"),
    CLOSED: N_("Closed: %(outcome)s"),
    REOPENED: N_("Reopened (it was closed: %(outcome)s)"),
    ASSIGNED: N_("Assigned to %(worker)s"),
    EDITED: N_("Corrected: %(fields)s"),
}
FIELDS = {
    "summary": N_("what happened"),
    "risk": N_("the risk questions"),
    "name": N_("the child's name"),
    "birth": N_("the child's birth date or age"),
    "gender": N_("the child's gender"),
    "abroad": N_("the country or the central authority's reference"),
    "disappearance": N_("the disappearance"),
}
"""The parts of a file a correction names (vigil.cases.changes.correct)."""
NO_OUTCOME = N_("no outcome")
SCOPES = {"international": N_("international"), "national": N_("national")}
EFFECTIVE, THREATENED = N_("effective"), N_("threatened")


def closed(outcome: Outcome) -> dict[str, Any]:
    return {"what": CLOSED, "facts": {"outcome": outcome.value}}


def reopened(outcome: Outcome | None) -> dict[str, Any]:
    return {"what": REOPENED, "facts": {"outcome": outcome.value if outcome else None}}


def assigned(username: str, display_name: str) -> dict[str, Any]:
    """The worker's name as it was then (an account's name may change later)."""
    return {"what": ASSIGNED, "facts": {"worker": username, "name": display_name}}


def edited(fields: Iterable[str]) -> dict[str, Any]:
    return {"what": EDITED, "facts": {"fields": list(fields)}}


def reclassified(before: Classification, after: Classification) -> dict[str, Any]:
    return {"what": RECLASSIFIED, "facts": {"before": before.as_facts(), "after": after.as_facts()}}


def repeated(reference: str) -> dict[str, Any]:
    """Written on the earlier file when a new one is opened for a new disappearance."""
    return {"what": REPEATED, "facts": {"reference": reference}}


def _classification(facts: dict[str, Any], gettext: Callable[[str], str]) -> str:
    words = [gettext(TYPES[CaseType(facts["type"])])]
    if facts.get("scope"):
        words.append(gettext(SCOPES[facts["scope"]]))
    if facts.get("effective") is not None:
        words.append(gettext(EFFECTIVE if facts["effective"] else THREATENED))
    return ", ".join(words)


def describe(event: Event, gettext: Callable[[str], str]) -> str:
    """The words of what Vigil wrote on the timeline, translated with ``gettext``; "" for a
    person's own entry and for an old entry whose sentence is in its text."""
    if event.what not in WORDS:
        return ""
    facts = event.facts or {}
    values: dict[str, str] = {}
    if event.what in (CLOSED, REOPENED):
        code = facts.get("outcome")
        values["outcome"] = gettext(OUTCOMES[Outcome(code)] if code else NO_OUTCOME)
    elif event.what == RECLASSIFIED:
        values["before"] = _classification(facts["before"], gettext)
        values["after"] = _classification(facts["after"], gettext)
    elif event.what == REPEATED:
        values["reference"] = str(facts.get("reference", ""))
    elif event.what == ASSIGNED:
        values["worker"] = str(facts.get("name") or facts.get("worker", ""))
    else:
        values["fields"] = ", ".join(gettext(FIELDS.get(f, f)) for f in facts.get("fields", []))
    return gettext(WORDS[event.what]) % values


def in_english(event: Event) -> str:
    """The whole entry in English, as the command line and the logs print it."""
    said = describe(event, str)
    return " — ".join(part for part in (said, event.text) if part)
