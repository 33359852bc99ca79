"""The instance's secret key, and what it seals and signs.

Second-factor (TOTP) secrets are kept sealed in the database with AES-256-GCM, so that a
copy of the database or of a backup does not hand over everyone's second factor. Each
sealed value is bound to where it belongs (``totp:<user id>``): moved to another row, it
no longer opens. The same key signs the cookie of a device that signed in before.

The key comes from VIGIL_SECRET_KEY (or its _FILE). On the embedded default (SQLite) and
without one, Vigil makes one on first start into ``$VIGIL_HOME/secret.key`` (0600). On
PostgreSQL it must be set: several servers share one database and must share one key.
Each use gets a key of its own derived from it (HKDF-SHA256), so a signature can never be
taken for a seal.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import make_url

from vigil.errors import SettingsError
from vigil.settings import SECRET_KEY_LENGTH, Settings
from vigil.store import files

FILE_NAME = "secret.key"
SEALED = "v1."
"""How a sealed value starts: never a TOTP secret's own text (base32 has no dot)."""
_NONCE = 12


class CannotOpen(ValueError):
    """A sealed value that this key did not seal, or that was moved or changed."""


@dataclass(frozen=True)
class SecretKey:
    text: str = field(repr=False)
    _seal: bytes = field(init=False, repr=False)
    _sign: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for purpose in ("seal", "sign"):
            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
            object.__setattr__(self, "_" + purpose, hkdf.derive(self.text.encode()))

    def seal(self, plain: str, *, bound_to: str) -> str:
        """``plain`` encrypted and authenticated, as text: only this key opens it, and
        only with the same ``bound_to``."""
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self._seal).encrypt(nonce, plain.encode(), bound_to.encode())
        return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str, *, bound_to: str) -> str:
        """The text that :meth:`seal` sealed. Raise CannotOpen otherwise."""
        try:
            raw = base64.urlsafe_b64decode(sealed.removeprefix(SEALED).encode())
            nonce, body = raw[:_NONCE], raw[_NONCE:]
            plain = AESGCM(self._seal).decrypt(nonce, body, bound_to.encode())
        except (InvalidTag, ValueError) as exc:
            raise CannotOpen(bound_to) from exc
        return plain.decode()

    def sign(self, message: str) -> str:
        digest = hmac.new(self._sign, message.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def signed(self, message: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message).encode(), signature.encode())


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED)


def load_secret_key(settings: Settings) -> SecretKey:
    """The key of VIGIL_SECRET_KEY; else, on SQLite, the one in $VIGIL_HOME/secret.key,
    made there (0600) the first time. Raise SettingsError on PostgreSQL without one."""
    if settings.secret_key:
        return SecretKey(settings.secret_key)
    if make_url(settings.database_url).get_backend_name() != "sqlite":
        raise SettingsError(
            "VIGIL_SECRET_KEY is not set: on PostgreSQL set it (or VIGIL_SECRET_KEY_FILE) to "
            "the same key on every server, at least 32 characters, e.g. the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return SecretKey(_key_file(settings))


def _key_file(settings: Settings) -> str:
    """Read the key file, making it first if there is none. It is written whole under
    another name and then linked into place, so that two servers starting at once both
    read the one key that won."""
    path = settings.home / FILE_NAME
    files.private_dir(settings.home)
    if not path.exists():
        draft = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
        with files.open_private(draft) as out:
            out.write((secrets.token_urlsafe(32) + "\n").encode())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    files.keep_private(path)
    text = path.read_text(encoding="utf-8").strip()
    if len(text) < SECRET_KEY_LENGTH:
        raise SettingsError(
            "%(path)s holds no key (fewer than %(least)s characters); put back the key it "
            "held, or set VIGIL_SECRET_KEY",
            path=path,
            least=SECRET_KEY_LENGTH,
        )
    return text
