"""The networks database: loaded from files into the database, looked up by address on
SQLite and PostgreSQL alike; reverse DNS through an injectable resolver."""

from __future__ import annotations

import ipaddress
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tests.builders import CLI
from tests.hotline.networks_data import OPERATORS, write_asn_mmdb, write_delegated
from vigil.errors import ImportFileError, InputError
from vigil.hotline import networks
from vigil.hotline.networks import address_key, import_networks, lookup, reverse_dns
from vigil.store import db
from vigil.store.models import AuditEntry, NetworkRange


def load(session: Session, tmp_path: Path, **kwargs: object) -> networks.NetworksImport:
    files = [write_delegated(tmp_path / "delegated-ripencc-extended-latest")]
    mmdb = write_asn_mmdb(tmp_path / "asn.mmdb", OPERATORS)
    summary = import_networks(session, files, mmdb, by=CLI, **kwargs)  # type: ignore[arg-type]
    session.commit()
    return summary


def test_an_address_is_found_in_its_block_with_its_country_and_operator(
    session: Session, tmp_path: Path
) -> None:
    summary = load(session, tmp_path)
    assert (summary.ranges, summary.merged, summary.operators) == (4, 0, 3)
    found = lookup(session, "192.0.2.7")
    assert found == networks.Hosting("192.0.2.7", "BE", "ripencc", 64500, "Example Hosting BV")
    assert lookup(session, "198.51.101.9").country == "NL"  # inside an odd-sized block
    v6 = lookup(session, "2001:db8::abcd")
    assert (v6.country, v6.asn, v6.as_name) == ("BE", 4200000001, "Exemple Hébergement SAS")
    assert lookup(session, "2001:db8:8000::1").country == "FR"


def test_the_first_and_last_address_of_a_block_belong_to_it_and_the_next_does_not(
    session: Session, tmp_path: Path
) -> None:
    load(session, tmp_path)
    assert lookup(session, "198.51.100.0").country == "NL"
    assert lookup(session, "198.51.102.255").country == "NL"
    assert lookup(session, "198.51.103.0").country is None
    assert lookup(session, "192.0.2.127").asn == 64500
    assert lookup(session, "192.0.2.128").asn is None  # the operator's /25 ends there
    assert lookup(session, "192.0.2.128").country == "BE"


def test_an_address_no_block_holds_is_unknown_not_an_error(
    session: Session, tmp_path: Path
) -> None:
    load(session, tmp_path)
    for address in ("203.0.113.5", "0.0.0.0", "255.255.255.255", "::", "2001:db9::1"):
        found = lookup(session, address)
        assert (found.country, found.rir, found.asn, found.as_name) == (None, None, None, None)


def test_an_ipv4_address_written_as_ipv6_is_found_as_itself(
    session: Session, tmp_path: Path
) -> None:
    load(session, tmp_path)
    assert lookup(session, "::ffff:192.0.2.7").country == "BE"
    assert lookup(session, ipaddress.ip_address("192.0.2.7")).asn == 64500


def test_a_lookup_of_something_that_is_not_an_address_is_refused(session: Session) -> None:
    with pytest.raises(InputError, match="'example.com' is not an IP address"):
        lookup(session, "example.com")


def test_an_import_replaces_what_was_loaded_and_is_audited(
    session: Session, tmp_path: Path
) -> None:
    load(session, tmp_path)
    other = write_delegated(
        tmp_path / "delegated-arin",
        ["arin|US|ipv4|203.0.113.0|256|20000101|assigned|a1"],
        registry="arin",
    )
    summary = import_networks(session, [other], by=CLI)
    session.commit()
    assert (summary.ranges, summary.operators) == (1, None)
    assert lookup(session, "192.0.2.7").country is None
    assert lookup(session, "203.0.113.5").country == "US"
    assert lookup(session, "192.0.2.7").asn == 64500  # the operators were left as they were
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["hotline.networks_import", "hotline.networks_import"]


def test_a_refused_file_leaves_what_was_loaded_before(engine: Engine, tmp_path: Path) -> None:
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        load(s, tmp_path)
    good = tmp_path / "delegated-ripencc-extended-latest"
    bad = write_delegated(tmp_path / "bad", ["ripencc|BE|ipv4|10.0.0.999|1|20000101|assigned|x"])
    with (
        pytest.raises(ImportFileError, match="line 4, column start"),
        db.session_scope(factory) as s,
    ):
        import_networks(s, [good, bad], by=CLI)
    with db.session_scope(factory) as s:
        assert s.scalar(select(func.count()).select_from(NetworkRange)) == 4
        assert lookup(s, "192.0.2.7").country == "BE"


def test_overlapping_blocks_of_one_country_are_merged_and_of_two_are_refused(
    session: Session, tmp_path: Path
) -> None:
    first = write_delegated(tmp_path / "a", ["ripencc|BE|ipv4|192.0.2.0|256|20040203|allocated|x"])
    same = write_delegated(tmp_path / "b", ["ripencc|BE|ipv4|192.0.2.128|256|20040203|allocated|x"])
    summary = import_networks(session, [first, same], by=CLI)
    assert (summary.ranges, summary.merged) == (1, 1)
    assert lookup(session, "192.0.3.127").country == "BE"
    assert lookup(session, "192.0.3.128").country is None
    other = write_delegated(
        tmp_path / "c", ["arin|US|ipv4|192.0.2.64|64|20040203|allocated|x"], registry="arin"
    )
    with pytest.raises(
        ImportFileError, match=r"c, line 4, column start: .* a gives to BE on line 4"
    ):
        import_networks(session, [first, other], by=CLI)


def test_an_mmdb_with_ipinfo_fields_gives_the_operator_as_well(
    session: Session, tmp_path: Path
) -> None:
    mmdb = write_asn_mmdb(tmp_path / "ipinfo.mmdb", OPERATORS, style="ipinfo")
    summary = import_networks(session, [], mmdb, by=CLI)
    assert (summary.ranges, summary.operators) == (None, 3)
    found = lookup(session, "198.51.100.1")
    assert (found.asn, found.as_name, found.country) == (64501, "Voorbeeld Datacenter", None)


def test_a_file_that_is_not_an_mmdb_or_has_no_as_numbers_is_refused(
    session: Session, tmp_path: Path
) -> None:
    text = write_delegated(tmp_path / "delegated")
    with pytest.raises(InputError, match="is not a MaxMind-format database"):
        import_networks(session, [], text, by=CLI)
    writer_path = tmp_path / "country.mmdb"
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    writer = MMDBWriter(ip_version=6, ipv4_compatible=True)
    writer.insert_network(IPSet(["192.0.2.0/24"]), {"country": {"iso_code": "BE"}})
    writer.to_db_file(str(writer_path))
    with pytest.raises(InputError, match="holds no AS numbers"):
        import_networks(session, [], writer_path, by=CLI)


def test_an_import_needs_something_to_import(session: Session) -> None:
    with pytest.raises(InputError, match="give the registries' delegated-extended files"):
        import_networks(session, [], None, by=CLI)


BLOCKS = st.lists(
    st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 2**12), st.sampled_from(["BE", "NL"])),
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blocks=BLOCKS, probes=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=8))
def test_a_lookup_answers_what_a_scan_of_the_blocks_answers(
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
    blocks: list[tuple[int, int, str]],
    probes: list[int],
) -> None:
    disjoint: list[tuple[int, int, str]] = []
    for start, size, country in sorted(blocks):
        last = min(start + size - 1, 2**32 - 1)
        if not disjoint or start > disjoint[-1][1]:
            disjoint.append((start, last, country))
    records = [
        f"ripencc|{c}|ipv4|{ipaddress.IPv4Address(a)}|{b - a + 1}|20200101|allocated|x"
        for a, b, c in disjoint
    ]
    path = write_delegated(tmp_path_factory.mktemp("rir") / "delegated", records)
    import_networks(session, [path], by=CLI)
    probes += [a for a, _b, _c in disjoint] + [b + 1 for _a, b, _c in disjoint if b < 2**32 - 1]
    for probe in probes:
        expected = next((c for a, b, c in disjoint if a <= probe <= b), None)
        assert lookup(session, ipaddress.IPv4Address(probe)).country == expected
    session.rollback()


@given(
    a=st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)),
    b=st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)),
)
def test_keys_order_as_the_addresses_numbers_do(
    a: ipaddress.IPv4Address | ipaddress.IPv6Address,
    b: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    ka, kb = address_key(a), address_key(b)
    assert len(ka) == len(kb) == 32
    na, nb = networks.address_number(a), networks.address_number(b)
    assert (ka < kb) == (na < nb) and (ka == kb) == (na == nb)


def test_reverse_dns_gives_the_name_in_lower_case_without_the_final_dot() -> None:
    asked: list[str] = []

    def resolver(address: str) -> tuple[str, list[str], list[str]]:
        asked.append(address)
        return "Host-7.Example.NET.", [], [address]

    assert reverse_dns("2001:db8::7", resolver=resolver) == "host-7.example.net"
    assert asked == ["2001:db8::7"]


def test_reverse_dns_is_none_when_there_is_no_name_or_the_resolver_fails() -> None:
    def no_name(address: str) -> tuple[str, list[str], list[str]]:
        raise socket.herror(1, "Unknown host")

    def broken(address: str) -> tuple[str, list[str], list[str]]:
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    assert reverse_dns("192.0.2.7", resolver=no_name) is None
    assert reverse_dns("192.0.2.7", resolver=broken) is None


def test_reverse_dns_is_none_when_the_resolver_does_not_answer_in_time() -> None:
    release = threading.Event()

    def hanging(address: str) -> tuple[str, list[str], list[str]]:
        release.wait(10)
        return "late.example.net", [], [address]

    try:
        assert reverse_dns("192.0.2.7", resolver=hanging, timeout=0.05) is None
    finally:
        release.set()
