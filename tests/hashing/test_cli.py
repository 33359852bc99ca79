"""`vigil hash`, `vigil match` and `vigil lists`, run as a person would."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PIL import Image

from tests.cli_runner import Invoke
from tests.hashing.pictures import encode, jpeg, on_white, scene, transparent
from vigil.hashing.signals import RECORD_KEYS


def folder_of_files(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    (root / "inner").mkdir(parents=True)
    (root / "a.jpg").write_bytes(jpeg(320, 240, seed=50))
    (root / "inner" / "b.png").write_bytes(encode(scene(200, 150, seed=51)))
    return root


def records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_hash_writes_one_json_line_per_file_and_exits_zero(vigil: Invoke, tmp_path: Path) -> None:
    result = vigil("hash", str(folder_of_files(tmp_path)), "--jobs", "2")
    assert result.exit_code == 0, result.output
    found = records(result.stdout)
    assert [Path(str(r["path"])).name for r in found] == ["a.jpg", "b.png"]
    assert all(tuple(r) == RECORD_KEYS and r["error"] is None for r in found)
    assert found[0]["width"] == 320


def test_bad_files_are_reported_and_the_batch_goes_on(vigil: Invoke, tmp_path: Path) -> None:
    root = folder_of_files(tmp_path)
    (root / "empty.jpg").write_bytes(b"")
    (root / "notes.txt").write_text("not a picture", encoding="utf-8")
    result = vigil("hash", str(root), str(tmp_path / "missing.jpg"), "--jobs", "1")
    assert result.exit_code == 1
    errors = {Path(str(r["path"])).name: r["error"] for r in records(result.stdout)}
    assert errors["a.jpg"] is None and errors["b.png"] is None
    assert "empty" in str(errors["empty.jpg"]) and "not an image" in str(errors["notes.txt"])
    assert "cannot read" in str(errors["missing.jpg"])
    assert "3 file(s) could not be hashed" in result.stderr


def test_hash_writes_csv_with_a_header(vigil: Invoke, tmp_path: Path) -> None:
    result = vigil("hash", str(folder_of_files(tmp_path)), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == RECORD_KEYS and len(rows) == 2


def test_lists_import_show_export_and_switch(vigil: Invoke, tmp_path: Path) -> None:
    first = tmp_path / "v1.txt"
    first.write_text("a" * 64 + "\n" + "b" * 64 + "\n", encoding="utf-8")
    second = tmp_path / "v2.txt"
    second.write_text("b" * 64 + "\n" + "c" * 64 + "\n", encoding="utf-8")
    assert "2 added" in vigil("lists", "import", "known", str(first), "--threshold", "20").stdout
    assert "1 added, 1 removed" in vigil("lists", "import", "known", str(second)).stdout
    assert "known" in vigil("lists", "show").stdout
    assert "v2.txt" in vigil("lists", "show", "known").stdout
    exported = vigil("lists", "export", "known", "--format", "signal-lines").stdout
    assert exported.splitlines() == ["pdq " + "b" * 64, "pdq " + "c" * 64]
    assert vigil("lists", "disable", "known").exit_code == 0
    assert "disabled" in vigil("lists", "show", "known").stdout
    assert vigil("lists", "enable", "known").exit_code == 0


def test_a_bad_list_file_is_refused_with_its_line_number(vigil: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("a" * 64 + "\n" + "a" * 63 + "\n", encoding="utf-8")
    result = vigil("lists", "import", "known", str(bad))
    assert result.exit_code == 1
    assert "bad.txt, line 2: a pdq hash has 64 hex characters, this one has 63" in result.stderr


def test_match_finds_a_listed_picture_its_mirror_and_a_picture_listed_as_seen(
    vigil: Invoke, tmp_path: Path
) -> None:
    root = folder_of_files(tmp_path)
    listed = records(vigil("hash", str(root / "a.jpg")).stdout)[0]
    mirrored = Image.open(root / "a.jpg").transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    (root / "mirror.png").write_bytes(encode(mirrored))
    clear = transparent(seed=52)
    (root / "clear.png").write_bytes(encode(clear))
    (root / "white.png").write_bytes(encode(on_white(clear)))
    seen = records(vigil("hash", str(root / "white.png")).stdout)[0]
    known = tmp_path / "known.csv"
    known.write_text(
        f"hash,label\n{listed['pdq']},series 7\n{seen['pdq']},series 8\n", encoding="utf-8"
    )
    vigil("lists", "import", "known", str(known))
    result = vigil("match", str(root), "--list", "known")
    assert result.exit_code == 0, result.output
    by_name = {Path(str(r["path"])).name: r["matches"] for r in records(result.stdout)}
    assert by_name["b.png"] == []
    assert by_name["a.jpg"][0] | {} == {
        "list": "known",
        "hash": listed["pdq"],
        "distance": 0,
        "label": "series 7",
        "dihedral": None,
        "as_seen": False,
    }
    assert by_name["mirror.png"][0]["dihedral"] == "flipy"
    assert [(m["label"], m["as_seen"]) for m in by_name["clear.png"]] == [("series 8", True)]


def test_matching_an_unknown_list_says_which_exist(vigil: Invoke, tmp_path: Path) -> None:
    result = vigil("match", str(folder_of_files(tmp_path)), "--list", "nope")
    assert result.exit_code == 1 and "no hash list 'nope'" in result.stderr
