"""The intake's use case (vigil.hotline.reports.receive_report) where no door shows it: the
doors' own tests are tests/web/test_hotline_doors.py and tests/hotline/test_cli.py."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.builders import CLI
from vigil.errors import InputError
from vigil.hotline import reports
from vigil.settings import Settings
from vigil.store.hotline import HotlineReport


def test_a_report_sent_twice_at_once_is_stored_once(session, monkeypatch, tmp_path):
    """The second request checks before the first has committed, then meets its row."""
    settings = Settings(home=tmp_path, database_url="sqlite://")
    first = reports.receive_report(
        session, ["https://example.org/"], by=CLI, settings=settings, external_id="x-1"
    )
    monkeypatch.setattr(reports, "_sent_before", _missed_once(reports._sent_before))
    again = reports.receive_report(
        session, ["https://example.org/"], by=CLI, settings=settings, external_id="x-1"
    )
    assert again.repeated and again.report.id == first.report.id and again.to_fetch == []
    assert session.scalar(select(func.count()).select_from(HotlineReport)) == 1
    more = reports.receive_report(
        session, ["https://example.org/b"], by=CLI, settings=settings, external_id="x-2"
    )
    assert not more.repeated  # the session goes on after the collision


def _missed_once(look_up):
    calls = []

    def missed(*args):
        calls.append(args)
        return None if len(calls) == 1 else look_up(*args)

    return missed


@pytest.mark.parametrize(
    ("field", "given"), [("source", {"source": "s" * 81}), ("external_id", {"external_id": " "})]
)
def test_a_source_or_external_id_out_of_bounds_is_refused_naming_its_field(
    session, tmp_path, field, given
):
    settings = Settings(home=tmp_path, database_url="sqlite://")
    with pytest.raises(InputError) as refused:
        reports.receive_report(
            session, ["https://example.org/"], by=CLI, settings=settings, **given
        )
    assert refused.value.field == field
    assert session.scalar(select(func.count()).select_from(HotlineReport)) == 0


@pytest.mark.parametrize("field", ["urls", "description", "email"])
def test_a_nul_character_is_refused_where_it_is(session, tmp_path, field):
    """No database column holds one (PostgreSQL refuses it): said, not a server error."""
    given = {"urls": ["https://example.org/"], "description": "seen", "email": "a@example.org"}
    given[field] = ["https://example.org/\x00"] if field == "urls" else "x\x00"
    settings = Settings(home=tmp_path, database_url="sqlite://")
    with pytest.raises(InputError) as refused:
        reports.receive_report(
            session,
            given["urls"],
            by=CLI,
            settings=settings,
            description=given["description"],
            email=given["email"],
        )
    assert refused.value.field == field
