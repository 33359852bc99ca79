"""The match index finds every stored hash within the radius, and nothing else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.hashing import native
from vigil.hashing.index import ExactIndex, HammingIndex, Matches, hashes_from_hex, hex_of

LAYOUTS = {
    "16 keys of 16 bits": None,
    "13 keys of 19-20 bits": [20] * 9 + [19] * 4,
    "10 keys of 20 bits, 56 bits left out": [20] * 10,
    "9 keys of 13 bits": [13] * 9,
}


def random_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**64 - 1, (n, 4), dtype=np.uint64, endpoint=True)


def flip(hashes: np.ndarray, rng: np.random.Generator, bits: int) -> np.ndarray:
    """Copies of ``hashes`` with ``bits`` random bits flipped in each."""
    out = hashes.copy()
    for row in out:
        for bit in rng.choice(256, bits, replace=False):
            row[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return out


def brute_force(stored: np.ndarray, queries: np.ndarray, radius: int) -> set[tuple[int, int, int]]:
    q, r, d = native._numpy_flat(stored, queries, radius)
    return set(zip(q.tolist(), r.tolist(), d.tolist(), strict=True))


def as_set(matches: Matches) -> set[tuple[int, int, int]]:
    rows = zip(matches.query.tolist(), matches.row.tolist(), matches.distance.tolist(), strict=True)
    return set(rows)


def queries_around(stored: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Near duplicates at every distance from 0 to 40, plus unrelated hashes."""
    picked = stored[rng.integers(0, len(stored), 41)]
    near = np.concatenate([flip(picked[d : d + 1], rng, d) for d in range(41)])
    return np.concatenate([near, random_hashes(rng, 20)])


@pytest.mark.parametrize("lengths", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("radius", [0, 1, 15, 31, 40, 120])
def test_recall_is_exactly_that_of_brute_force(lengths: list[int] | None, radius: int) -> None:
    rng = np.random.default_rng(radius)
    stored = random_hashes(rng, 5000)
    queries = queries_around(stored, rng)
    found = HammingIndex.build(stored, lengths).search(queries, radius)
    assert as_set(found) == brute_force(stored, queries, radius)
    assert len(found) == len(as_set(found)), "a match was reported twice"


@pytest.mark.parametrize("lengths", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_hashes_given_in_storage_order_need_no_table_of_row_numbers(
    lengths: list[int] | None,
) -> None:
    rng = np.random.default_rng(5)
    stored = random_hashes(rng, 5000)
    in_order = stored[HammingIndex.storage_order(stored, lengths)]
    given, ordered = HammingIndex.build(stored, lengths), HammingIndex.build(in_order, lengths)
    assert given.nbytes - ordered.nbytes == 3 * 5000
    queries = queries_around(stored, rng)
    assert as_set(ordered.search(queries, 31)) == brute_force(in_order, queries, 31)


def test_positions_of_four_bytes_find_the_same_as_of_three() -> None:
    rng = np.random.default_rng(6)
    stored = random_hashes(rng, 3000)
    tables = native.build_tables(stored, native.layout_for([16] * 16, 4))
    queries = queries_around(stored, rng)
    found = HammingIndex([16] * 16, tables).search(queries, 31)
    assert as_set(found) == brute_force(stored, queries, 31)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), bits=st.integers(0, 31))
def test_a_hash_within_31_bits_is_always_found(seed: int, bits: int) -> None:
    rng = np.random.default_rng(seed)
    stored = random_hashes(rng, 300)
    query = flip(stored[7:8], rng, bits)
    found = HammingIndex.build(stored).search(query, 31)
    assert (0, 7, bits) in as_set(found)


def test_a_family_of_thousands_of_identical_hashes_is_returned_whole() -> None:
    rng = np.random.default_rng(1)
    family = np.repeat(random_hashes(rng, 1), 70_000, axis=0)
    stored = np.concatenate([family, random_hashes(rng, 1000)])
    found = HammingIndex.build(stored).search(flip(family[:3], rng, 5), 31)
    assert len(found) == 3 * 70_000


def test_the_compiled_kernel_and_numpy_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    stored = random_hashes(rng, 3000)
    queries = queries_around(stored, rng)
    compiled = as_set(HammingIndex.build(stored).search(queries, 31))
    monkeypatch.setattr(native, "kernels", None)
    assert as_set(HammingIndex.build(stored).search(queries, 31)) == compiled


def test_numpy_sorts_and_builds_the_same_tables_as_the_compiled_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = random_hashes(np.random.default_rng(12), 3000)
    layout = native.layout_for([16] * 16, 3)
    order = native.storage_order(stored, layout)
    compiled = (native.build_tables(stored, layout), native.build_tables(stored[order], layout))
    monkeypatch.setattr(native, "kernels", None)
    assert np.array_equal(native.storage_order(stored, layout), order)
    by_numpy = (native.build_tables(stored, layout), native.build_tables(stored[order], layout))
    for ours, theirs in zip(compiled, by_numpy, strict=True):
        for name in ("main", "order", "offsets", "ids"):
            assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name
    assert compiled[1].order.size == 0


def test_additions_are_found_before_and_after_compaction() -> None:
    rng = np.random.default_rng(3)
    stored, added = random_hashes(rng, 2000), random_hashes(rng, 10)
    index = HammingIndex.build(stored)
    index.add(added)
    assert (0, 2004, 0) in as_set(index.search(added[4:5], 31))
    index.compact()
    assert (0, 2004, 0) in as_set(index.search(added[4:5], 31))
    assert np.array_equal(index.hashes(np.array([2004, 3])), np.stack([added[4], stored[3]]))


def test_removed_rows_are_never_reported_and_keep_their_numbers_through_compaction() -> None:
    rng = np.random.default_rng(7)
    stored, added = random_hashes(rng, 3000), random_hashes(rng, 20)
    index = HammingIndex.build(stored)
    index.add(added)
    gone = [5, 17, 3003]
    index.remove(gone)
    everything = np.concatenate([stored, added])
    queries = np.concatenate([queries_around(stored, rng), flip(added, rng, 3)])
    expected = {m for m in brute_force(everything, queries, 31) if m[1] not in gone}
    assert as_set(index.search(queries, 31)) == expected
    assert (len(index), index.removed, index.pending) == (3017, 3, 20)
    index.compact()
    assert as_set(index.search(queries, 31)) == expected
    assert (len(index), index.removed, index.pending, index.rows) == (3017, 0, 0, 3020)


def test_removing_a_row_again_after_compaction_changes_nothing() -> None:
    index = HammingIndex.build(random_hashes(np.random.default_rng(11), 100))
    index.remove([5])
    index.compact()
    index.remove([5, 6])
    assert (len(index), index.removed, index.rows) == (98, 1, 100)
    index.compact()
    assert (len(index), index.removed) == (98, 0)


def test_removing_a_row_that_was_never_given_is_refused() -> None:
    index = HammingIndex.build(random_hashes(np.random.default_rng(8), 10))
    with pytest.raises(ValueError, match="row numbers go from 0 to 9"):
        index.remove([10])


def test_an_index_saved_elsewhere_links_its_unchanged_tables(tmp_path: Path) -> None:
    rng = np.random.default_rng(9)
    HammingIndex.build(random_hashes(rng, 2000)).save(tmp_path / "v1")
    index = HammingIndex.load(tmp_path / "v1")
    index.add(random_hashes(rng, 3))
    index.remove([0])
    index.save(tmp_path / "v2")
    v1, v2 = (tmp_path / name / "ids.npy" for name in ("v1", "v2"))
    assert v2.stat().st_ino == v1.stat().st_ino
    again = HammingIndex.load(tmp_path / "v2")
    assert (len(again), again.removed, again.pending) == (2002, 1, 3)


def test_a_saved_index_loads_memory_mapped_and_answers_the_same(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    stored = random_hashes(rng, 4000)
    index = HammingIndex.build(stored)
    index.add(random_hashes(rng, 5))
    index.save(tmp_path / "list")
    loaded = HammingIndex.load(tmp_path / "list")
    queries = queries_around(stored, rng)
    assert as_set(loaded.search(queries, 31)) == as_set(index.search(queries, 31))
    assert len(loaded) == 4005


def test_loading_a_folder_without_an_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="holds no Vigil index"):
        HammingIndex.load(tmp_path)


def test_hex_round_trips_through_the_byte_layout() -> None:
    values = ["0123456789abcdef" * 4, "f" * 64]
    assert hex_of(hashes_from_hex(values)) == values


def test_exact_lookup_finds_every_equal_hash_and_nothing_else() -> None:
    stored = ["aa" * 16, "bb" * 16, "aa" * 16, "cc" * 16]
    found = ExactIndex.build(stored).search(["aa" * 16, "dd" * 16, "cc" * 16])
    assert sorted(zip(found.query.tolist(), found.row.tolist(), strict=True)) == [
        (0, 0),
        (0, 2),
        (2, 3),
    ]


def test_an_exact_index_saves_and_loads(tmp_path: Path) -> None:
    index = ExactIndex.build(["01" * 20, "02" * 20])
    index.save(tmp_path)
    found = ExactIndex.load(tmp_path).search(["02" * 20])
    assert found.row.tolist() == [1]


HEX16 = st.binary(min_size=16, max_size=16).map(bytes.hex)
FEW = st.sampled_from([f"{i:032x}" for i in range(6)])  # so that duplicates come up


@settings(max_examples=60, deadline=None)
@given(
    stored=st.lists(FEW | HEX16, min_size=1, max_size=40),
    added=st.lists(FEW | HEX16, max_size=10),
    data=st.data(),
)
def test_a_changed_exact_index_is_the_index_built_from_what_it_holds(
    stored: list[str], added: list[str], data: st.DataObject
) -> None:
    """Removing rows and adding hashes gives the arrays a build of the rows kept and the
    hashes added would give (duplicates included), and each kept row's old number."""
    removed = data.draw(st.sets(st.integers(0, len(stored) - 1)))
    kept_rows = [i for i in range(len(stored)) if i not in removed]

    changed, kept = ExactIndex.build(stored).changed(np.array(sorted(removed), np.int64), added)

    assert kept.tolist() == kept_rows
    holds = [stored[i] for i in kept_rows] + added
    if not holds:
        assert len(changed) == 0
        return
    expected = ExactIndex.build(holds)
    assert np.array_equal(changed._values, expected._values)
    assert np.array_equal(changed._order, expected._order)
