"""Reading the registries' delegated-extended files: every delegated block with its
country; anything malformed refused with its file, line and field."""

from __future__ import annotations

import bz2
import gzip
import ipaddress
from pathlib import Path

import pytest

from tests.hotline.networks_data import RECORDS, delegated_text, write_delegated
from vigil.errors import ImportFileError
from vigil.hotline.delegations import read_delegations


def test_it_reads_each_delegated_block_with_its_country_and_leaves_out_the_rest(
    tmp_path: Path,
) -> None:
    found = read_delegations(write_delegated(tmp_path / "delegated"))
    blocks = [(str(d.first), str(d.last), d.country, d.rir) for d in found]
    assert blocks == [
        ("192.0.2.0", "192.0.2.255", "BE", "ripencc"),
        ("198.51.100.0", "198.51.102.255", "NL", "ripencc"),  # 768 addresses
        ("2001:db8::", "2001:db8:7fff:ffff:ffff:ffff:ffff:ffff", "BE", "ripencc"),
        ("2001:db8:8000::", "2001:db8:bfff:ffff:ffff:ffff:ffff:ffff", "FR", "ripencc"),
    ]
    assert [d.line for d in found] == [6, 7, 10, 11]  # comment, version, 3 summaries first


def test_a_file_without_the_extended_column_and_with_windows_line_ends_reads_alike(
    tmp_path: Path,
) -> None:
    plain = [r.rsplit("|", 1)[0] for r in RECORDS]  # the older "delegated" files
    path = tmp_path / "delegated-arin"
    path.write_bytes(delegated_text(plain).replace("\n", "\r\n").encode())
    assert len(read_delegations(path)) == 4


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_compressed_file_is_read_decompressed(tmp_path: Path, suffix: str) -> None:
    text = delegated_text(RECORDS).encode()
    path = tmp_path / f"delegated{suffix}"
    path.write_bytes(gzip.compress(text) if suffix == ".gz" else bz2.compress(text))
    assert len(read_delegations(path)) == 4


@pytest.mark.parametrize(
    ("record", "column", "problem"),
    [
        ("ripencc|Belgium|ipv4|192.0.2.0|256|20040203|allocated|x", "cc", "not a country code"),
        ("ripencc|be|ipv4|192.0.2.0|256|20040203|allocated|x", "cc", "not a country code"),
        ("ripencc|BE|ipv5|192.0.2.0|256|20040203|allocated|x", "type", "is not a type"),
        ("ripencc|BE|ipv4|192.0.2.300|256|20040203|allocated|x", "start", "not an ipv4 address"),
        ("ripencc|BE|ipv4|2001:db8::|256|20040203|allocated|x", "start", "not an ipv4 address"),
        ("ripencc|BE|ipv6|2001:db8::1|32|20040203|allocated|x", "start", "not where a /32"),
        ("ripencc|BE|ipv6|2001:db8::|129|20040203|allocated|x", "value", "from 1 to 128"),
        ("ripencc|BE|ipv4|255.255.255.0|512|20040203|allocated|x", "value", "from 1 to 256"),
        ("ripencc|BE|ipv4|192.0.2.0|many|20040203|allocated|x", "value", "not a whole number"),
        ("ripencc|BE|ipv4|192.0.2.0|256|2004-02-03|allocated|x", "date", "YYYYMMDD"),
        ("ripencc|BE|ipv4|192.0.2.0|256|20040203|stolen|x", "status", "is not a status"),
        ("ripe|BE|ipv4|192.0.2.0|256|20040203|allocated|x", "registry", "is not a registry"),
        ("ripencc|BE|ipv4|192.0.2.0|256", None, "at least 7 fields"),
    ],
)
def test_a_malformed_record_is_refused_naming_file_line_and_column(
    tmp_path: Path, record: str, column: str | None, problem: str
) -> None:
    path = write_delegated(tmp_path / "delegated", [*RECORDS[:2], record, *RECORDS[2:]])
    with pytest.raises(ImportFileError) as caught:
        read_delegations(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), 8, column)
    assert problem in str(error.problem)
    assert error.message.startswith(f"{path}, line 8")


def test_a_file_that_is_not_a_statistics_file_is_refused_at_its_first_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("network,country\n192.0.2.0/24,BE\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"line 1: .*version line") as caught:
        read_delegations(path)
    assert caught.value.line == 1


def test_a_file_cut_short_is_refused_because_the_version_line_announced_more(
    tmp_path: Path,
) -> None:
    path = write_delegated(tmp_path / "delegated", RECORDS, announced=len(RECORDS) + 1000)
    with pytest.raises(ImportFileError, match="announces 1007 records but the file holds 7"):
        read_delegations(path)


def test_a_binary_file_is_refused_as_not_text(tmp_path: Path) -> None:
    path = tmp_path / "GeoLite2-ASN.mmdb"
    path.write_bytes(b"\x00\xff\xfe" * 100)
    with pytest.raises(ImportFileError, match="not a text file"):
        read_delegations(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no version line"):
        read_delegations(path)


def test_the_blocks_cover_exactly_the_addresses_the_records_count(tmp_path: Path) -> None:
    found = read_delegations(write_delegated(tmp_path / "delegated"))
    sizes = [int(d.last) - int(d.first) + 1 for d in found]
    assert sizes == [256, 768, 2 ** (128 - 33), 2 ** (128 - 34)]
    assert all(isinstance(d.first, ipaddress.IPv4Address | ipaddress.IPv6Address) for d in found)
