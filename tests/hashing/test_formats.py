"""List files: every format round-trips, and a bad line is refused with its number."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vigil.errors import ImportFileError
from vigil.hashing.formats import ListEntry, ListFormat, parse, read_list, write_list
from vigil.hashing.signals import Signal

PDQ_A = "f" * 64
PDQ_B = "0123456789abcdef" * 4
MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def entries() -> list[ListEntry]:
    return [
        ListEntry(PDQ_A, Signal.PDQ, "series A", "hotline X", 1),
        ListEntry(PDQ_B, Signal.PDQ, "series B", "hotline Y", 2),
    ]


@pytest.mark.parametrize("list_format", list(ListFormat))
def test_each_format_round_trips(list_format: ListFormat) -> None:
    out = io.StringIO()
    write_list(entries(), out, list_format)
    back = parse(io.StringIO(out.getvalue()), "list", Signal.PDQ)
    assert [e.hash for e in back] == [PDQ_A, PDQ_B]
    if list_format in (ListFormat.CSV, ListFormat.THREATEXCHANGE):
        assert [(e.label, e.source) for e in back] == [
            ("series A", "hotline X"),
            ("series B", "hotline Y"),
        ]


def test_the_format_is_detected_from_the_first_line() -> None:
    text = "# exported\npdq " + PDQ_A + "\nmd5 " + MD5 + "\n"
    found = parse(io.StringIO(text), "x")
    assert [(e.signal, e.line) for e in found] == [(Signal.PDQ, 2), (Signal.MD5, 3)]


def test_the_threatexchange_cli_csv_is_read_with_its_signal_types() -> None:
    text = (
        "collab,signal_type,signal_str,category,tags\n"
        f"Sample Data,pdq,{PDQ_A},Harmful,t1 t2\n"
        f"Sample Data,video_md5,{MD5},Harmful,\n"
    )
    found = parse(io.StringIO(text), "te.csv")
    assert [(e.signal, e.label, e.source) for e in found] == [
        (Signal.PDQ, "Harmful t1 t2", "Sample Data"),
        (Signal.MD5, "Harmful", "Sample Data"),
    ]


def test_plain_text_takes_its_signal_from_the_first_hash() -> None:
    found = parse(io.StringIO(f"{'a' * 40}\n{'B' * 40}\n"), "x")
    assert [(e.signal, e.hash) for e in found] == [(Signal.SHA1, "a" * 40), (Signal.SHA1, "b" * 40)]
    with pytest.raises(ImportFileError, match="line 2: a md5 hash has 32 hex characters"):
        parse(io.StringIO(f"{MD5}\n{PDQ_A}\n"), "x")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            f"{PDQ_A}\n{PDQ_A[:-1]}\n",
            "x, line 2: a pdq hash has 64 hex characters, this one has 63",
        ),
        (f"{PDQ_A}\n\n{'g' * 64}\n", "x, line 3: a pdq hash is hexadecimal; 'g' is not"),
        (f"hash,label\n{PDQ_A},ok\n{MD5},bad\n", "x, line 3, column hash: a pdq hash has 64"),
        (f"pdq {PDQ_A}\nphash {PDQ_A}\n", "x, line 2, column signal: unknown signal 'phash'"),
        ("hash,label\nabc\n", "x, line 2: 1 columns, the header has 2"),
        (
            f"collab,signal_type,signal_str,category,tags\nc,url,{PDQ_A},x,\n",
            "x, line 2, column signal_type: signal type 'url'",
        ),
    ],
)
def test_a_malformed_line_is_refused_with_its_line_number(text: str, problem: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse(io.StringIO(text), "x", Signal.PDQ)
    assert problem in caught.value.message


def test_an_unreadable_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read the file"):
        read_list(tmp_path / "missing.txt")
