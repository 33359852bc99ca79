import json

import pytest

from tests.reports.fixture import YEAR

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_report_goes_to_standard_output_or_to_the_file_named(fixture_session, vigil, tmp_path):
    shown = vigil("report", str(YEAR), "--lang", "nl", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["lang"] == "nl"
    path = tmp_path / "jaarverslag.html"
    written = vigil("report", str(YEAR), "--lang", "nl", "-o", str(path))
    assert written.exit_code == 0, written.output
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_organisation_named_writes_the_press_release(fixture_session, vigil):
    shown = vigil("report", str(YEAR), "--format", "md", "--organisation", "Child Focus")
    lead = "In 2023, Child Focus opened 43 new files, 10% more than in 2022, and handled 48 files"
    assert lead in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2024"], "2024 is not over yet, so its figures are not final"),
        (["2031"], "2031 is in the future; the latest year with a report is 2023"),
        (["2019"], "no file was open in 2019, so there is no report to write (files were opened"),
        (["2023", "--lang", "es"], "no language 'es'; use one of en, nl, fr, de"),
        (
            ["2023", "--format", "docx"],
            "no report format 'docx'; use one of html, pdf, md, json, csv",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_a_non_zero_exit(fixture_session, vigil, args, message):
    result = vigil("report", *args)
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_an_empty_database_has_no_report(vigil):
    result = vigil("report", "2022")
    assert result.exit_code == 1
    assert "the database is empty" in result.stderr


def test_figures_are_set_listed_and_unset_by_hand(vigil):
    set_ = vigil("figures", "set", "2023", "trainings", "42", "--label", "Trainings given",
                 "--label-nl", "Gegeven opleidingen")  # fmt: skip
    assert set_.exit_code == 0, set_.output
    listed = vigil("figures", "list", "2023")
    assert "trainings" in listed.stdout and "nl: Gegeven opleidingen" in listed.stdout
    assert vigil("figures", "unset", "2023", "trainings").exit_code == 0
    assert "No figures are recorded for 2023" in vigil("figures", "list", "2023").stdout
    missing = vigil("figures", "unset", "2023", "trainings")
    assert missing.exit_code == 1 and "no figure 'trainings'" in missing.stderr


def test_a_figure_needs_a_label_and_a_usable_key(vigil):
    assert vigil("figures", "set", "2023", "calls", "5").exit_code == 2  # --label is required
    bad = vigil("figures", "set", "2023", "Calls!", "5", "--label", "Calls")
    assert bad.exit_code == 1 and "key 'Calls!' is not usable" in bad.stderr


def test_the_organisation_comes_from_the_setting_unless_given(fixture_session, vigil, monkeypatch):
    monkeypatch.setenv("VIGIL_ORGANISATION", "Child Focus")
    named = vigil("report", str(YEAR), "--lang", "nl", "--format", "json")
    assert json.loads(named.stdout)["organisation"] == "Child Focus"
    given = vigil("report", str(YEAR), "--format", "json", "--organisation", "Missing Children")
    assert json.loads(given.stdout)["organisation"] == "Missing Children"


def test_the_editor_gives_the_release_its_words_on_the_command_line(
    fixture_session, vigil, tmp_path
):
    context = tmp_path / "context.txt"
    context.write_text("Een eerste alinea.\n\nEen tweede alinea.\n", encoding="utf-8")
    edited = vigil(
        "report", "edit", str(YEAR), "--lang", "nl", "--published", "2024-03-12",
        "--order", "context", "--context", f"@{context}",
        "--sentence", "calls_received=Het 116 000-nummer kreeg {value} oproepen, {comparison}.",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert "Een eerste alinea." in edited.stdout
    shown = json.loads(vigil("report", str(YEAR), "--lang", "nl", "--format", "json").stdout)
    paragraphs = shown["narrative"]["paragraphs"]
    assert [p["text"] for p in paragraphs[:2]] == ["Een eerste alinea.", "Een tweede alinea."]
    told = "Het 116 000-nummer kreeg 5.210 oproepen, 9% meer dan in 2022."
    assert paragraphs[-1] == {"subject": "figures", "text": told}
    assert shown["published"] == "2024-03-12"
    english = json.loads(vigil("report", str(YEAR), "--format", "json").stdout)
    assert all(
        p["subject"] != "context" for p in english["narrative"]["paragraphs"]
    )  # per language


def test_words_that_cannot_tell_a_figure_are_refused(vigil):
    refused = vigil("report", "edit", "2023", "--sentence", "calls=We took {calls} calls.")
    assert refused.exit_code == 1
    assert "the sentence for calls has {calls}, which is not a placeholder" in refused.stderr


def test_the_command_line_speaks_the_language_of_the_setting(fixture_session, vigil, monkeypatch):
    monkeypatch.setenv("VIGIL_LANGUAGE", "fr")
    refused = vigil("report", "2031")
    assert "2031 est dans le futur" in " ".join(refused.stderr.split())
    shown = vigil("report", str(YEAR), "--format", "json")
    assert json.loads(shown.stdout)["lang"] == "fr"
