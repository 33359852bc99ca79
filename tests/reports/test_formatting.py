from datetime import date

import pytest

from vigil.reports.narrative import NEW_FILES
from vigil.reports.texts import Texts

NNBSP = "\u202f"  # the narrow no-break space of French numbers (CLDR, via Babel)
NBSP = "\u00a0"  # between a day and its month: never broken over two lines


@pytest.mark.parametrize(
    ("lang", "count", "change", "day"),
    [
        ("nl", "2.147", "+20,9%", f"10{NBSP}mei 2022"),
        ("fr", f"2{NNBSP}147", "+20,9\u00a0%", f"10{NBSP}mai 2022"),
        ("de", "2.147", "+20,9\u00a0%", f"10.{NBSP}Mai 2022"),
        ("en", "2,147", "+20.9%", f"10{NBSP}May 2022"),
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
    assert numbers.change(-5.0) == "\u22125,0%"  # a true minus sign, not a hyphen
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


def test_the_first_of_a_month_is_written_1er_in_french():
    assert Texts("fr").numbers.date(date(2024, 12, 1)) == f"1er{NBSP}décembre 2024"
    assert Texts("nl").numbers.date(date(2024, 12, 1)) == f"1{NBSP}december 2024"


def test_counted_phrases_take_the_plural_form_of_the_language():
    nl, fr = Texts("nl"), Texts("fr")
    assert nl.counted(NEW_FILES, 1) == "1 nieuw dossier"
    assert nl.counted(NEW_FILES, 2) == "2 nieuwe dossiers"
    assert fr.counted(NEW_FILES, 1) == "1 nouveau dossier"
    assert fr.counted(NEW_FILES, 1500) == f"1{NNBSP}500 nouveaux dossiers"
