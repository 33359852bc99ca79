from datetime import date

import pytest

from tests.reports.fixture import YEAR
from vigil.reports import build_report
from vigil.reports.narrative import change_phrase, ordered_types, rate_phrase, write_narrative
from vigil.reports.sections import build_sections
from vigil.reports.texts import Texts

NL = Texts("nl")


def test_the_dutch_press_release_reproduces_the_hand_checked_sentences_exactly(dutch_report):
    # Checked by hand against tests/reports/fixture.py: 30 runaways in 2023 against 24 in 2022
    # (+25%) and 40 in 2021 (-25%); 30 / 12 = 2.5 a month, which is "almost 3"; 30 new + the
    # 2 files of 2022 still open = 32 handled.
    assert dutch_report.narrative.paragraphs[1] == (
        "Weglopen: 30 nieuwe dossiers in 2023, 25% meer dan in 2022 en 25% minder dan in 2021 "
        "— bijna 3 per maand. In totaal 32 behandelde dossiers, waarvan 30 nieuwe."
    )
    assert dutch_report.narrative.lead == (
        "In 2023 opende de stichting 43 nieuwe dossiers en behandelde in totaal 48 dossiers."
    )
    assert (
        "Ouderlijke ontvoering: 5 dossiers over een internationale ontvoering, waarvan 4 "
        "effectieve ontvoeringen, en 2 dossiers over een nationale, waarvan 1 effectieve "
        "ontvoering (behandelde dossiers in 2023)."
    ) in dutch_report.narrative.paragraphs
    assert dutch_report.narrative.paragraphs[-1] == (
        "In 2023 sloot de stichting 29 dossiers over vermiste kinderen af, de helft daarvan "
        "binnen 4 dagen (de mediaan)."
    )


def test_the_largest_change_comes_first_and_types_without_files_are_left_out(dutch_report):
    openings = [p.split(":")[0] for p in dutch_report.narrative.paragraphs[:4]]
    assert openings == [
        "Vermiste niet-begeleide minderjarigen (NBM)",  # -33.3%
        "Weglopen",  # +25%
        "Grensoverschrijdende sexting",  # -20%
        "Ouderlijke ontvoering",  # 0%
    ]
    assert not any("Grooming" in p for p in dutch_report.narrative.paragraphs)


def test_a_change_is_a_rise_a_fall_or_about_as_many_naming_its_base_year():
    assert change_phrase(52.0, 2019, NL) == "52% meer dan in 2019"
    assert change_phrase(-4.5, 2021, NL) == "5% minder dan in 2021"
    assert change_phrase(1.9, 2021, NL) == "ongeveer evenveel als in 2021"
    assert change_phrase(-1.9, 2021, NL) == "ongeveer evenveel als in 2021"
    assert change_phrase(None, 2021, NL) is None
    assert change_phrase(52.0, 2019, Texts("en")) == "52% more than in 2019"
    assert change_phrase(52.0, 2019, Texts("fr")) == "52\u00a0% de plus qu’en 2019"
    assert change_phrase(52.0, 2019, Texts("de")) == "52\u00a0% mehr als 2019"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "bijna 3 per dag"),
        ("fr", "près de 3 par jour"),
        ("de", "fast 3 pro Tag"),
        ("en", "almost 3 a day"),
    ],
)
def test_the_daily_rate_is_said_in_each_language(lang, expected):
    assert rate_phrase(1000, 2022, Texts(lang)) == expected  # 2.74 a day


def test_the_order_puts_types_without_a_base_year_last_and_larger_counts_first():
    def f(new, change):
        return {"new": new, "handled": new, "new_change_pct": change}

    cases = {"a": f(5, None), "b": f(9, 10.0), "c": f(50, -10.0), "d": f(0, None) | {"handled": 0}}
    assert ordered_types(cases) == ["c", "b", "a"]


def test_a_type_with_old_files_but_no_new_one_says_so(fixture_session):
    figures = build_report(fixture_session, YEAR, "en", today=date(2024, 3, 1)).figures
    figures["cases"]["sexting"] |= {"new": 0, "new_change_pct": -100.0, "new_change_pct_2y": None}
    paragraphs = write_narrative(figures, Texts("en"), "Child Focus").paragraphs
    assert "Transgressive sexting: no new files in 2023, 100% fewer than in 2022. " in "".join(
        paragraphs
    )


def test_the_hotline_section_is_absent_never_zeros(dutch_report):
    keys = [s.key for s in dutch_report.sections]
    assert keys == [
        "key_figures",
        "trend",
        "ages",
        "abductions",
        "unaccompanied",
        "closings",
        "manual",
        "definitions",
    ]
    assert "meldpunt" not in str(dutch_report).lower()


def test_the_section_of_figures_recorded_by_hand_is_absent_without_any(dutch_report):
    figures = dict(dutch_report.figures, manual=[])
    assert "manual" not in [s.key for s in build_sections(figures, NL)]
    manual = next(s for s in dutch_report.sections if s.key == "manual")
    assert manual.tables[0].rows[0].label == "Ontvangen oproepen"


def test_the_german_lead_puts_a_single_new_file_in_the_accusative(fixture_session):
    figures = build_report(fixture_session, YEAR, "de", today=date(2024, 3, 1)).figures
    figures["totals"] |= {"new": 1, "handled": 1}
    lead = write_narrative(figures, Texts("de"), "Child Focus").lead
    assert (
        lead == "Im Jahr 2023 eröffnete Child Focus 1 neuen Fall und bearbeitete insgesamt 1 Fall."
    )
