"""The hotline's part of the report: told in the release and shown in its own section, only
in a year with reports to the hotline."""

import pytest

from tests.reports.fixture import YEAR
from tests.reports.test_narrative import story, write
from vigil.figures.hotline_told import told_hotline
from vigil.figures.report_figures import flatten
from vigil.reports.sections import build_sections
from vigil.reports.texts import Texts

THIS_YEAR = {"reports": 120, "urls": 310, "media_analysed": 2147, "known_matches": 1530}
YEAR_BEFORE = {"reports": 100, "urls": 260, "media_analysed": 1800, "known_matches": 1200}


def test_a_year_without_reports_to_the_hotline_tells_nothing_of_it():
    assert told_hotline({"reports": 0, "urls": 0}, YEAR_BEFORE) == []


def test_a_year_compared_with_that_had_no_reports_gives_no_base():
    told = told_hotline(THIS_YEAR, {"reports": 0, "urls": 0})
    assert [t["base"] for t in told] == [None] * 4


def test_only_the_figures_the_year_has_are_told_in_the_hotlines_order():
    told = told_hotline(THIS_YEAR | {"awaiting_review": 7}, YEAR_BEFORE)
    assert [t["key"] for t in told] == [
        "hotline.reports",
        "hotline.urls",
        "hotline.media_analysed",
        "hotline.known_matches",
    ]
    assert told[0]["labels"]["nl"] == "Meldingen bij het meldpunt"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "Het meldpunt kreeg in 2023 120 meldingen, 20% meer dan in 2022. Ze noemden "
            "310 URL's, 19% meer dan in 2022.",
        ),
        (
            "en",
            "The hotline received 120 reports in 2023, 20% more than in 2022. They named "
            "310 URLs, 19% more than in 2022.",
        ),
    ],
)
def test_the_release_tells_the_hotlines_figures_with_their_comparison(
    fixture_session, lang, expected
):
    figures = story(fixture_session, lang)
    figures["hotline_told"] = told_hotline(THIS_YEAR, YEAR_BEFORE)
    paragraphs = {p.key: p.text for p in write(figures, lang).paragraphs}
    assert paragraphs["hotline"].startswith(expected)
    assert "1.530" in paragraphs["hotline"] or "1,530" in paragraphs["hotline"]


def test_the_hotlines_section_shows_each_figure_beside_the_year_compared_with(fixture_session):
    figures = story(fixture_session, "de")
    figures["hotline"] = THIS_YEAR
    figures["hotline_told"] = told_hotline(THIS_YEAR, YEAR_BEFORE)
    figures["hotline_series"] = {"years": [YEAR - 1, YEAR], "reports": [100, 120]}
    sections = {s.key: s for s in build_sections(figures, Texts("de"), 30)}
    table = sections["hotline"].tables[0]
    assert sections["hotline"].title == f"Die Meldestelle im Jahr {YEAR}"
    assert table.rows[0].label == "Meldungen an die Meldestelle"
    assert [c.value for c in table.rows[0].cells] == [120, 100]
    assert sections["hotline"].charts[0].values == ((100, 120),)
    flat = flatten(figures)
    assert flat["hotline.media_analysed"] == 2147
    assert flat["hotline_base.media_analysed"] == 1800


def test_the_hotlines_section_is_absent_in_a_year_without_reports(fixture_session):
    figures = story(fixture_session, "fr")
    figures["hotline_told"] = told_hotline({"reports": 0}, YEAR_BEFORE)
    assert "hotline" not in [s.key for s in build_sections(figures, Texts("fr"), 30)]
    assert "hotline" not in [p.key for p in write(figures, "fr").paragraphs]


def test_the_report_of_a_year_with_reports_to_the_hotline_tells_them_from_the_data(
    fixture_session,
):
    from tests.figures.test_hotline import AWAITING, CONFIRMED, at, report
    from tests.reports.test_narrative import release

    report(fixture_session, at(YEAR), {"https://a.example/": [("x", CONFIRMED), ("y", AWAITING)]})
    report(fixture_session, at(YEAR, 9), {"https://b.example/": [("x", CONFIRMED)]})
    report(fixture_session, at(YEAR - 1), {"https://c.example/": [("z", AWAITING)]})
    told = {p.key: p.text for p in release(fixture_session, "nl").paragraphs}["hotline"]
    assert told.startswith(f"Het meldpunt kreeg in {YEAR} 2 meldingen, tegen 1 in {YEAR - 1}.")
    assert "1 daarvan werd herkend uit lijsten van gekend materiaal" in told
    from tests.reports.test_narrative import TODAY
    from vigil.reports import build_report

    shown = build_report(fixture_session, YEAR, "nl", today=TODAY)
    assert set(shown.cells()) == set(flatten(shown.figures))  # every figure in a table, once
    hotline = next(s for s in shown.sections if s.key == "hotline")
    assert hotline.charts[0].values[0][-2:] == (1, 2)
