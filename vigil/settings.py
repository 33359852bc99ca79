"""Every setting Vigil reads, declared once with its default and help text.

This module is the only reader of the environment. Each setting is read from
``VIGIL_<NAME>``; a secret may instead be read from the file named by
``VIGIL_<NAME>_FILE``. A bad value fails at start-up with a message that names
the variable and says what is expected. Tests build a :class:`Settings` directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from vigil.clock import DEFAULT_ZONE
from vigil.errors import SettingsError


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
        "Failed sign-ins in a row after which an account is locked for a while.",
        _int_between(1, 100),
    )
    login_lockout_minutes: int = _setting(
        "15",
        "Minutes an account stays locked after too many failed sign-ins.",
        _int_between(1, 24 * 60),
    )
    login_attempts_per_minute: int = _setting(
        "20",
        "Failed sign-ins one client address may make per minute, whatever the account; "
        "counted in the database, so the limit holds across worker processes.",
        _int_between(1, 10_000),
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
    web_threads: int | None = _setting(
        "auto",
        "Threads in which `vigil serve` runs the pages and the API; auto: 1 on SQLite, 4 on "
        "PostgreSQL. Python runs one at a time and each hand-over between threads costs CPU, "
        "so on SQLite one thread served the most pages a second with the shortest waits; on "
        "PostgreSQL a thread waits for each answer over the network, and four kept searches "
        "and lists twice as fast (see benchmarks/README.md). Run more `vigil serve` processes "
        "to use more cores (see docs/operating.md).",
        _auto_or(_int_between(1, 64)),
    )
    web_slow_threads: int = _setting(
        "2",
        "Threads of their own for the pages that take seconds (the yearly figures and the "
        "annual report), so that they never hold up the pages of case work.",
        _int_between(1, 16),
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

    report_min_base: int = _setting(
        "30",
        "Smallest count, in the year compared with, on which the annual report's text says a "
        "change in percent; under it the text says both counts ('8 files, against 6 in 2023'). "
        "The age chart leaves out the types with fewer new files.",
        _int_between(1, 1_000_000),
    )
    language: str = _setting(
        "en",
        "Language of the command line (en, nl, fr, de): its error messages, the names of case "
        "types it prints and the default of `vigil report --lang`. The pages follow each "
        "person's own choice.",
        _language,
    )

    def __post_init__(self) -> None:
        home = self.home or Path(platformdirs.user_data_dir("vigil", appauthor=False))
        derived = {"home": home, "database_url": f"sqlite:///{home / 'vigil.db'}"}
        for f in fields(self):
            if getattr(self, f.name) is not None:
                continue
            name = "VIGIL_" + f.name.upper()
            value = derived.get(f.name) or f.metadata["parse"](name, f.metadata["default"])
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
