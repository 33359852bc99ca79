"""The Python example of docs/hashing.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

from tests.hashing.pictures import jpeg
from vigil.hashing.signals import hash_bytes

DOC = Path(__file__).parents[2] / "docs" / "hashing.md"


def test_the_python_example_in_the_docs_runs(tmp_path: Path, capsys: object) -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    picture = jpeg(320, 240, seed=60)
    list_path = tmp_path / "known.csv"
    list_path.write_text(f"hash,label\n{hash_bytes(picture).pdq},series 9\n", encoding="utf-8")
    scope = {"picture_bytes": picture, "list_path": list_path, "index_folder": tmp_path / "ix"}
    exec(compile(code.group(1), str(DOC), "exec"), scope)
    assert scope["matches"][0].label == "series 9"
