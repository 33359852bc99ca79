"""Where an address is hosted: its country and its operator, from an offline database that
the operator loads, and its reverse DNS name.

The database lives in Vigil's own tables (``network_ranges``, ``network_operators``), so
every worker process on every machine sees the same data, and nothing is asked of the
internet when a URL is looked up. It is filled by :func:`import_networks` from the Regional
Internet Registries' delegated-extended files (the country, see vigil.hotline.delegations)
and, optionally, a MaxMind-format ``.mmdb`` database of autonomous systems (the operator:
GeoLite2-ASN, or any database whose records carry ``autonomous_system_number`` and
``autonomous_system_organization``, or ``asn`` and ``as_name``).

An address is stored as a key of 32 hex digits (:func:`address_key`), IPv4 mapped into
IPv6's ``::ffff:0:0/96``, so that one ordered column holds both families; the ranges do not
overlap, so a lookup is one index step: the greatest ``first`` not above the key, then a
check of that range's ``last``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import maxminddb
from sqlalchemy import Table, bindparam, delete, exists, insert, select
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.errors import ImportFileError, InputError
from vigil.hotline.delegations import Delegation, IPAddress, read_delegations
from vigil.store.models import NetworkOperator, NetworkRange

_RANGES = cast(Table, NetworkRange.__table__)
_OPERATORS = cast(Table, NetworkOperator.__table__)
IPV4_MAPPED = 0xFFFF_0000_0000
"""Where IPv4 lies in the keys: ``::ffff:a.b.c.d``, as IPv6 itself maps it."""

Resolver = Callable[[str], tuple[str, list[str], list[str]]]
"""What :func:`reverse_dns` asks: ``socket.gethostbyaddr``'s signature."""


@dataclass(frozen=True)
class Hosting:
    """What the networks database says about one address. ``country`` is an ISO 3166
    alpha-2 code, or None when no delegated block holds the address: unknown is an answer,
    which routing sends to a person. ``asn`` and ``as_name`` are None without operator data."""

    address: str
    country: str | None
    rir: str | None
    asn: int | None
    as_name: str | None

    def as_record(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "country": self.country,
            "rir": self.rir,
            "asn": self.asn,
            "as_name": self.as_name,
        }


@dataclass(frozen=True)
class NetworksImport:
    """What an import stored: country ranges (None: left as they were), blocks of the files
    merged into a neighbour of the same country, and operator ranges (None: left as they
    were)."""

    ranges: int | None
    merged: int
    operators: int | None


@dataclass(frozen=True)
class _Range:
    first: int
    last: int
    country: str
    rir: str
    path: Path
    line: int


# -- keys --------------------------------------------------------------------------------------


def parse_address(address: str | IPAddress) -> IPAddress:
    """The address ``address`` writes. Raise InputError when it is not one."""
    if isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return address
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        raise InputError(
            "'%(address)s' is not an IP address; write e.g. 192.0.2.7 or 2001:db8::7",
            field="address",
            address=address,
        ) from None


def address_number(address: IPAddress) -> int:
    """The address as a 128-bit number, IPv4 mapped into ``::ffff:0:0/96``."""
    return int(address) | IPV4_MAPPED if address.version == 4 else int(address)


def address_key(address: str | IPAddress) -> str:
    """The stored form of an address: 32 lowercase hex digits, ordered as the addresses."""
    return f"{address_number(parse_address(address)):032x}"


def _key(number: int) -> str:
    return f"{number:032x}"


# -- lookup ------------------------------------------------------------------------------------

_COUNTRY = (
    select(_RANGES.c.country, _RANGES.c.rir, _RANGES.c.last)
    .where(_RANGES.c.first <= bindparam("key"))
    .order_by(_RANGES.c.first.desc())
    .limit(1)
)
_OPERATOR = (
    select(_OPERATORS.c.asn, _OPERATORS.c.name, _OPERATORS.c.last)
    .where(_OPERATORS.c.first <= bindparam("key"))
    .order_by(_OPERATORS.c.first.desc())
    .limit(1)
)


def lookup(db: Session, address: str | IPAddress) -> Hosting:
    """Where ``address`` is hosted, from the loaded networks database. Raise InputError when
    ``address`` is not an IP address; an address the database does not hold is unknown."""
    parsed = parse_address(address)
    key = _key(address_number(parsed))
    country = db.execute(_COUNTRY, {"key": key}).first()
    operator = db.execute(_OPERATOR, {"key": key}).first()
    if country is not None and country.last < key:
        country = None
    if operator is not None and operator.last < key:
        operator = None
    return Hosting(
        address=str(parsed),
        country=country.country if country else None,
        rir=country.rir if country else None,
        asn=operator.asn if operator else None,
        as_name=(operator.name or None) if operator else None,
    )


def is_loaded(db: Session) -> bool:
    """Whether any country range is loaded (without any, every address is unknown)."""
    return bool(db.execute(select(exists().select_from(_RANGES))).scalar())


# -- import ------------------------------------------------------------------------------------


def import_networks(
    session: Session,
    delegation_files: Sequence[Path] = (),
    mmdb: Path | None = None,
    *,
    by: Actor,
    batch_size: int = 5000,
) -> NetworksImport:
    """Replace the country ranges with those of ``delegation_files`` (when any are given) and
    the operators with those of ``mmdb`` (when given), in the caller's transaction, and audit
    it as ``by``. Everything is read and checked before anything is written. Raise
    ImportFileError for a malformed file, naming its line and field, or for two files that
    give one block to two countries; InputError for a file that is not a MaxMind DB."""
    by.require(Permission.HOTLINE_SUPERVISE)
    if not delegation_files and mmdb is None:
        raise InputError(
            "give the registries' delegated-extended files, a MaxMind-format .mmdb, or both",
            field="file",
        )
    ranges = _disjoint(d for path in delegation_files for d in read_delegations(path))
    operators = list(read_operators(mmdb)) if mmdb is not None else None
    if delegation_files:
        _replace(session, _RANGES, (_range_row(r) for r in ranges[0]), batch_size)
    if operators is not None:
        _replace(session, _OPERATORS, (_operator_row(*o) for o in operators), batch_size)
    summary = NetworksImport(
        ranges=len(ranges[0]) if delegation_files else None,
        merged=ranges[1],
        operators=len(operators) if operators is not None else None,
    )
    audit.record(session, by, "hotline.networks_import", "networks", _described(summary))
    return summary


def _described(summary: NetworksImport) -> str:
    parts = []
    if summary.ranges is not None:
        parts.append(f"{summary.ranges} country ranges")
    if summary.operators is not None:
        parts.append(f"{summary.operators} operator ranges")
    return ", ".join(parts)


def _disjoint(delegations: Iterable[Delegation]) -> tuple[list[_Range], int]:
    """The blocks in address order, overlapping blocks of one country merged; return them
    and how many were merged. Raise ImportFileError for a block given to two countries."""
    found = sorted(
        (
            _Range(
                address_number(d.first), address_number(d.last), d.country, d.rir, d.path, d.line
            )
            for d in delegations
        ),
        key=lambda r: (r.first, r.last),
    )
    kept: list[_Range] = []
    for block in found:
        previous = kept[-1] if kept else None
        if previous is None or block.first > previous.last:
            kept.append(block)
        elif block.country == previous.country:
            kept[-1] = replace(previous, last=max(previous.last, block.last))
        else:
            raise ImportFileError(
                block.path,
                block.line,
                "start",
                "this block (%(country)s) overlaps one that %(file)s gives to %(other)s on "
                "line %(at)s; load one registry's file once, or the NRO's combined file alone",
                country=block.country,
                file=previous.path.name,
                other=previous.country,
                at=previous.line,
            )
    return kept, len(found) - len(kept)


def _range_row(block: _Range) -> dict[str, Any]:
    return {
        "first": _key(block.first),
        "last": _key(block.last),
        "country": block.country,
        "rir": block.rir,
    }


def _operator_row(first: int, last: int, asn: int, name: str) -> dict[str, Any]:
    return {"first": _key(first), "last": _key(last), "asn": asn, "name": name}


def _replace(
    session: Session, table: Table, rows: Iterable[dict[str, Any]], batch_size: int
) -> None:
    session.execute(delete(table))
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            session.execute(insert(table), batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)


def read_operators(path: Path) -> Iterator[tuple[int, int, int, str]]:
    """Each network of a MaxMind-format database with an AS number, as (first, last, asn,
    name) with 128-bit keys' numbers. Raise InputError when ``path`` is not such a database
    or holds no AS numbers."""
    found = 0
    try:
        with maxminddb.open_database(str(path)) as reader:
            for network, record in reader:
                operator = _operator(record)
                if operator is None:
                    continue
                found += 1
                first = address_number(network.network_address)
                last = address_number(network.broadcast_address)
                yield first, last, *operator
    except (maxminddb.InvalidDatabaseError, ValueError, OSError) as exc:
        raise InputError(
            "%(path)s is not a MaxMind-format database (%(problem)s); give an .mmdb file "
            "such as GeoLite2-ASN.mmdb",
            field="mmdb",
            path=str(path),
            problem=str(exc),
        ) from None
    if not found:
        raise InputError(
            "%(path)s holds no AS numbers (autonomous_system_number or asn); give a database "
            "of autonomous systems such as GeoLite2-ASN.mmdb",
            field="mmdb",
            path=str(path),
        )


def _operator(record: object) -> tuple[int, str] | None:
    """(AS number, organisation) of an mmdb record, in GeoLite2-ASN's fields or IPinfo's."""
    if not isinstance(record, dict):
        return None
    asn = record.get("autonomous_system_number", record.get("asn"))
    name = record.get("autonomous_system_organization", record.get("as_name", ""))
    if isinstance(asn, str) and asn.upper().startswith("AS") and asn[2:].isdigit():
        asn = int(asn[2:])
    if not isinstance(asn, int) or isinstance(asn, bool) or not 0 <= asn < 2**32:
        return None
    return asn, name if isinstance(name, str) else ""


# -- reverse DNS -------------------------------------------------------------------------------


def reverse_dns(
    address: str | IPAddress,
    *,
    resolver: Resolver = socket.gethostbyaddr,
    timeout: float = 5.0,
) -> str | None:
    """The name the address's reverse DNS (PTR) record gives, lower case without the final
    dot; None when there is none, the resolver fails, or it does not answer within
    ``timeout`` seconds (the system's resolver has no time-out of its own: it is asked in a
    thread of its own, left to finish alone)."""
    parsed = str(parse_address(address))
    answer: list[str] = []

    def ask() -> None:
        with contextlib.suppress(OSError, UnicodeError):
            answer.append(resolver(parsed)[0])

    thread = threading.Thread(target=ask, name="vigil-reverse-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    name = answer[0].rstrip(".").lower() if answer else ""
    return name or None
