import pytest

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_import_then_export_from_the_command_line(vigil, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text(
        "reference,type,opened_at,closed_at,outcome,child_age\n"
        "X-1,runaway,2023-01-01,2023-01-02,found,15\n"
        "X-2,grooming,2023-03-01,,,13\n",
        encoding="utf-8",
    )
    assert vigil("init").exit_code == 0
    result = vigil("import", "cases", str(source))
    assert result.exit_code == 0, result.output
    assert "2 new files, 0 updated" in result.output
    again = vigil("import", "cases", str(source))
    assert "0 new files, 2 updated" in again.output
    out = tmp_path / "out.jsonl"
    assert "Exported 2 files" in vigil("export", "cases", str(out)).output
    assert out.read_text(encoding="utf-8").count("\n") == 2


def test_a_bad_file_is_refused_with_file_line_and_column(vigil, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(
        "reference,type,opened_at,closed_at,outcome\nX-1,runaway,2023-01-05,2023-01-02,found\n",
        encoding="utf-8",
    )
    vigil("init")
    result = vigil("import", "cases", str(source))
    assert result.exit_code == 1
    assert f"{source}, line 2, column closed_at" in result.stderr.replace("\n", "")
    assert "0 of 0 files" in vigil("cases", "list").output
