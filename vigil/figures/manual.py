"""Figures of a year that no file records, recorded by hand (`vigil figures set`).

Calls received, prevention videos made, trainings given, podcast listens: the communication
team knows them from other tools and types them in, and the yearly report shows them in a
section of their own. Values are whole numbers (counts); the label says what is counted, in
one language or per report language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.errors import InputError, NotFound
from vigil.store.models import ManualFigure

KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")
LARGEST = 2**31 - 1
"""The largest value the column holds: two billion is more than any count a foundation keeps."""


def _check(year: int, key: str, value: int, label: str, labels: Mapping[str, str]) -> None:
    if year > clock.today().year:
        raise InputError(
            "%(year)s has not begun; record figures for %(latest)s or before",
            field="year",
            year=year,
            latest=clock.today().year,
        )
    check_key(key)
    if not 0 <= value <= LARGEST:
        raise InputError(
            "value %(value)s must be from 0 to %(largest)s",
            field="value",
            value=value,
            largest=format(LARGEST, ","),
        )
    if not label.strip():
        raise InputError("a label is needed: say what the figure counts", field="label")
    for code in labels:
        if not LANGUAGE_CODE.fullmatch(code):
            raise InputError(
                "'%(code)s' is not a two-letter language code", field="labels", code=code
            )


def check_key(key: str) -> str:
    """Return ``key`` if it can name a figure. Raise InputError saying what a key may hold."""
    if not KEY.fullmatch(key):
        raise InputError(
            "key '%(key)s' is not usable; use lower-case letters, digits and _ "
            "(e.g. calls_received)",
            field="key",
            key=key,
        )
    return key


def find_figure(session: Session, year: int, key: str) -> ManualFigure | None:
    query = select(ManualFigure).where(ManualFigure.year == year, ManualFigure.key == key)
    return session.scalars(query).one_or_none()


def set_figure(
    session: Session,
    *,
    year: int,
    key: str,
    value: int,
    label: str,
    labels: Mapping[str, str] | None = None,
) -> ManualFigure:
    """Record ``value`` for ``key`` in ``year``, replacing an earlier value and its labels.

    Raise InputError for a year not begun, a key that is not a lower-case identifier, a
    negative value or an empty label.
    """
    labels = {code: text.strip() for code, text in (labels or {}).items() if text.strip()}
    _check(year, key, value, label, labels)
    figure = find_figure(session, year, key) or ManualFigure(year=year, key=key)
    figure.value, figure.label, figure.labels = value, label.strip(), labels
    session.add(figure)
    session.flush()
    return figure


def unset_figure(session: Session, *, year: int, key: str) -> None:
    """Remove a recorded figure. Raise NotFound, naming the recorded keys, if there is none."""
    figure = find_figure(session, year, key)
    if figure is None:
        known = ", ".join(f.key for f in list_figures(session, year))
        if not known:
            raise NotFound(
                "no figure '%(key)s' is recorded for %(year)s (none is)", key=key, year=year
            )
        raise NotFound(
            "no figure '%(key)s' is recorded for %(year)s (recorded: %(known)s)",
            key=key,
            year=year,
            known=known,
        )
    session.delete(figure)
    session.flush()


def list_figures(session: Session, year: int) -> list[ManualFigure]:
    """Return the figures recorded for ``year``, ordered by key."""
    query = select(ManualFigure).where(ManualFigure.year == year).order_by(ManualFigure.key)
    return list(session.scalars(query))


def manual_figures(
    session: Session, year: int, *, base_year: int | None = None
) -> list[dict[str, Any]]:
    """Return the figures recorded for ``year`` as JSON-ready dicts, ordered by key; with
    ``base_year``, each with its ``base``: the value recorded for that year, or None."""
    bases = {f.key: f.value for f in list_figures(session, base_year)} if base_year else {}
    found = []
    for f in list_figures(session, year):
        figure = {"key": f.key, "value": f.value, "label": f.label, "labels": dict(f.labels)}
        if base_year:
            figure["base"] = bases.get(f.key)
        found.append(figure)
    return found
