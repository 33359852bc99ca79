"""Small networks databases written by the tests: RIR delegated-extended files and
MaxMind-format .mmdb files of autonomous systems. Every address is made up (mostly the
documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet

RECORDS = [
    "ripencc|BE|ipv4|192.0.2.0|256|20040203|allocated|3a1f0c2e-1111",
    "ripencc|NL|ipv4|198.51.100.0|768|20100511|assigned|7b2d9e41-2222",  # not a power of 2
    "ripencc|ZZ|ipv4|203.0.113.0|256||available|",
    "ripencc||ipv4|203.0.114.0|256||reserved|",
    "ripencc|BE|ipv6|2001:db8::|33|20090922|allocated|3a1f0c2e-1111",
    "ripencc|FR|ipv6|2001:db8:8000::|34|20110101|allocated|5c6e7f80-3333",
    "ripencc|BE|asn|64500|1|19930901|allocated|3a1f0c2e-1111",
]


def delegated_text(
    records: list[str], registry: str = "ripencc", announced: int | None = None
) -> str:
    """A delegated-extended file: comments, version line, summary lines, records."""
    kinds = Counter(r.split("|")[2] for r in records)
    kinds = Counter({kind: kinds[kind] for kind in ("asn", "ipv4", "ipv6") if kinds[kind]})
    count = len(records) if announced is None else announced
    lines = [
        "# a test file in the RIR statistics exchange format",
        f"2.3|{registry}|20241201|{count}|19830705|20241130|+0100",
        *(f"{registry}|*|{kind}|*|{n}|summary" for kind, n in sorted(kinds.items())),
        *records,
    ]
    return "\n".join(lines) + "\n"


def write_delegated(
    path: Path,
    records: list[str] = RECORDS,
    registry: str = "ripencc",
    announced: int | None = None,
) -> Path:
    path.write_text(delegated_text(records, registry, announced), encoding="utf-8")
    return path


def write_asn_mmdb(
    path: Path, networks: dict[str, tuple[int, str]], *, style: str = "maxmind"
) -> Path:
    """An .mmdb of autonomous systems, with GeoLite2-ASN's fields or IPinfo's."""
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    for network, (asn, name) in networks.items():
        if style == "maxmind":
            record = {"autonomous_system_number": asn, "autonomous_system_organization": name}
        else:
            record = {"asn": f"AS{asn}", "as_name": name, "as_domain": "example.net"}
        writer.insert_network(IPSet([network]), record)
    writer.to_db_file(str(path))
    return path


OPERATORS = {
    "192.0.2.0/25": (64500, "Example Hosting BV"),
    "198.51.100.0/24": (64501, "Voorbeeld Datacenter"),
    "2001:db8::/48": (4200000001, "Exemple Hébergement SAS"),
}
