import json

import pytest

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_case_work_from_a_terminal(vigil):
    assert vigil("users", "add", "alice", "--name", "Alice Verbeke").exit_code == 0
    opened = vigil("cases", "open", "--type", "runaway", "--first-name", "Lea", "--age", "12")
    assert opened.exit_code == 0, opened.output
    assert "Opened RUN-2024-00001 (worrying)" in opened.output
    for args in (
        ("cases", "note", "RUN-2024-00001", "Mother called back"),
        ("cases", "event", "RUN-2024-00001", "sighting", "Seen at Gent-Sint-Pieters"),
        ("cases", "assign", "RUN-2024-00001", "alice"),
        ("cases", "task", "add", "RUN-2024-00001", "Call the school", "--due", "2024-06-20"),
        ("cases", "person", "RUN-2024-00001", "parent", "--first-name", "Marc"),
        ("cases", "close", "RUN-2024-00001", "--outcome", "returned"),
    ):
        result = vigil(*args)
        assert result.exit_code == 0, (args, result.output)
    shown = vigil("cases", "show", "RUN-2024-00001")
    assert "closed on 2024-06-15: returned" in shown.output
    assert "Seen at Gent-Sint-Pieters" in shown.output and "parent: Marc" in shown.output
    listed = vigil("cases", "list", "--search", "lea")
    assert "RUN-2024-00001" in listed.output and "1 of 1 files shown" in listed.output


def test_a_refused_closing_exits_non_zero_with_the_rule_on_stderr(vigil):
    vigil("cases", "open", "--type", "unaccompanied_minor", "--age", "16")
    result = vigil("cases", "close", "UAM-2024-00001", "--outcome", "transferred")
    assert result.exit_code == 1
    assert "stays open until there is news of the child" in result.stderr
    assert "Closed" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cases", "open", "--type", "runway"), "--type: unknown type 'runway'"),
        (("cases", "show", "RUN-1999-00001"), "there is no file 'RUN-1999-00001'"),
        (("cases", "open", "--type", "runaway", "--birth-date", "2024-13-01"), "--birth-date"),
        (("cases", "open", "--type", "parental_abduction"), "needs its scope"),
        (("stats", "--year", "2999"), "--year 2999 is not a year with figures"),
    ],
)
def test_bad_input_is_named_on_stderr(vigil, args, message):
    vigil("init")
    result = vigil(*args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_commands_on_a_database_that_was_never_created_say_to_run_init(
    monkeypatch, tmp_path, vigil
):
    monkeypatch.setenv("VIGIL_DATABASE_URL", f"sqlite:///{tmp_path}/new.db")
    result = vigil("cases", "list")
    assert result.exit_code == 1
    assert "run `vigil init`" in result.stderr


def test_stats_prints_the_figures_as_json(vigil):
    vigil(
        "cases",
        "open",
        "--type",
        "runaway",
        "--age",
        "15",
        "--opened-at",
        "2023-02-01",
        "--late-reason",
        "entered from the paper register",
    )
    result = vigil("stats", "--year", "2023", "--json")
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert figures["cases"]["runaway"]["new"] == 1
    assert figures["cases"]["runaway"]["age_groups"]["14-17"] == 1
    assert figures["hotline"]["reports"] == 0 and figures["hotline"]["reports_change_pct"] is None
    table = vigil("stats", "--year", "2023")
    assert "runaway" in table.output and "Parental abductions: 0 handled" in table.output
    assert "Hotline: 0 reports" in table.output


def test_the_audit_log_is_listed_as_json_lines_and_its_reading_is_audited(vigil):
    import json

    opened = vigil("cases", "open", "--type", "runaway", "--first-name", "Lea")
    reference = opened.output.split()[1]
    vigil("cases", "show", reference)
    shown = vigil("audit", "show", "--file", reference, "--json")
    assert shown.exit_code == 0, shown.output
    lines = [json.loads(line) for line in shown.output.splitlines()]
    assert [(e["action"], e["reference"]) for e in lines] == [
        ("case.view", reference),  # newest first
        ("case.open", reference),
    ]
    assert all(set(e) == {"at", "actor", "action", "reference", "detail"} for e in lines)
    assert all(e["actor"].startswith("cli:") for e in lines)
    again = vigil("audit", "show", "--action", "audit.view", "--json")
    assert json.loads(again.output.splitlines()[0])["detail"] == f"file {reference}"
