import json
from collections import Counter
from datetime import date

import pytest

from vigil.cases.demo import demo_rows
from vigil.domain.case_types import CaseType

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_start_loads_the_demo_once_and_shows_the_open_work(vigil):
    first = vigil("start", "--no-serve", "--demo-size", "small")
    assert first.exit_code == 0, first.output
    assert "Loaded" in first.output and "Open files by type" in first.output
    assert "Hotline: 6 demo reports" in first.output
    again = vigil("start", "--no-serve", "--demo-size", "small")
    assert "no demo data loaded" in again.output


def test_the_demo_has_several_years_of_every_type_at_a_national_hotlines_size():
    rows = demo_rows(7, date(2024, 6, 15))
    new_in_2023 = Counter(r.type for r in rows if r.opened_at.year == 2023)
    assert set(new_in_2023) == set(CaseType)
    assert 600 < new_in_2023[CaseType.RUNAWAY] < 1100
    year_end = date(2023, 12, 31)
    uam = [r for r in rows if r.type is CaseType.UNACCOMPANIED_MINOR and r.opened_at <= year_end]
    still_open = [r for r in uam if r.closed_at is None or r.closed_at > year_end]
    assert len(still_open) > new_in_2023[CaseType.UNACCOMPANIED_MINOR]  # files open for years


def test_the_small_demo_has_every_type_every_year_and_goes_only_into_an_empty_database(vigil):
    loaded = vigil("demo", "--seed", "7", "--size", "small")
    assert loaded.exit_code == 0, loaded.output
    for year in range(2018, 2024):
        figures = json.loads(vigil("stats", "--year", str(year), "--json").stdout)["cases"]
        assert all(f["new"] > 0 for f in figures.values()), year
        assert sum(f["new"] for f in figures.values()) < 150
    refused = vigil("demo")
    assert refused.exit_code == 1 and "already holds" in refused.stderr
    unknown = vigil("demo", "--size", "huge")
    assert unknown.exit_code == 1 and "use one of national, small" in unknown.stderr
