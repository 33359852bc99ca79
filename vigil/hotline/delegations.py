"""The Regional Internet Registries' statistics files: which country each block of addresses
was delegated to.

Each registry (AFRINIC, APNIC, ARIN, LACNIC, RIPE NCC) publishes a "delegated-extended" file
every day, and the NRO a combined one, in the RIR statistics exchange format::

    # comments start with '#'
    2.3|ripencc|1733007600|220000|19830705|20241130|+0100       version line
    ripencc|*|ipv4|*|95000|summary                              one summary line per type
    ripencc|BE|ipv4|81.82.0.0|131072|20040203|allocated|b0e2c2ad-...
    ripencc|BE|ipv6|2a02:a000::|26|20090922|allocated|b0e2c2ad-...
    ripencc|NL|asn|1101|1|19930901|allocated|2b5cf1b4-...

A record is ``registry|cc|type|start|value|date|status[|opaque-id[|...]]``; for ``ipv4`` the
value counts addresses (not always a power of two), for ``ipv6`` it is a prefix length.
Only ``allocated`` and ``assigned`` blocks have a country; ``available`` and ``reserved`` ones
(country empty or ``ZZ``) are read and left out, as are AS numbers. The version line
announces how many records follow: a file with fewer or more is refused, so a download cut
short is noticed. A ``.gz`` or ``.bz2`` file is read decompressed.
"""

from __future__ import annotations

import bz2
import gzip
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vigil.errors import ImportFileError, InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

REGISTRIES = frozenset({"afrinic", "apnic", "arin", "iana", "lacnic", "ripencc", "nro"})
"""Who writes these files; ``nro`` appears only on the version line of the combined file."""
DELEGATED = frozenset({"allocated", "assigned"})
STATUSES = DELEGATED | {"available", "reserved"}
NO_COUNTRY = frozenset({"", "ZZ"})
RECORD_FIELDS = ("registry", "cc", "type", "start", "value", "date", "status")
_VERSION = re.compile(r"\d+(\.\d+)*")
_DATE = re.compile(r"\d{8}")


@dataclass(frozen=True)
class Delegation:
    """A block of addresses delegated to a holder in ``country`` (ISO 3166 alpha-2)."""

    first: IPAddress
    last: IPAddress
    country: str
    rir: str
    path: Path
    line: int


def read_delegations(path: Path) -> list[Delegation]:
    """Return every block of ``path`` that was delegated to a country, in file order. Raise
    ImportFileError naming the line and the field of the first thing that is wrong."""
    found: list[Delegation] = []
    announced: int | None = None
    records = 0
    number = 0
    try:
        with _open(path) as handle:
            for number, text in enumerate(handle, start=1):
                fields = text.rstrip("\r\n").split("|")
                if not text.strip() or text.startswith("#"):
                    continue
                if announced is None:
                    announced = _version(fields)
                elif not _is_summary(fields):
                    records += 1
                    found.extend(_record(fields, path, number))
    except InputError as exc:
        raise ImportFileError.of(path, number, exc) from None
    except UnicodeDecodeError:
        raise ImportFileError(
            path, number + 1, None, "this is not a text file; give a delegated-extended file"
        ) from None
    except (OSError, EOFError) as exc:
        reason = str(exc)
        raise ImportFileError(
            path, number + 1, None, "cannot read it (%(reason)s)", reason=reason
        ) from None
    _check_count(path, number, announced, records)
    return found


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _version(fields: list[str]) -> int:
    """Check the version line; return the number of records it announces."""
    if len(fields) < 7 or not _VERSION.fullmatch(fields[0]) or fields[1] not in REGISTRIES:
        raise InputError(
            "the file does not begin with the version line of an RIR statistics file "
            "(version|registry|serial|records|startdate|enddate|UTCoffset); "
            "give a registry's delegated-extended file"
        )
    if not fields[3].isdigit():
        raise InputError("'%(value)s' is not a number of records", field="records", value=fields[3])
    return int(fields[3])


def _is_summary(fields: list[str]) -> bool:
    return len(fields) == 6 and fields[5] == "summary"


def _check_count(path: Path, last_line: int, announced: int | None, records: int) -> None:
    if announced is None:
        raise ImportFileError(path, max(last_line, 1), None, "the file holds no version line")
    if announced != records:
        raise ImportFileError(
            path,
            last_line,
            None,
            "the version line announces %(announced)s records but the file holds "
            "%(records)s; it may have been cut short: download it again",
            announced=announced,
            records=records,
        )


def _record(fields: list[str], path: Path, line: int) -> Iterator[Delegation]:
    """The delegation a record line describes: none for AS numbers and undelegated blocks."""
    if len(fields) < len(RECORD_FIELDS):
        raise InputError(
            "a record has at least %(most)s fields separated by '|' (%(fields)s); this line "
            "has %(count)s",
            most=len(RECORD_FIELDS),
            fields="|".join(RECORD_FIELDS),
            count=len(fields),
        )
    registry, cc, kind, start, value, date, status = fields[: len(RECORD_FIELDS)]
    _check_words(registry, kind, status, date)
    country = _country(cc, status)
    if kind == "asn":
        _count(value, "value", 2**32)
        return
    first, last = _block(kind, start, value)
    if country is not None:
        yield Delegation(first, last, country, registry, path, line)


def _check_words(registry: str, kind: str, status: str, date: str) -> None:
    if registry not in REGISTRIES - {"nro"}:
        raise InputError(
            "'%(value)s' is not a registry (%(known)s)",
            field="registry",
            value=registry,
            known=_listed(REGISTRIES),
        )
    if kind not in {"ipv4", "ipv6", "asn"}:
        raise InputError("'%(value)s' is not a type (asn, ipv4 or ipv6)", field="type", value=kind)
    if status.lower() not in STATUSES:
        raise InputError(
            "'%(value)s' is not a status (%(known)s)",
            field="status",
            value=status,
            known=_listed(STATUSES),
        )
    if date and not _DATE.fullmatch(date):
        raise InputError("'%(value)s' is not a date written YYYYMMDD", field="date", value=date)


def _listed(words: frozenset[str]) -> str:
    return ", ".join(sorted(words))


def _country(cc: str, status: str) -> str | None:
    """The block's country, or None when it has none (not delegated, or ZZ)."""
    if cc in NO_COUNTRY or status.lower() not in DELEGATED:
        return None
    if len(cc) != 2 or not cc.isascii() or not cc.isalpha() or not cc.isupper():
        raise InputError(
            "'%(value)s' is not a country code (two capital letters, e.g. BE)", field="cc", value=cc
        )
    return cc


def _block(kind: str, start: str, value: str) -> tuple[IPAddress, IPAddress]:
    try:
        first = ipaddress.ip_address(start)
    except ValueError:
        raise InputError(
            "'%(value)s' is not an %(kind)s address", field="start", value=start, kind=kind
        ) from None
    if (first.version == 4) != (kind == "ipv4"):
        raise InputError(
            "'%(value)s' is not an %(kind)s address", field="start", value=start, kind=kind
        )
    if kind == "ipv4":
        count = _count(value, "value", 2**32 - int(first))
        return first, ipaddress.IPv4Address(int(first) + count - 1)
    length = _count(value, "value", 128)
    try:
        network = ipaddress.IPv6Network((start, length))
    except ValueError:
        raise InputError(
            "%(value)s is not where a /%(length)s begins (its last bits are not zero)",
            field="start",
            value=start,
            length=length,
        ) from None
    return network.network_address, network.broadcast_address


def _count(value: str, column: str, most: int) -> int:
    """A whole number from 1 to ``most``."""
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise InputError(
            "'%(value)s' is not a whole number from 1 to %(most)s",
            field=column,
            value=value,
            most=most,
        )
    return int(value)
