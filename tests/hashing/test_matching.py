"""Matching a file's variants: a listed picture is found however partners hashed it,
and each match says through which variant."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tests.hashing.pictures import encode, on_white, scene, transparent
from tests.hashing.reference import reference_pdq_of_rgb
from vigil.hashing.formats import ListEntry
from vigil.hashing.matching import LoadedList, Match, match_files
from vigil.hashing.signals import AsSeen, FileHashes, HashOptions, Signal, distance, hash_bytes


def pdq_list(*hashes: str) -> LoadedList:
    entries = [ListEntry(h, Signal.PDQ, f"entry {i}") for i, h in enumerate(hashes)]
    return LoadedList.from_entries("known", Signal.PDQ, 31, entries)


def seen_on_white(picture: Image.Image) -> str:
    return reference_pdq_of_rgb(np.asarray(on_white(picture)))[0]


def test_a_picture_listed_as_seen_on_white_is_matched_and_the_match_says_so() -> None:
    picture = transparent(seed=60)
    listed = seen_on_white(picture)
    result = hash_bytes(encode(picture))
    assert distance(result.pdq or "", listed) > 31  # partners' hash alone would miss it
    [match] = match_files([result], [pdq_list(listed)], min_quality=50)[0]
    assert (match.hash, match.variant, match.as_seen) == (listed, None, True)
    assert match.distance <= 2
    assert match.as_record()["as_seen"] is True


def test_a_turned_copy_of_a_picture_listed_as_seen_is_matched_through_both_variants() -> None:
    picture = transparent(320, 384, seed=61)
    listed = seen_on_white(picture)
    turned = hash_bytes(
        encode(picture.transpose(Image.Transpose.ROTATE_90)), options=HashOptions(dihedral=True)
    )
    [match] = match_files([turned], [pdq_list(listed)], min_quality=50)[0]
    assert (match.variant, match.as_seen) == ("rotate270", True)


def test_a_picture_listed_as_partners_hash_it_matches_without_as_seen() -> None:
    picture = transparent(seed=62)
    result = hash_bytes(encode(picture), options=HashOptions(dihedral=True))
    assert result.as_seen is not None and result.pdq is not None
    both = pdq_list(result.pdq, result.as_seen.pdq)
    matches = match_files([result], [both], min_quality=50)[0]
    assert {(m.hash, m.distance, m.variant, m.as_seen) for m in matches} == {
        (result.pdq, 0, None, False),
        (result.as_seen.pdq, 0, None, True),
    }


def test_a_16_bit_picture_too_white_for_partners_is_matched_as_seen() -> None:
    eight_bit = scene(320, 240, seed=63).convert("L")
    wide = Image.fromarray(np.asarray(eight_bit).astype(np.uint16) * 257)
    result = hash_bytes(encode(wide))
    assert result.low_quality(50)  # clipped to white, as partners' tools do
    listed = reference_pdq_of_rgb(np.asarray(eight_bit.convert("RGB")))[0]
    [match] = match_files([result], [pdq_list(listed)], min_quality=50)[0]
    assert match.as_seen and match.distance <= 2


def test_an_as_seen_hash_under_the_minimum_quality_is_not_matched() -> None:
    flat = Image.new("RGBA", (200, 200), (40, 90, 160, 255))
    flat.putalpha(Image.fromarray(np.tile(np.arange(200, dtype=np.uint8), (200, 1))))
    result = hash_bytes(encode(flat))
    assert result.as_seen is not None and result.as_seen.quality < 50
    assert match_files([result], [pdq_list(result.as_seen.pdq)], min_quality=50) == [[]]


def test_a_match_record_names_its_variants() -> None:
    match = Match("known", "ab" * 32, 3, "series 1", "flipx", as_seen=True)
    assert match.as_record() == {
        "list": "known",
        "hash": "ab" * 32,
        "distance": 3,
        "label": "series 1",
        "dihedral": "flipx",
        "as_seen": True,
    }


def test_the_closest_variant_wins_and_at_a_tie_the_partners_hash() -> None:
    partners, seen = "0" * 64, "0" * 63 + "3"
    file = FileHashes(path="x", pdq=partners, quality=90, as_seen=AsSeen(seen, 90))
    tie, nearer_seen = "0" * 63 + "1", "0" * 62 + "13"
    matches = match_files([file], [pdq_list(tie, nearer_seen)], min_quality=50)[0]
    assert [(m.hash, m.distance, m.as_seen) for m in matches] == [
        (tie, 1, False),
        (nearer_seen, 1, True),
    ]
