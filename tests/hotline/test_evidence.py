"""The evidence store's crypto: what is sealed opens only with its key, for its item,
unaltered."""

from __future__ import annotations

import base64
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil import settings as vigil_settings
from vigil.errors import EvidenceError, SettingsError
from vigil.hotline.evidence import NONCE_BYTES, TAG_BYTES, VERSION, key_of, seal, unseal

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
item_ids = st.integers(0, 2**63 - 1)


@settings(max_examples=200)
@given(data=st.binary(max_size=4096), item_id=item_ids)
def test_what_is_sealed_opens_as_it_was(data: bytes, item_id: int) -> None:
    sealed = seal(KEY, item_id, data)
    assert unseal(KEY, item_id, sealed) == data
    assert len(sealed) == 1 + NONCE_BYTES + len(data) + TAG_BYTES
    assert sealed[0] == VERSION


@given(data=st.binary(min_size=16, max_size=256))
def test_the_clear_bytes_are_not_in_the_sealed_copy(data: bytes) -> None:
    assert data not in seal(KEY, 1, data)


def test_two_seals_of_the_same_bytes_differ_in_nonce_and_ciphertext() -> None:
    first, second = seal(KEY, 7, b"the same picture"), seal(KEY, 7, b"the same picture")
    assert first[1 : 1 + NONCE_BYTES] != second[1 : 1 + NONCE_BYTES]
    assert first[1 + NONCE_BYTES :] != second[1 + NONCE_BYTES :]


@given(item_id=item_ids, other=item_ids)
def test_a_copy_moved_to_another_item_does_not_open(item_id: int, other: int) -> None:
    if item_id == other:
        other = (other + 1) % 2**63
    sealed = seal(KEY, item_id, b"picture bytes")
    with pytest.raises(EvidenceError, match=f"item {other} does not open"):
        unseal(KEY, other, sealed)


def test_a_copy_does_not_open_with_another_key() -> None:
    sealed = seal(KEY, 3, b"picture bytes")
    with pytest.raises(EvidenceError, match="another key than VIGIL_EVIDENCE_KEY"):
        unseal(OTHER_KEY, 3, sealed)


@given(data=st.binary(max_size=64), position=st.integers(0, 10_000), flip=st.integers(1, 255))
def test_a_copy_with_any_byte_altered_does_not_open(data: bytes, position: int, flip: int) -> None:
    sealed = bytearray(seal(KEY, 5, data))
    sealed[position % len(sealed)] ^= flip
    with pytest.raises(EvidenceError):
        unseal(KEY, 5, bytes(sealed))


@pytest.mark.parametrize("size", [0, 1, 1 + NONCE_BYTES + TAG_BYTES - 1])
def test_a_truncated_copy_is_reported_as_damaged(size: int) -> None:
    with pytest.raises(EvidenceError, match="too short to be a sealed copy"):
        unseal(KEY, 5, seal(KEY, 5, b"")[:size])


def test_a_copy_in_an_unknown_format_version_says_so() -> None:
    sealed = bytes([VERSION + 1]) + seal(KEY, 5, b"data")[1:]
    with pytest.raises(EvidenceError, match="format version 2, which this Vigil does not know"):
        unseal(KEY, 5, sealed)


@pytest.mark.parametrize("size", [16, 24, 31, 33])
def test_a_key_that_is_not_256_bits_is_refused(size: int) -> None:
    with pytest.raises(SettingsError, match=f"32 bytes \\(AES-256\\), this one is {size}"):
        seal(bytes(size), 1, b"data")


# The key from the settings.


def load(tmp_path: Path, **env: str) -> vigil_settings.Settings:
    return vigil_settings.load({"VIGIL_HOME": str(tmp_path), **env})


@pytest.mark.parametrize(
    "written",
    [
        base64.b64encode(KEY).decode(),
        base64.urlsafe_b64encode(KEY).decode(),
        KEY.hex(),
        KEY.hex().upper(),
        " " + base64.b64encode(KEY).decode() + "\n",
    ],
)
def test_the_key_is_read_as_base64_or_hex(tmp_path: Path, written: str) -> None:
    assert key_of(load(tmp_path, VIGIL_EVIDENCE_KEY=written)) == KEY


def test_the_key_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "evidence.key"
    secret.write_text(base64.b64encode(KEY).decode() + "\n", encoding="utf-8")
    assert key_of(load(tmp_path, VIGIL_EVIDENCE_KEY_FILE=str(secret))) == KEY


def test_the_key_is_not_shown_when_the_settings_are_printed(tmp_path: Path) -> None:
    loaded = load(tmp_path, VIGIL_EVIDENCE_KEY=KEY.hex())
    assert KEY.hex() not in repr(loaded) and repr(KEY) not in repr(loaded)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (base64.b64encode(bytes(16)).decode(), "holds 16 bytes; an AES-256 key is 32 bytes"),
        (base64.b64encode(bytes(range(48))).decode(), "holds 48 bytes"),
        ("ab" * 31, "is not 32 bytes written as base64 \\(44 characters\\) or hex"),
        ("not a key!", "is not 32 bytes written as base64"),
    ],
)
def test_a_bad_key_fails_at_start_up_saying_how_to_make_one(
    tmp_path: Path, written: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as raised:
        load(tmp_path, VIGIL_EVIDENCE_KEY=written)
    assert "VIGIL_EVIDENCE_KEY" in raised.value.message
    assert "secrets.token_bytes(32)" in raised.value.message
    assert written not in raised.value.message


def test_a_missing_key_where_evidence_must_be_kept_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="VIGIL_EVIDENCE_KEY is not set") as raised:
        key_of(load(tmp_path))
    assert "VIGIL_EVIDENCE_KEY_FILE" in raised.value.message
    assert vigil_settings.MAKE_KEY in raised.value.message


def test_the_command_the_message_gives_makes_a_key_that_works(tmp_path: Path) -> None:
    command = shlex.split(vigil_settings.MAKE_KEY)
    made = subprocess.run(
        [sys.executable, *command[1:]], capture_output=True, text=True, check=True
    ).stdout
    key = key_of(load(tmp_path, VIGIL_EVIDENCE_KEY=made))
    assert unseal(key, 9, seal(key, 9, b"picture bytes")) == b"picture bytes"
