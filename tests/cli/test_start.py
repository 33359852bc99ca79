import json

import pytest

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_start_loads_the_demo_once_and_shows_the_open_work(vigil):
    first = vigil("start", "--no-serve")
    assert first.exit_code == 0, first.output
    assert "Loaded" in first.output and "Open files by type" in first.output
    again = vigil("start", "--no-serve")
    assert "no demo data loaded" in again.output


def test_the_demo_has_several_years_of_every_type_at_a_national_hotlines_size(vigil):
    vigil("demo", "--seed", "7")
    figures = json.loads(vigil("stats", "--year", "2023", "--json").stdout)["cases"]
    assert all(f["new"] > 0 for f in figures.values())
    assert 600 < figures["runaway"]["new"] < 1100
    uam = figures["unaccompanied_minor"]
    assert uam["open_at_year_end"] > uam["new"]  # files open for years
    refused = vigil("demo")
    assert refused.exit_code == 1 and "already holds" in refused.stderr
