"""Every setting Vigil reads, declared once with its default and help text.

This module is the only reader of the environment. Each setting is read from
``VIGIL_<NAME>``; a secret may instead be read from the file named by
``VIGIL_<NAME>_FILE``. A bad value fails at start-up with a message that names
the variable and says what is expected. Tests build a :class:`Settings` directly.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from vigil.clock import DEFAULT_ZONE
from vigil.errors import N_, SettingsError


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(
            "%(name)s='%(raw)s' is not a whole number; set it to e.g. 5000", name=name, raw=raw
        ) from None
    if value <= 0:
        raise SettingsError("%(name)s='%(raw)s' must be greater than 0", name=name, raw=raw)
    return value


def _int_between(low: int, high: int) -> Callable[[str, str], int]:
    """A parser for a whole number from ``low`` to ``high`` inclusive."""

    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise SettingsError(
                "%(name)s='%(raw)s' is not a whole number", name=name, raw=raw
            ) from None
        if not low <= value <= high:
            raise SettingsError(
                "%(name)s='%(raw)s' must be from %(low)s to %(high)s",
                name=name,
                raw=raw,
                low=low,
                high=high,
            )
        return value

    return parse


def _auto_or(parse: Callable[[str, str], int]) -> Callable[[str, str], int | None]:
    """``auto`` (None: Vigil chooses) or what ``parse`` reads."""

    def parse_or_auto(name: str, raw: str) -> int | None:
        return None if raw.strip().lower() == "auto" else parse(name, raw)

    return parse_or_auto


def _path(name: str, raw: str) -> Path:
    if not raw.strip():
        raise SettingsError("%(name)s is empty; set it to a directory or unset it", name=name)
    return Path(raw).expanduser()


def _url(name: str, raw: str) -> str:
    if "://" not in raw:
        raise SettingsError(
            "%(name)s='%(raw)s' is not a database URL; expected e.g. "
            "sqlite:///path/vigil.db or postgresql+psycopg://user@host/db",
            name=name,
            raw=raw,
        )
    return raw


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise SettingsError("%(name)s='%(raw)s' is not true or false", name=name, raw=raw)
    return value in {"true", "1", "yes"}


def _text(name: str, raw: str) -> str:
    if not raw.strip():
        raise SettingsError("%(name)s is empty; unset it to use the default", name=name)
    return raw.strip()


def _name(name: str, raw: str) -> str:
    """A name that may be empty, at most 200 characters."""
    if len(raw.strip()) > 200:
        raise SettingsError("%(name)s is longer than 200 characters", name=name)
    return raw.strip()


def _zone(name: str, raw: str) -> str:
    """An IANA time zone name (Europe/Brussels)."""
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "%(name)s='%(raw)s' is not a time zone; use an IANA name such as Europe/Brussels",
            name=name,
            raw=raw,
        ) from None
    return raw.strip()


SECRET_KEY_LENGTH = 32


def _secret_key(name: str, raw: str) -> str:
    key = raw.strip()
    if len(key) < SECRET_KEY_LENGTH:
        raise SettingsError(
            "%(name)s has %(length)s characters; use at least %(least)s, e.g. the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'",
            name=name,
            length=len(key),
            least=SECRET_KEY_LENGTH,
        )
    return key


MAKE_KEY = (
    'python -c "import secrets,base64;print(base64.b64encode(secrets.token_bytes(32)).decode())"'
)


def _key(name: str, raw: str) -> bytes | None:
    """A 256-bit key written as base64 or hex (empty: none). The key itself never goes
    into a message."""
    text = raw.strip()
    if not text:
        return None
    try:
        key = _key_bytes(text)
    except (ValueError, binascii.Error):
        raise SettingsError(
            "%(name)s is not 32 bytes written as base64 (44 characters) or hex (64 digits); "
            "make a key with: %(recipe)s",
            name=name,
            recipe=MAKE_KEY,
        ) from None
    if len(key) != 32:
        raise SettingsError(
            "%(name)s holds %(size)s bytes; an AES-256 key is 32 bytes (44 characters of "
            "base64 or 64 of hex). Make one with: %(recipe)s",
            name=name,
            size=len(key),
            recipe=MAKE_KEY,
        )
    return key


def _key_bytes(text: str) -> bytes:
    """64 hex digits, else base64 (standard or URL-safe alphabet)."""
    if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
        return bytes.fromhex(text)
    return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)


def _country(name: str, raw: str) -> str:
    """An ISO 3166 alpha-2 country code, in capitals (BE)."""
    code = raw.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise SettingsError(
            "%(name)s='%(raw)s' is not a country code; use two letters such as BE",
            name=name,
            raw=raw,
        )
    return code


def _any(name: str, raw: str) -> str:
    """Any text, kept as it is (a password may begin or end with a space)."""
    return raw


def _optional_path(name: str, raw: str) -> Path | None:
    """A file's path, or None when empty."""
    return Path(raw.strip()).expanduser() if raw.strip() else None


def _address_or_empty(name: str, raw: str) -> str:
    """An e-mail address (someone@example.org), or empty."""
    value = raw.strip()
    local, at, domain = value.rpartition("@")
    if value and (not at or not local or "." not in domain or any(c.isspace() for c in value)):
        raise SettingsError(
            "%(name)s='%(raw)s' is not an e-mail address; write it as hotline@example.org",
            name=name,
            raw=raw,
        )
    return value


def _seconds_or_none(name: str, raw: str) -> float:
    """A duration in seconds, from 0 (no pause) to an hour."""
    if raw.strip() in {"0", "0.0"}:
        return 0.0
    return _seconds(name, raw)


def _seconds(name: str, raw: str) -> float:
    """A duration in seconds, more than 0 and at most an hour (0.5 is half a second)."""
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(
            "%(name)s='%(raw)s' is not a number of seconds, e.g. 10 or 2.5", name=name, raw=raw
        ) from None
    if not 0 < value <= 3600:
        raise SettingsError(
            "%(name)s='%(raw)s' must be more than 0 and at most %(most)s seconds",
            name=name,
            raw=raw,
            most=3600,
        )
    return value


def _networks(name: str, raw: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """A comma-separated list of CIDR networks; empty gives none."""
    networks = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(ip_network(item, strict=True))
        except ValueError:
            raise SettingsError(
                "%(name)s: '%(item)s' is not a network; write CIDR networks separated by "
                "commas, e.g. 127.0.0.1/32,::1/128",
                name=name,
                item=item,
            ) from None
    return tuple(networks)


_MEDIA_RANGE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)")


def _media_types(name: str, raw: str) -> tuple[str, ...]:
    """A comma-separated list of media types, each ``type/subtype`` or ``type/*``."""
    types = tuple(filter(None, (part.strip().lower() for part in raw.split(","))))
    wrong = [t for t in types if not _MEDIA_RANGE.fullmatch(t)]
    if wrong or not types:
        raise SettingsError(
            "%(name)s: %(wrong)s is not a media type; write e.g. image/*,video/*,text/html",
            name=name,
            wrong=", ".join(f"'{t}'" for t in wrong) or N_("nothing"),
        )
    return types


def _queue_url(name: str, raw: str) -> str:
    """Empty (the embedded queue) or a Redis URL."""
    value = raw.strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(
            "%(name)s=%(raw)s is not a Redis URL; write e.g. redis://127.0.0.1:6379/0, or "
            "leave it empty for the embedded queue",
            name=name,
            raw=raw,
        )
    return value


def _language(name: str, raw: str) -> str:
    from vigil.i18n import NAMES  # the catalogue's languages (imported late: it reads Babel)

    code = raw.strip().lower()
    if code not in NAMES:
        raise SettingsError(
            "%(name)s='%(raw)s' is not a language Vigil speaks; use one of %(codes)s",
            name=name,
            raw=raw,
            codes=", ".join(NAMES),
        )
    return code


def _english_locale(name: str, raw: str) -> str:
    from babel import Locale, UnknownLocaleError  # imported late, as for _language

    code = raw.strip().replace("-", "_")
    try:
        known = Locale.parse(code).language == "en"
    except (ValueError, UnknownLocaleError):
        known = False
    if not known:
        raise SettingsError(
            "%(name)s='%(raw)s' is not an English locale; write e.g. en_GB, en_IE or en_150",
            name=name,
            raw=raw,
        )
    return code


@dataclass(frozen=True)
class Setting:
    """How one setting is documented and read."""

    name: str
    default: str
    help: str
    secret: bool = False


def _setting(
    default: str, help: str, parse: Callable[[str, str], Any], *, secret: bool = False
) -> Any:
    """Declare a setting. ``default`` is the text the docs show; it is parsed like the
    environment would be, except for the few defaults derived from VIGIL_HOME."""
    return field(
        default=None,
        repr=not secret,  # a secret never shows in a log or a traceback
        metadata={"default": default, "help": help, "parse": parse, "secret": secret},
    )


@dataclass(frozen=True)
class Settings:
    """Vigil's configuration. Build it with :func:`load` or directly in tests."""

    home: Path = _setting(
        "the platform's user data directory for 'vigil'",
        "Directory that holds Vigil's data: the SQLite database, job queue and evidence store.",
        _path,
    )
    database_url: str = _setting(
        "sqlite:///$VIGIL_HOME/vigil.db",
        "SQLAlchemy URL of the database. Use postgresql+psycopg://user@host/db in production.",
        _url,
        secret=True,
    )
    import_batch_size: int = _setting(
        "5000",
        "Rows written per database round trip when importing files (a larger batch is faster "
        "and uses more memory).",
        _positive_int,
    )
    disputed_age_limit: int = _setting(
        "21",
        "Age at opening under which a missing unaccompanied minor whose age is disputed is "
        "still taken in (every other child is under 18 at opening).",
        _int_between(18, 30),
    )
    pdq_min_quality: int = _setting(
        "50",
        "PDQ quality (0-100) under which a picture's perceptual hash is reported as low quality "
        "and not matched (flat or nearly blank pictures hash alike); exact hashes still match.",
        _int_between(0, 100),
    )
    pdq_threshold: int = _setting(
        "31",
        "Hamming distance (0-255 bits) up to which a PDQ hash matches, for a new PDQ hash list "
        "that does not set its own.",
        _int_between(0, 255),
    )
    max_image_pixels: int = _setting(
        "89478485",
        "Largest picture (width x height) Vigil decodes; a larger one is refused as a possible "
        "decompression bomb.",
        _positive_int,
    )
    jpeg_decode_side: int = _setting(
        "512",
        "Smallest short side a large JPEG is decoded at before PDQ hashing (libjpeg's "
        "shrink-on-load). 512 keeps hashes within 2 bits of a full decode; 128 is faster and "
        "further (see docs/hashing.md); 0 always decodes in full.",
        _int_between(0, 1_000_000),
    )

    # -- web application (issue 5) --
    session_idle_minutes: int = _setting(
        "30",
        "Minutes without a request after which a web sign-in ends.",
        _int_between(1, 24 * 60),
    )
    session_max_hours: int = _setting(
        "12",
        "Hours after signing in at which a web sign-in ends, however active (a working day).",
        _int_between(1, 24 * 7),
    )
    login_max_failures: int = _setting(
        "5",
        "Failed sign-ins with one username from one client address (or from one device it "
        "signed in on before) after which each further try waits, the wait doubling from one "
        "second. Four times as many, from all devices it never signed in on together, make "
        "those devices wait too; a device it signed in on before is not held up by them.",
        _int_between(1, 100),
    )
    login_lockout_minutes: int = _setting(
        "15",
        "The longest wait between tries after failed sign-ins (the doubling stops there).",
        _int_between(1, 24 * 60),
    )
    login_attempts_per_minute: int = _setting(
        "20",
        "Failed sign-ins one client address may make per minute, whatever the account; "
        "counted in the database, so the limit holds across worker processes.",
        _int_between(1, 10_000),
    )
    password_hashing_threads: int = _setting(
        "1",
        "Passwords hashed at once (argon2id: about 0.5 s, on up to 4 cores, each): sign-ins, "
        "password changes and new accounts share this pool, so sign-in tries take at most this "
        "many hashes' cores from the pages of people signed in (on Linux at the lowest "
        "priority, so pages go first). Raise it on a server with many "
        "cores where many people sign in at the same moment.",
        _int_between(1, 64),
    )
    password_hashing_queue: int = _setting(
        "8",
        "Passwords waiting for the hashing pool beyond those being hashed; one more is "
        "refused at once with 503 and Retry-After (nothing done), so a flood of sign-in "
        "tries cannot queue up the web server's threads.",
        _int_between(0, 1000),
    )
    cookie_secure: bool = _setting(
        "true",
        "Send the sign-in cookie over HTTPS only. Browsers treat http://127.0.0.1 and "
        "http://localhost as secure; set false only to try Vigil on another plain-HTTP address.",
        _bool,
    )
    forwarded_allow_ips: str = _setting(
        "127.0.0.1",
        "Addresses of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers "
        "`vigil serve` believes (comma-separated, or * for any).",
        _text,
    )
    secret_key: str = _setting(
        "on SQLite, made on first start into $VIGIL_HOME/secret.key",
        "The key that seals the second-factor (TOTP) secrets in the database and signs the "
        "cookie of a device that signed in before: at least 32 characters, e.g. the output "
        "of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`. Required on "
        "PostgreSQL, the same on every server of one database. Keep it apart from the "
        "backups: a backup's second factors open only with the key they were sealed with.",
        _secret_key,
        secret=True,
    )
    timezone: str = _setting(
        DEFAULT_ZONE,
        "The foundation's time zone: the pages show times in it, and its date is 'today' "
        "(the database keeps times in UTC).",
        _zone,
    )
    organisation: str = _setting(
        "",
        "The foundation's name as the annual report writes it (empty: 'the foundation', in "
        "the report's language). `vigil report --organisation` and the report form override it.",
        _name,
    )

    # -- hotline: the evidence store (issue 14) --
    evidence_key: bytes | None = _setting(
        "",
        "Key of the evidence store: the AES-256-GCM key (32 bytes, as base64 or hex) with which "
        "copies of media awaiting review are encrypted; also from VIGIL_EVIDENCE_KEY_FILE. "
        "Empty: a key derived from the secret key (VIGIL_SECRET_KEY, or the key made under "
        "VIGIL_HOME), so that the embedded default seals evidence without a key set by hand.",
        _key,
        secret=True,
    )

    # -- the hotline's notices (issue 16) --
    country: str = _setting(
        "BE",
        "The foundation's country (ISO 3166 alpha-2). Material hosted in it is noticed to the "
        "host's abuse contact and reported to the police contact; material hosted elsewhere is "
        "referred to that country's partner hotline. Its law is the one a 'national' "
        "classification refers to.",
        _country,
    )
    smtp_host: str = _setting(
        "",
        "The mail server notices are sent through (empty: no notice goes by e-mail; webhooks "
        "still do). Vigil uses STARTTLS whenever the server offers it.",
        _name,
    )
    smtp_port: int = _setting(
        "587",
        "The mail server's port: 587 for submission with STARTTLS, 25 for a relay.",
        _int_between(1, 65535),
    )
    smtp_user: str = _setting(
        "",
        "User name to log in to the mail server with (empty: no login). Vigil logs in only "
        "over an encrypted connection.",
        _name,
    )
    smtp_password: str = _setting(
        "",
        "Password to log in to the mail server with, with VIGIL_SMTP_USER.",
        _any,
        secret=True,
    )
    smtp_ca_file: Path | None = _setting(
        "",
        "A PEM file of the certificate authorities trusted for the mail server's certificate "
        "(empty: the system's); for a server whose certificate an internal authority signed.",
        _optional_path,
    )
    notice_from: str = _setting(
        "",
        "The address notices are sent from (the From: of each e-mail), e.g. "
        "hotline@example.org; e-mail notices need it. Replies from abuse desks come back to it.",
        _address_or_empty,
    )

    # -- the hotline's fetcher (issue 14) --
    fetch_allow_networks: tuple[IPv4Network | IPv6Network, ...] = _setting(
        "",
        "Networks (CIDR, comma-separated) the hotline's fetcher may reach although the address "
        "rules forbid them, e.g. 127.0.0.1/32 for tests and demos. Empty: none.",
        _networks,
    )
    fetch_max_bytes: int = _setting(
        "20000000",
        "Largest response the fetcher reads, in bytes, counted as it arrives and again after "
        "decompression (so a gzip bomb stops there); a larger one is refused.",
        _positive_int,
    )
    fetch_connect_timeout: float = _setting(
        "5",
        "Seconds the fetcher waits for a connection (TCP and TLS) to a server.",
        _seconds,
    )
    fetch_read_timeout: float = _setting(
        "15",
        "Seconds the fetcher waits for the next bytes from a server before giving up.",
        _seconds,
    )
    fetch_deadline: float = _setting(
        "60",
        "Seconds one fetch may take in all, redirects and a slow trickle of bytes included.",
        _seconds,
    )
    fetch_content_types: tuple[str, ...] = _setting(
        "image/*,video/*,text/html",
        "Media types the fetcher accepts (comma-separated; type/* for a whole type); a "
        "response of another type is refused before its body is read.",
        _media_types,
    )
    fetch_user_agent: str = _setting(
        "Mozilla/5.0 (compatible; Vigil hotline)",
        "User-Agent header the fetcher sends.",
        _text,
    )
    fetch_link_depth: int = _setting(
        "1",
        "How many links deep the hotline follows links within a reported site (0: only the "
        "reported page).",
        _int_between(0, 5),
    )
    fetch_max_pages: int = _setting(
        "50",
        "Most pages of one reported site the hotline reads for media, the reported page included.",
        _int_between(1, 10_000),
    )
    report_min_base: int = _setting(
        "30",
        "Smallest count, in the year compared with, on which the annual report's text says a "
        "change in percent; under it the text says both counts ('8 files, against 6 in 2023'). "
        "The age chart leaves out the types with fewer new files.",
        _int_between(1, 1_000_000),
    )
    backdate_days: int = _setting(
        "30",
        "How many days back a file's opening, closing or reclassification may be dated without "
        "a reason; one dated further back needs its reason and is flagged in the audit log "
        "(case.backdated), as it may change figures already published.",
        _int_between(0, 100_000),
    )
    language: str = _setting(
        "en",
        "Language of the command line (en, nl, fr, de): its error messages, the names of case "
        "types it prints and the default of `vigil report --lang`. The pages follow each "
        "person's own choice.",
        _language,
    )
    english_locale: str = _setting(
        "en_GB",
        "How the pages in English write dates, times and numbers (a Babel locale): European "
        "English by default, the day first (1 Mar 2021, 14:05); en_IE and en_150 are others, "
        "en_US writes the month first.",
        _english_locale,
    )
    # -- the hotline's pipeline and its jobs (issue 14) --
    queue_url: str = _setting(
        "",
        "Where the background jobs wait: empty for Vigil's embedded default (a SQLite file "
        "beside the database, worked by `vigil serve` itself), or redis://host:6379/0 for "
        "production, worked by `vigil worker` on as many machines as needed.",
        _queue_url,
    )
    hotline_refetch_hours: int = _setting(
        "24",
        "A URL reported again within this many hours of an earlier report of it is linked to "
        "that one and not fetched again.",
        _int_between(0, 24 * 365),
    )
    hotline_step_seconds: int = _setting(
        "900",
        "A step of the pipeline (fetching a URL, hashing a media item) still unfinished after "
        "this many seconds is taken up again by the sweep (its worker was lost).",
        _int_between(1, 24 * 3600),
    )
    evidence_retention_days: int = _setting(
        "90",
        "Days the encrypted copy of a media item awaiting review is kept; `vigil hotline "
        "purge` (and the sweep) delete older copies.",
        _int_between(1, 3650),
    )
    report_form_per_hour: int = _setting(
        "20",
        "Reports one client address may send through the public form per hour; counted in the "
        "database, so the limit holds across worker processes.",
        _int_between(1, 100_000),
    )

    # -- notice-and-takedown and the crawler (issue 16) --
    takedown_check_hours: int = _setting(
        "24",
        "Hours between two re-checks of a noticed URL that is still online (a 404 or 410, a "
        "name that no longer resolves or content that no longer matches ends them).",
        _int_between(1, 24 * 30),
    )
    takedown_notice_hours: int = _setting(
        "24",
        "Hours after which a URL still online is noticed again to the host (or the partner "
        "hotline abroad), as Project Arachnid does.",
        _int_between(1, 24 * 30),
    )
    takedown_escalate_days: int = _setting(
        "3",
        "Days after the first notice after which a URL still online is escalated to the police "
        "(hosted at home) or the partner hotline (abroad) and to a supervisor's task.",
        _int_between(1, 365),
    )
    crawl_max_pages: int = _setting(
        "500",
        "Most pages the crawler reads of one site, from a confirmed page (0: no crawling).",
        _int_between(0, 1_000_000),
    )
    crawl_delay: float = _setting(
        "1",
        "Seconds the crawler waits between two requests to one site (it never sends two at "
        "once to a site).",
        _seconds_or_none,
    )
    crawl_stop_after: int = _setting(
        "20",
        "The crawl of a site stops after this many pages in a row brought no new match.",
        _int_between(1, 100_000),
    )
    # -- the analysts' review (issue 15) --
    review_consensus: int = _setting(
        "2",
        "Analysts who must agree on a group of media items before it is confirmed and, when "
        "illegal, its hashes enter the foundation's own list (3 as the strictest hotlines do). "
        "When two disagree a supervisor decides.",
        _int_between(1, 10),
    )
    review_daily_minutes: int = _setting(
        "240",
        "Minutes of previews an analyst may be shown per day (the foundation's day); at the "
        "limit the queue refuses until the next day begins.",
        _int_between(1, 24 * 60),
    )
    review_item_seconds: int = _setting(
        "120",
        "Most seconds one preview counts toward its analyst's exposure, from its serving to "
        "the decision on its group (a preview left open on a screen is not counted for hours).",
        _int_between(1, 3600),
    )
    review_break_minutes: int = _setting(
        "60",
        "Minutes of continuous review after which the queue proposes a break (a pause of 10 "
        "minutes or more between previews is a break).",
        _int_between(1, 24 * 60),
    )
    review_lease_minutes: int = _setting(
        "15",
        "Minutes a group stays with the analyst it was given to; after that, left undecided, "
        "it goes back to the queue.",
        _int_between(1, 24 * 60),
    )
    review_list: str = _setting(
        "foundation",
        "Name of the foundation's own hash list: the PDQ hashes of what its analysts "
        "confirmed illegal, each with its decision, analysts and date (created on the first).",
        _text,
    )

    def __post_init__(self) -> None:
        home = self.home or Path(platformdirs.user_data_dir("vigil", appauthor=False))
        derived = {
            "home": home,
            "database_url": f"sqlite:///{home / 'vigil.db'}",
            "secret_key": "",  # none set: see vigil.store.keys.load_secret_key
        }
        for f in fields(self):
            if getattr(self, f.name) is not None:
                continue
            name = "VIGIL_" + f.name.upper()
            parse = f.metadata["parse"]
            value = derived[f.name] if f.name in derived else parse(name, f.metadata["default"])
            object.__setattr__(self, f.name, value)


def documented() -> list[Setting]:
    """Return every setting with its environment name, default and help, in declaration order."""
    return [
        Setting(
            name="VIGIL_" + f.name.upper(),
            default=f.metadata["default"],
            help=f.metadata["help"],
            secret=f.metadata["secret"],
        )
        for f in fields(Settings)
    ]


def _read(env: Mapping[str, str], name: str, secret: bool) -> str | None:
    key = "VIGIL_" + name.upper()
    if key in env:
        return env[key]
    if secret and key + "_FILE" in env:
        path = Path(env[key + "_FILE"])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(
                "%(name)s_FILE=%(path)s: cannot read it (%(why)s)",
                name=key,
                path=path,
                why=exc.strerror,
            ) from None
    return None


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from the environment. Raise SettingsError on a bad value."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = _read(env, f.name, f.metadata["secret"])
        if raw is not None:
            values[f.name] = f.metadata["parse"]("VIGIL_" + f.name.upper(), raw)
    return Settings(**values)
