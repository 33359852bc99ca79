"""The press release of the held data set (tests/reports/fixture.py), read as a
communications officer and a native reader would, and the rules that choose its story."""

from dataclasses import replace
from datetime import date

import pytest

from tests.reports.fixture import YEAR
from vigil.reports import build_report
from vigil.reports.editions import EditorWords
from vigil.reports.narrative import rate_phrase, write_narrative
from vigil.reports.sections import build_sections
from vigil.reports.texts import Texts

NB = "\u00a0"  # the no-break space between a day and its month, and before French : ; %
TODAY = date(2024, 3, 12)

# Written by hand from the fixture: 43 new files in 2023 against 39 in 2022 (24 runaways,
# 7 parental abductions, 3 unaccompanied minors, 5 sexting): +10.3%, "10% more" on a base of
# 39; 48 handled. The largest type, runaways, has 30 against 24: a base under 30, so the
# counts are said, and no type changed notably on a large base: the headline is the year's
# total. 30 runaways a year is 2.5 a month: "almost three a month". Parental abductions: 7
# against 7, none a month; 5 international (4 effective) and 2 national (1 effective).
# Unaccompanied minors: 2 against 3, 5 handled, 4 still open on 31 December.
RELEASES = {
    "en": {
        "headline": "Child Focus opened 43 new files in 2023, 10% more than in 2022",
        "lead": "In 2023, Child Focus opened 43 new files, 10% more than in 2022, and handled "
        "48 files in all. The largest group were the 30 runaway files, against 24 in 2022.",
        "runaway": "In 2023, Child Focus opened 30 runaway files, against 24 in 2022 — almost "
        "three a month. In all, 32 files were handled, 30 of them new.",
        "parental_abduction": "Child Focus also opened 7 parental abduction files, as many as in "
        "2022. Among the files handled were 5 international child abduction files, of which 4 "
        "effective abductions, and 2 national abduction files, of which 1 effective abduction.",
        "unaccompanied_minor": "In addition, 2 files of missing unaccompanied minors were "
        "opened, against 3 in 2022. In all, 5 files were handled, 2 of them new. On "
        f"31{NB}December 2023, 4 files were still open: such a file is closed only when there "
        "is news of the child.",
    },
    "nl": {
        "headline": "Child Focus opende 43 nieuwe dossiers in 2023, 10% meer dan in 2022",
        "lead": "In 2023 opende Child Focus 43 nieuwe dossiers, 10% meer dan in 2022, en "
        "behandelde in totaal 48 dossiers. De grootste groep waren de 30 wegloopdossiers, "
        "tegen 24 in 2022.",
        "runaway": "In 2023 opende Child Focus 30 wegloopdossiers, tegen 24 in 2022 — bijna "
        "drie per maand. In totaal werden 32 dossiers behandeld, waarvan 30 nieuwe.",
        "parental_abduction": "Child Focus opende ook 7 dossiers van ouderlijke ontvoering, "
        "evenveel als in 2022. Onder de behandelde dossiers waren 5 dossiers van internationale "
        "kinderontvoering, waarvan 4 effectieve ontvoeringen, en 2 dossiers van nationale "
        "ontvoering, waarvan 1 effectieve ontvoering.",
        "unaccompanied_minor": "Daarnaast werden 2 dossiers van vermiste niet-begeleide "
        "minderjarigen (NBM) geopend, tegen 3 in 2022. In totaal werden 5 dossiers behandeld, "
        f"waarvan 2 nieuwe. Op 31{NB}december 2023 waren nog 4 dossiers open: zo’n dossier "
        "wordt pas afgesloten als er nieuws is over de jongere.",
    },
    "fr": {
        "headline": f"Child Focus a ouvert 43 nouveaux dossiers en 2023, 10{NB}% de plus "
        "qu’en 2022",
        "lead": f"En 2023, Child Focus a ouvert 43 nouveaux dossiers, 10{NB}% de plus qu’en "
        "2022, et a traité 48 dossiers au total. Le groupe le plus important est celui des 30 "
        "dossiers de fugue, contre 24 en 2022.",
        "runaway": "En 2023, Child Focus a ouvert 30 dossiers de fugue, contre 24 en 2022 — "
        "près de trois par mois. Au total, 32 dossiers ont été traités, dont 30 nouveaux.",
        "parental_abduction": "Child Focus a également ouvert 7 dossiers d’enlèvement parental, "
        "autant qu’en 2022. Parmi les dossiers traités figuraient 5 dossiers d’enlèvement "
        "international d’enfants, dont 4 enlèvements effectifs, et 2 dossiers d’enlèvement "
        "national, dont 1 enlèvement effectif.",
        "unaccompanied_minor": "Par ailleurs, 2 dossiers de mineurs étrangers non accompagnés "
        "(MENA) disparus ont été ouverts, contre 3 en 2022. Au total, 5 dossiers ont été "
        f"traités, dont 2 nouveaux. Au 31{NB}décembre 2023, 4 dossiers étaient encore "
        f"ouverts{NB}: un tel dossier n’est clôturé que lorsqu’il y a des nouvelles de l’enfant.",
    },
    "de": {
        "headline": f"Child Focus eröffnete 43 neue Fälle im Jahr 2023, 10{NB}% mehr als 2022",
        "lead": f"Im Jahr 2023 eröffnete Child Focus 43 neue Fälle, 10{NB}% mehr als 2022, und "
        "bearbeitete insgesamt 48 Fälle. Die größte Gruppe waren die 30 Fälle von Weglaufen, "
        "gegenüber 24 im Jahr 2022.",
        "runaway": "Im Jahr 2023 eröffnete Child Focus 30 Fälle von Weglaufen, gegenüber 24 im "
        "Jahr 2022 — fast drei pro Monat. Insgesamt wurden 32 Fälle bearbeitet, davon 30 neue.",
        "parental_abduction": "Child Focus eröffnete außerdem 7 Fälle elterlicher "
        "Kindesentführung, genauso viele wie 2022. Unter den bearbeiteten Fällen waren 5 Fälle "
        "internationaler Kindesentführung, davon 4 tatsächliche Entführungen, und 2 Fälle "
        "nationaler Kindesentführung, davon 1 tatsächliche Entführung.",
        "unaccompanied_minor": "Außerdem wurden 2 Fälle vermisster unbegleiteter "
        "minderjähriger Ausländer eröffnet, gegenüber 3 im Jahr 2022. Insgesamt wurden 5 Fälle "
        f"bearbeitet, davon 2 neue. Am 31.{NB}Dezember 2023 waren noch 4 Fälle offen: ein "
        "solcher Fall wird erst abgeschlossen, wenn es Neuigkeiten über das Kind gibt.",
    },
}


def release(session, lang, organisation="Child Focus"):
    return build_report(session, YEAR, lang, organisation=organisation, today=TODAY).narrative


@pytest.mark.parametrize("lang", sorted(RELEASES))
def test_the_release_of_the_held_data_set_reads_as_written_by_hand(fixture_session, lang):
    narrative = release(fixture_session, lang)
    expected = RELEASES[lang]
    assert narrative.headline == expected["headline"]
    assert narrative.lead == expected["lead"]
    paragraphs = {p.key: p.text for p in narrative.paragraphs}
    for subject in ("runaway", "parental_abduction", "unaccompanied_minor"):
        assert paragraphs[subject] == expected[subject], subject


def test_the_paragraphs_follow_missing_children_by_volume_then_exploitation_then_figures(
    fixture_session,
):
    keys = [p.key for p in release(fixture_session, "en").paragraphs]
    assert keys == [
        "runaway",
        "parental_abduction",
        "unaccompanied_minor",
        "closings",
        "sexting",
        "figures",
    ]


def story(session, lang="en", **changes):
    """The fixture's release after changing its figures (``cases``' entries, ``series``)."""
    figures = build_report(session, YEAR, lang, today=TODAY).figures
    for code, values in changes.items():
        figures["cases"][code] |= values
    return figures


def write(figures, lang="en", min_base=30, **words):
    editor = replace(EditorWords(YEAR, lang), **words)
    return write_narrative(figures, Texts(lang), "Child Focus", editor, min_base)


def test_a_percentage_is_said_only_on_a_base_of_at_least_the_threshold(fixture_session):
    figures = story(fixture_session)
    assert "30 runaway files, against 24 in 2022" in write(figures).paragraphs[0].text
    lower = write(figures, min_base=20).paragraphs[0].text
    assert "30 runaway files, 25% more than in 2022" in lower


def test_the_headline_is_the_largest_type_when_it_changed_notably(fixture_session):
    figures = story(fixture_session)
    figures["series"]["new"]["runaway"][-2] = 40  # 30 in 2023 against 40 in 2022: -25%
    narrative = write(figures)
    assert narrative.headline == "25% fewer runaway files in 2023"
    assert "The largest group were the 30 runaway files, 25% fewer than in 2022." in narrative.lead


def test_else_a_notable_change_on_a_large_base_makes_the_headline(fixture_session):
    figures = story(fixture_session, sexting={"new": 28})
    figures["series"]["new"]["sexting"][-2] = 40  # 28 against 40: -30%, on a base of 40
    narrative = write(figures)
    assert narrative.headline == "30% fewer non-consensual sexting files in 2023"
    assert narrative.lead.endswith(
        "Compared with 2022, the number of non-consensual sexting files fell by 30%, to 28."
    )


def test_nothing_says_zero_new_or_of_which_zero(fixture_session):
    figures = story(fixture_session, sexting={"new": 0, "handled": 2})
    abductions = figures["cases"]["parental_abduction"]
    abductions["national"] |= {"handled_effective": 0}
    text = " ".join(p.text for p in write(figures).paragraphs)
    assert "Child Focus opened no new non-consensual sexting files, against 5 in 2022." in text
    assert (
        "Child Focus still handled 2 non-consensual sexting files opened in earlier years." in text
    )
    assert "and 2 national abduction files." in text
    assert " 0 " not in text and "of which 0" not in text


def test_the_editor_compares_with_another_year(fixture_session):
    figures = build_report(fixture_session, YEAR, "en", today=TODAY).figures
    figures["compared_with"] = 2021  # 30 runaways against 40 in 2021
    runaways = write(figures).paragraphs[0].text
    assert "30 runaway files, 25% fewer than in 2021" in runaways


@pytest.mark.parametrize(
    ("lang", "day", "week"),
    [
        ("en", "almost three a day", "more than one a week"),
        ("nl", "bijna drie per dag", "meer dan één per week"),
        ("fr", "près de trois par jour", "plus d’un par semaine"),
        ("de", "fast drei pro Tag", "mehr als einer pro Woche"),
    ],
)
def test_rates_are_said_in_words_in_each_language(lang, day, week):
    texts = Texts(lang)
    assert rate_phrase(1000, 2022, texts) == day  # 2.74 a day
    assert rate_phrase(60, 2022, texts) == week  # 1.15 a week
    assert texts.numbers.count(14) in rate_phrase(5000, 2022, texts)  # 13.7 a day: figures


def test_a_figure_recorded_by_hand_is_told_with_its_comparison(fixture_session):
    told = {p.key: p.text for p in release(fixture_session, "nl").paragraphs}["figures"]
    assert told == "Het aantal „Ontvangen oproepen” bedroeg 5.210 in 2023, 9% meer dan in 2022."
    figures = story(fixture_session, "nl")
    sentence = "Het 116 000-nummer kreeg {value} oproepen ({comparison})."
    with_words = write(figures, "nl", sentences={"calls_received": sentence})
    assert with_words.paragraphs[-1].text == (
        "Het 116 000-nummer kreeg 5.210 oproepen (9% meer dan in 2022)."
    )
    figures["manual"][0]["base"] = None
    without_base = write(figures, "nl", sentences={"calls_received": sentence})
    assert without_base.paragraphs[-1].text == "Het 116 000-nummer kreeg 5.210 oproepen."


def test_the_editors_words_take_their_place_in_the_order_given(fixture_session):
    figures = story(fixture_session)
    narrative = write(
        figures,
        order=("quote", "sexting"),
        quote_by="An Peeters",
        quote_role="director",
        quote="Every call counts.",
        context="The year in context.\n\nA second paragraph.",
        prevention="Our new school programme.",
        boilerplate="Child Focus runs 116 000, the European number for missing children.",
        contacts="Press office\n+32 2 475 44 11",
    )
    keys = [p.key for p in narrative.paragraphs]
    assert keys[:3] == ["quote", "sexting", "runaway"]
    assert keys.count("context") == 2 and keys[-1] == "prevention"
    assert narrative.paragraphs[0].source == "An Peeters, director"
    assert narrative.contacts == ("Press office\n+32 2 475 44 11",)


def test_the_sections_of_the_report_end_with_the_appendix_and_the_hotline_is_absent(
    dutch_report,
):
    keys = [s.key for s in dutch_report.sections]
    assert keys == [
        "key_figures",
        "trend",
        "ages",
        "abductions",
        "unaccompanied",
        "closings",
        "manual",
        "appendix",
    ]
    assert "meldpunt" not in str(dutch_report).lower()


def test_the_section_of_figures_recorded_by_hand_is_absent_without_any(dutch_report):
    figures = dict(dutch_report.figures, manual=[])
    assert "manual" not in [s.key for s in build_sections(figures, Texts("nl"), 30)]
    manual = next(s for s in dutch_report.sections if s.key == "manual")
    assert manual.tables[0].rows[0].label == "Ontvangen oproepen"
    assert manual.tables[0].columns == ("Cijfer", "2023", "2022")


def test_the_age_chart_leaves_out_types_with_fewer_new_files_than_the_threshold(dutch_report):
    ages = next(s for s in dutch_report.sections if s.key == "ages")
    assert [c.labels for c in ages.charts] == [("Weglopen",)]  # 30 new; the others fewer
    assert len(ages.tables[0].rows) == 9  # the table has every type


def test_the_german_lead_puts_a_single_new_file_in_the_accusative(fixture_session):
    figures = story(fixture_session, "de")
    figures["totals"] |= {"new": 1, "handled": 1}
    lead = write(figures, "de").lead
    assert lead.startswith("Im Jahr 2023 eröffnete Child Focus 1 neuen Fall")
