"""Hash lists in the database: versions, thresholds, switches, and matching from them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from tests.hashing.pictures import encode, scene
from vigil.errors import ImportFileError, InputError, NotFound
from vigil.hashing import native, service
from vigil.hashing.index import ExactIndex, HammingIndex, hashes_from_hex, hex_of
from vigil.hashing.matching import LoadedList, match_files
from vigil.hashing.signals import HashOptions, Signal, hash_bytes

A, B, C = ("a" * 64, "b" * 64, "c" * 64)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_a_new_version_records_what_was_added_and_removed(session: Session, tmp_path: Path) -> None:
    first = service.import_list(session, name="known", path=write(tmp_path, "v1.txt", A, B))
    second = service.import_list(session, name="known", path=write(tmp_path, "v2.txt", B, C))
    assert (first.added, first.removed, first.created) == (2, 0, True)
    assert (second.version, second.added, second.removed, second.total) == (2, 1, 1, 2)
    assert service.changes(session, "known", 2) == ([C], [A])
    assert [e.hash for e in service.export_entries(session, "known")] == [B, C]


def test_a_pdq_list_gets_the_default_threshold_and_an_md5_list_zero(
    session: Session, tmp_path: Path
) -> None:
    service.import_list(session, name="p", path=write(tmp_path, "p.txt", A), default_threshold=25)
    service.import_list(session, name="m", path=write(tmp_path, "m.txt", "d" * 32))
    assert service.get_list(session, "p").threshold == 25
    assert (service.get_list(session, "m").signal, service.get_list(session, "m").threshold) == (
        "md5",
        0,
    )


def test_a_hash_of_another_signal_is_refused_with_its_line(
    session: Session, tmp_path: Path
) -> None:
    service.import_list(session, name="p", path=write(tmp_path, "p.txt", A))
    with pytest.raises(ImportFileError, match=r"line 2: a md5 hash cannot go into the pdq list"):
        service.import_list(
            session,
            name="p",
            path=write(tmp_path, "bad.txt", "pdq " + B, "md5 " + "d" * 32),
        )


def test_an_exact_list_cannot_have_a_distance_threshold(session: Session, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="matches equal hashes only"):
        service.import_list(session, name="m", path=write(tmp_path, "m.txt", "d" * 32), threshold=5)


def test_an_unknown_list_names_those_that_exist(session: Session, tmp_path: Path) -> None:
    service.import_list(session, name="known", path=write(tmp_path, "k.txt", A))
    with pytest.raises(NotFound, match="the lists are: known"):
        service.get_list(session, "other")


def test_a_disabled_list_is_not_loaded_unless_named(session: Session, tmp_path: Path) -> None:
    service.import_list(session, name="on", path=write(tmp_path, "1.txt", A))
    service.import_list(session, name="off", path=write(tmp_path, "2.txt", B))
    service.set_enabled(session, "off", False)
    assert [x.name for x in service.load_lists(session, tmp_path / "idx")] == ["on"]
    with pytest.raises(InputError, match="vigil lists enable off"):
        service.load_lists(session, tmp_path / "idx", ["off"])


def test_files_match_a_stored_list_through_its_saved_index(
    session: Session, tmp_path: Path
) -> None:
    picture = encode(scene(320, 240, seed=40), "JPEG", quality=90)
    known = hash_bytes(picture)
    service.import_list(
        session, name="series", path=write(tmp_path, "s.csv", "hash,label", f"{known.pdq},series 1")
    )
    service.import_list(session, name="exact", path=write(tmp_path, "e.txt", known.md5 or ""))
    lists = service.load_lists(session, tmp_path / "idx")
    again = service.load_lists(session, tmp_path / "idx")  # from the saved index this time
    assert len(again) == 2
    turned = hash_bytes(
        encode(scene(320, 240, seed=40).rotate(90, expand=True)), options=HashOptions(dihedral=True)
    )
    found = match_files([known, turned], lists, min_quality=50)
    assert {(m.list, m.distance, m.label) for m in found[0]} == {
        ("exact", 0, ""),
        ("series", 0, "series 1"),
    }
    # the file turned by 270 degrees matches: the variant says how the file was turned
    assert [(m.list, m.variant) for m in found[1]] == [("series", "rotate270")]
    assert Signal.PDQ.value == "pdq"


def random_pdq(rng: np.random.Generator, n: int) -> list[str]:
    return hex_of(rng.integers(0, 256, (n, 32), dtype=np.uint8))


def found_hashes(loaded: LoadedList, queries: list[str]) -> set[tuple[int, str]]:
    result = loaded.index.search(hashes_from_hex(queries), loaded.threshold)
    assert isinstance(loaded.index, HammingIndex)
    described = loaded.describe(result.row)
    return {(q, h) for q, (h, _) in zip(result.query.tolist(), described, strict=True)}


def brute_force(stored: list[str], queries: list[str], radius: int) -> set[tuple[int, str]]:
    words = hashes_from_hex(stored).view(np.uint64)
    q, r, _ = native._numpy_flat(words, hashes_from_hex(queries).view(np.uint64), radius)
    return {(qi, stored[ri]) for qi, ri in zip(q.tolist(), r.tolist(), strict=True)}


def near(hashes: list[str], rng: np.random.Generator, bits: int) -> list[str]:
    """Each hash with ``bits`` of its bits flipped."""
    raw = hashes_from_hex(hashes).copy()
    for row in raw:
        for bit in rng.choice(256, bits, replace=False):
            row[bit // 8] ^= np.uint8(1 << (bit % 8))
    return hex_of(raw)


def test_a_new_version_updates_the_saved_index_and_finds_what_it_added_not_what_it_removed(
    session: Session, tmp_path: Path
) -> None:
    rng = np.random.default_rng(10)
    first, extra = random_pdq(rng, 3000), random_pdq(rng, 40)
    service.import_list(session, name="known", path=write(tmp_path, "v1.txt", *first))
    service.load_lists(session, tmp_path / "idx")
    second = first[30:] + extra  # 30 removed, 40 added
    service.import_list(session, name="known", path=write(tmp_path, "v2.txt", *second))
    [loaded] = service.load_lists(session, tmp_path / "idx")
    queries = near(first[:30] + extra, rng, 12) + near(first[30:200], rng, 25)
    assert found_hashes(loaded, queries) == brute_force(second, queries, 31)
    assert not found_hashes(loaded, first[:30])
    number = service.get_list(session, "known").id
    v1, v2 = (tmp_path / "idx" / f"list-{number}-v{n}" for n in (1, 2))
    assert (v2 / "main.npy").stat().st_ino == (v1 / "main.npy").stat().st_ino, "rebuilt"


def test_a_version_that_removes_many_hashes_is_rebuilt_and_still_exact(
    session: Session, tmp_path: Path
) -> None:
    rng = np.random.default_rng(11)
    first = random_pdq(rng, 1000)
    service.import_list(session, name="known", path=write(tmp_path, "v1.txt", *first))
    service.load_lists(session, tmp_path / "idx")
    second = first[500:] + random_pdq(rng, 10)
    service.import_list(session, name="known", path=write(tmp_path, "v2.txt", *second))
    [loaded] = service.load_lists(session, tmp_path / "idx")
    queries = near(first, rng, 20)
    assert found_hashes(loaded, queries) == brute_force(second, queries, 31)
    number = service.get_list(session, "known").id
    v1, v2 = (tmp_path / "idx" / f"list-{number}-v{n}" for n in (1, 2))
    assert (v2 / "main.npy").stat().st_ino != (v1 / "main.npy").stat().st_ino
    assert isinstance(loaded.index, HammingIndex) and loaded.index.removed == 0


def test_an_index_of_an_older_format_is_rebuilt(session: Session, tmp_path: Path) -> None:
    rng = np.random.default_rng(12)
    hashes = random_pdq(rng, 50)
    service.import_list(session, name="known", path=write(tmp_path, "v1.txt", *hashes))
    service.load_lists(session, tmp_path / "idx")
    number = service.get_list(session, "known").id
    meta = tmp_path / "idx" / f"list-{number}-v1" / "index.json"
    meta.write_text(meta.read_text().replace('"format": 2', '"format": 1'))
    [loaded] = service.load_lists(session, tmp_path / "idx")
    assert found_hashes(loaded, hashes[:3]) == {(i, h) for i, h in enumerate(hashes[:3])}


def test_a_new_version_of_an_md5_list_is_merged_into_its_index_not_rebuilt(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(13)
    first = [bytes(rng.integers(0, 256, 16, dtype=np.uint8)).hex() for _ in range(500)]
    extra = [bytes(rng.integers(0, 256, 16, dtype=np.uint8)).hex() for _ in range(20)]
    service.import_list(session, name="md5s", path=write(tmp_path, "v1.txt", *first))
    service.load_lists(session, tmp_path / "idx")
    second = first[50:] + extra  # 50 removed, 20 added
    service.import_list(session, name="md5s", path=write(tmp_path, "v2.txt", *second))

    def no_rebuild(*args: object) -> None:
        raise AssertionError("the index was rebuilt from every entry")

    monkeypatch.setattr(service, "_build_index", no_rebuild)
    [loaded] = service.load_lists(session, tmp_path / "idx")

    queries = first[:60] + extra + ["0" * 32]
    assert isinstance(loaded.index, ExactIndex)
    result = loaded.index.search(queries)
    described = loaded.describe(result.row)
    found = {queries[q]: h for q, (h, _) in zip(result.query.tolist(), described, strict=True)}
    assert set(found) == set(first[50:60] + extra)  # not the removed ones, nor the unknown
    assert all(query == hash_ for query, hash_ in found.items())
