from datetime import date

import pytest

from vigil.reports.texts import Texts

NNBSP = "\u202f"  # the narrow no-break space of French numbers (CLDR, via Babel)


@pytest.mark.parametrize(
    ("lang", "count", "change", "day"),
    [
        ("nl", "2.147", "+20,9%", "10 mei 2022"),
        ("fr", f"2{NNBSP}147", "+20,9\u00a0%", "10 mai 2022"),
        ("de", "2.147", "+20,9\u00a0%", "10. Mai 2022"),
        ("en", "2,147", "+20.9%", "10 May 2022"),
    ],
)
def test_numbers_and_dates_are_written_the_way_each_language_writes_them(lang, count, change, day):
    numbers = Texts(lang).numbers
    assert numbers.count(2147) == count
    assert numbers.change(20.9) == change
    assert numbers.date(date(2022, 5, 10)) == day


def test_a_missing_figure_is_a_dash_and_changes_carry_their_sign():
    numbers = Texts("nl").numbers
    assert numbers.change(None) == "—"
    assert numbers.change(-5.0) == "-5,0%"
    assert numbers.figure(None, "days") == "—"
    assert numbers.figure(2.5, "days") == "2,5"
    assert numbers.figure(4.0, "days") == "4"
    assert numbers.figure(2.4, "rate") == "2,40"


def test_percentages_in_sentences_are_whole_and_rounded_half_up():
    numbers = Texts("en").numbers
    assert (numbers.percent(20.5), numbers.percent(-4.5), numbers.percent(0.4)) == (
        "21%",
        "5%",
        "0%",
    )


def test_counted_phrases_take_the_plural_form_of_the_language():
    nl, fr = Texts("nl"), Texts("fr")
    assert nl.count("new_files", 1) == "1 nieuw dossier"
    assert nl.count("new_files", 2) == "2 nieuwe dossiers"
    assert fr.count("new_files", 0) == "0 nouveau dossier"  # French: 0 takes the singular
    assert fr.count("new_files", 1500) == f"1{NNBSP}500 nouveaux dossiers"
