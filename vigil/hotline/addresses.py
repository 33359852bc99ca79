"""Which IP addresses the fetcher may connect to, and how a URL host spells an address.

A reported URL is chosen by a stranger, so the fetcher must never be pointed at our own
network: an address is forbidden when it is not a public unicast address of the internet.
:func:`refusal` names the rule that forbids it:

=======================  ===============================================================
rule                     addresses
=======================  ===============================================================
unspecified              0.0.0.0/8, ::/128
loopback                 127.0.0.0/8, ::1/128
private                  10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 64:ff9b:1::/48
shared_address_space     100.64.0.0/10 (carrier-grade NAT)
link_local               169.254.0.0/16 (169.254.169.254: cloud metadata), fe80::/10
multicast                224.0.0.0/4, ff00::/8
benchmarking             198.18.0.0/15, 2001:2::/48
documentation            192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32,
                         3fff::/20
reserved                 192.0.0.0/24, 192.88.99.0/24, 240.0.0.0/4 (255.255.255.255 too),
                         100::/64, the rest of 2001::/23, 5f00::/16, and any IPv6 address
                         outside 2000::/3 that no other rule names
site_local               fec0::/10
unique_local             fc00::/7
ipv4_mapped              ::ffff:0:0/96, whatever IPv4 address it carries
ipv4_compatible          ::/96 (other than :: and ::1), whatever it carries
6to4                     2002::/16 carrying a forbidden IPv4 address
teredo                   2001::/32 whose server or client is a forbidden IPv4 address
nat64                    64:ff9b::/96 carrying a forbidden IPv4 address
=======================  ===============================================================

An allow-list of networks (``VIGIL_FETCH_ALLOW_NETWORKS``) lifts every rule for the
addresses inside it, and for nothing else: tests and demos allow 127.0.0.1/32.

A URL host may spell an IPv4 address the way ``inet_aton`` reads it ("2130706433",
"0x7f.1", "0177.0.0.1", "127.1"); :func:`parse_ipv4` reads those spellings as the URL
standard (WHATWG) does, so that they are judged as the address they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
)

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

WHAT = {
    "unspecified": "the unspecified address",
    "loopback": "a loopback address (this machine)",
    "private": "a private address",
    "shared_address_space": "a shared address (carrier-grade NAT, 100.64.0.0/10)",
    "link_local": "a link-local address (cloud metadata services live there)",
    "multicast": "a multicast address",
    "benchmarking": "a benchmarking address",
    "documentation": "a documentation address",
    "reserved": "a reserved address",
    "site_local": "a site-local address",
    "unique_local": "a unique-local address",
    "ipv4_mapped": "an IPv4-mapped IPv6 address",
    "ipv4_compatible": "an IPv4-compatible IPv6 address",
    "6to4": "a 6to4 address",
    "teredo": "a Teredo address",
    "nat64": "a NAT64 address",
}

_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unspecified", ("0.0.0.0/8", "::/128")),
    ("loopback", ("127.0.0.0/8", "::1/128")),
    ("private", ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "64:ff9b:1::/48")),
    ("shared_address_space", ("100.64.0.0/10",)),
    ("link_local", ("169.254.0.0/16", "fe80::/10")),
    ("multicast", ("224.0.0.0/4", "ff00::/8")),
    ("benchmarking", ("198.18.0.0/15", "2001:2::/48")),
    (
        "documentation",
        ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20"),
    ),
    ("site_local", ("fec0::/10",)),
    ("unique_local", ("fc00::/7",)),
    ("ipv4_mapped", ("::ffff:0:0/96",)),
    ("ipv4_compatible", ("::/96",)),
    (
        "reserved",
        ("192.0.0.0/24", "192.88.99.0/24", "240.0.0.0/4", "100::/64", "5f00::/16"),
    ),
)
RULES: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = tuple(
    (rule, tuple(ip_network(n) for n in networks)) for rule, networks in _RULES
)
_SIX_TO_FOUR = ip_network("2002::/16")
_TEREDO = ip_network("2001::/32")
_NAT64 = ip_network("64:ff9b::/96")
_IETF_PROTOCOLS = ip_network("2001::/23")
_GLOBAL_UNICAST = ip_network("2000::/3")


@dataclass(frozen=True)
class Refusal:
    """An address the rules forbid: which address, which rule, and in plain words why."""

    address: str
    rule: str
    reason: str


def refusal(address: IPAddress, allow: Sequence[IPNetwork] = ()) -> Refusal | None:
    """Return why connecting to ``address`` is forbidden, or None when it is allowed.

    An address inside a network of ``allow`` is allowed whatever the rules say."""
    if any(address.version == n.version and address in n for n in allow):
        return None
    rule = _direct_rule(address)
    if rule is not None:
        return Refusal(str(address), rule, f"{address} is {WHAT[rule]}")
    if isinstance(address, IPv6Address):
        return _embedded_refusal(address)
    return None


def _direct_rule(address: IPAddress) -> str | None:
    for rule, networks in RULES:
        if any(address.version == n.version and address in n for n in networks):
            return rule
    return None


def _embedded_refusal(address: IPv6Address) -> Refusal | None:
    """Judge an IPv6 address by the IPv4 address it carries (6to4, Teredo, NAT64), else
    refuse what lies outside the global unicast space as reserved."""
    for rule, carried in _carried(address):
        if carried is None:
            continue
        inner = refusal(carried)
        if inner is not None:
            what = WHAT[inner.rule]
            reason = f"{address} is {WHAT[rule]} of {carried}, {what}"
            return Refusal(str(address), rule, reason)
        return None
    if address in _IETF_PROTOCOLS or address not in _GLOBAL_UNICAST:
        return Refusal(str(address), "reserved", f"{address} is {WHAT['reserved']}")
    return None


def _carried(address: IPv6Address) -> Iterable[tuple[str, IPv4Address | None]]:
    """The (rule, IPv4 address) pairs an IPv6 address carries; the worse of Teredo's two."""
    if address in _SIX_TO_FOUR:
        yield "6to4", address.sixtofour
    elif address in _TEREDO and address.teredo is not None:
        server, client = address.teredo
        yield "teredo", client if refusal(client) is not None else server
    elif address in _NAT64:
        yield "nat64", IPv4Address(int(address) & 0xFFFFFFFF)


def parse_address(text: str) -> IPAddress | None:
    """Return the address a URL host spells, or None when the host is a name.

    Reads IPv6 with or without brackets, and IPv4 in any spelling :func:`parse_ipv4`
    reads. Raise ValueError when the host looks like an address but is not one
    ("1.2.3.256", "0x1g", "[::12345]"), and for an IPv6 address with a zone ("fe80::1%eth0"),
    which names an interface of this machine."""
    bracketed = text.startswith("[") and text.endswith("]")
    if bracketed or ":" in text:
        inner = text[1:-1] if bracketed else text
        if "%" in inner:
            raise ValueError(f"{text!r} holds a zone: an interface of this machine")
        return IPv6Address(inner)
    return parse_ipv4(text)


def parse_ipv4(host: str) -> IPv4Address | None:
    """Return the IPv4 address ``host`` spells as the URL standard reads it, or None when
    ``host`` is a name (its last label is not a number).

    Up to four parts separated by dots (one trailing dot allowed), each decimal, octal
    (leading 0) or hexadecimal (0x); the last part fills the remaining bytes, so "127.1" is
    127.0.0.1 and "2130706433" is 127.0.0.1. Raise ValueError for a host that ends in a
    number but is no address ("1.2.3.256", "1.2.3.4.5")."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not _is_number(parts[-1]):
        return None
    if len(parts) > 4:
        raise ValueError(f"{host!r} has more than four numeric parts")
    numbers = [_ipv4_number(part, host) for part in parts]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError(f"{host!r} has a part too large for an IPv4 address")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return IPv4Address(value)


def _is_number(part: str) -> bool:
    if part[:2].lower() == "0x":
        return all(c in "0123456789abcdefABCDEF" for c in part[2:])
    return part != "" and part.isascii() and part.isdigit()


def _ipv4_number(part: str, host: str) -> int:
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        raise ValueError(f"{host!r} has a part {part!r} that is not a number") from None


def read_address(text: str) -> IPAddress:
    """Read an address a resolver answered ("10.0.0.1", "fe80::1%eth0"); the zone of a
    scoped IPv6 address is dropped. Raise ValueError for anything else."""
    return ip_address(text.split("%", 1)[0])
