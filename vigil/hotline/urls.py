"""Reported URLs in one canonical spelling, so that the same page reported twice is one item.

:func:`normalise` applies these rules (docs/hotline.md repeats them):

- the scheme is lower case, and only ``http`` and ``https`` are accepted;
- a URL with a user name or password (``user:pass@``) is refused;
- the host is lower case; an internationalised name becomes punycode (IDNA 2008 with the
  UTS 46 mapping, by the ``idna`` package); an IPv4 address in any spelling
  ("0x7f.1", "2130706433") becomes dotted decimal, an IPv6 address its short form;
- the port is dropped when it is the scheme's default (80, 443), written without leading
  zeros otherwise;
- the fragment (``#...``) is dropped, and so is an empty query (``?`` alone);
- percent-encoding is normalised: an encoded unreserved character (letters, digits,
  ``-._~``) is decoded, every other escape is written with upper-case hex, a ``%`` that
  starts no escape becomes ``%25``, and a character a URL may not hold (a space, a
  non-ASCII letter, ``"<>`{}|\\^``) is encoded as UTF-8;
- dot segments (``/./``, ``/../``) are removed from the path, and an empty path is ``/``.

Anything else is refused with :class:`vigil.errors.InputError` (``field="url"``).
"""

from __future__ import annotations

import re
import string
from urllib.parse import SplitResult, urlsplit

import idna

from vigil.errors import InputError
from vigil.hotline.addresses import parse_address

SCHEMES = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")
_HOST_CHARS = frozenset(string.ascii_lowercase + string.digits + "-_.")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_ESCAPE_BYTES = re.compile(rb"%([0-9A-Fa-f]{2})")
_BEFORE_QUERY = re.compile(r"[^?#]*")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def normalise(raw: str) -> str:
    """Return ``raw`` in its canonical spelling (rules in the module docstring).

    Raise InputError (field "url") for a malformed URL, a scheme other than http or https,
    or a URL with credentials. ``normalise(normalise(u)) == normalise(u)``."""
    text = raw.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    parts = _split(text, raw)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InputError(
            "'%(url)s' is not a web address: only http:// and https:// URLs can be reported",
            field="url",
            url=raw,
        )
    host, port = _host_and_port(parts.netloc, raw)
    netloc = host if port in (None, SCHEMES[scheme]) else f"{host}:{port}"
    path = remove_dot_segments(_escape(parts.path, _PATH_SAFE)) or "/"
    query = _escape(parts.query, _QUERY_SAFE)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _split(text: str, raw: str) -> SplitResult:
    before_query = _BEFORE_QUERY.match(text)
    assert before_query is not None  # the pattern matches every text
    text = before_query.group(0).replace("\\", "/") + text[before_query.end() :]
    try:
        parts = urlsplit(text)
    except ValueError:
        raise InputError("'%(url)s' is not a valid URL", field="url", url=raw) from None
    if not parts.scheme:
        raise InputError(
            "'%(url)s' has no scheme; write it in full, starting with http:// or https://",
            field="url",
            url=raw,
        )
    return parts


def _host_and_port(netloc: str, raw: str) -> tuple[str, int | None]:
    if "@" in netloc:
        raise InputError(
            "'%(url)s' holds a user name or password (user:pass@); report the URL without them",
            field="url",
            url=raw,
        )
    if not netloc:
        raise InputError("'%(url)s' has no host name", field="url", url=raw)
    host, port = _cut_port(netloc, raw)
    return _canonical_host(host, raw), port


def _cut_port(netloc: str, raw: str) -> tuple[str, int | None]:
    host, colon, port = netloc.rpartition(":")
    if not colon or "]" in port:  # no port, or the colons of an IPv6 address
        return netloc, None
    if port == "":
        return host, None
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise InputError(
            "'%(url)s' has a port '%(port)s' that is not a number from 1 to 65535",
            field="url",
            url=raw,
            port=port,
        )
    return host, int(port)


def _canonical_host(host: str, raw: str) -> str:
    """The host in lower case, punycode for a name, canonical text for an address."""
    host = _unescape_host(host, raw)
    if not host:
        raise InputError("'%(url)s' has no host name", field="url", url=raw)
    if not host.isascii():
        host = _punycode(host, raw)
    try:
        address = parse_address(host)
    except ValueError:
        raise InputError(
            "'%(url)s' has a host '%(host)s' that looks like an IP address but is not one",
            field="url",
            url=raw,
            host=host,
        ) from None
    if address is not None:
        return f"[{address}]" if address.version == 6 else str(address)
    return _domain(host.lower(), raw)


def _punycode(host: str, raw: str) -> str:
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise InputError(
            "'%(url)s' has a host '%(host)s' that is not a valid domain name (%(why)s)",
            field="url",
            url=raw,
            host=host,
            why=str(exc),
        ) from None


def _domain(host: str, raw: str) -> str:
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not set(host) <= _HOST_CHARS or len(host) > 253 or not all(0 < len(x) < 64 for x in labels):
        raise InputError(
            "'%(url)s' has a host '%(host)s' that is not a valid domain name",
            field="url",
            url=raw,
            host=host,
        )
    return host


def _unescape_host(host: str, raw: str) -> str:
    """Decode every %XX escape of a host (a host holds no reserved characters)."""
    data = _ESCAPE_BYTES.sub(
        lambda m: bytes([int(m.group(1), 16)]), host.encode("utf-8", "surrogatepass")
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            "'%(url)s' has a host that is not valid UTF-8 text", field="url", url=raw
        ) from None


def _escape(text: str, safe: frozenset[str]) -> str:
    """Percent-encoding normalised: unreserved decoded, other escapes in upper-case hex,
    a lone ``%`` and unsafe characters encoded (UTF-8)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        escape = _ESCAPE.match(text, index) if char == "%" else None
        if escape is not None:
            decoded = chr(int(escape.group(1), 16))
            out.append(decoded if decoded in _UNRESERVED else escape.group(0).upper())
            index += 3
            continue
        out.append(char if char in safe else _encode(char))
        index += 1
    return "".join(out)


def _encode(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def remove_dot_segments(path: str) -> str:
    """Remove ``.`` and ``..`` segments from a path (RFC 3986, section 5.2.4)."""
    segments = path.split("/")
    output: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output)
