"""The evidence store's encryption: media kept for review are sealed, never in clear.

A sealed copy is ``version (1 byte) | nonce (12 bytes) | ciphertext and GCM tag (16 bytes)``,
AES-256-GCM (``cryptography``) under the key of ``VIGIL_EVIDENCE_KEY``. Each seal draws a
fresh random nonce, so sealing the same bytes twice gives different copies. The associated
data binds the format's version and the media item's id: a copy moved to another item, or
relabelled with another version, fails to open like a copy under another key or with an
altered byte. The version byte lets the format change; this module opens only the versions
it knows.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigil.errors import EvidenceError, SettingsError
from vigil.settings import MAKE_KEY, Settings
from vigil.store.keys import load_secret_key

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
_LABEL = b"vigil-evidence"


def seal(key: bytes, item_id: int, data: bytes) -> bytes:
    """Encrypt ``data`` for media item ``item_id``. Raise SettingsError for a key that is
    not 32 bytes."""
    nonce = os.urandom(NONCE_BYTES)
    header = bytes([VERSION])
    sealed = _cipher(key).encrypt(nonce, data, _associated(VERSION, item_id))
    return header + nonce + sealed


def unseal(key: bytes, item_id: int, sealed: bytes) -> bytes:
    """The bytes sealed for ``item_id``. Raise EvidenceError when ``sealed`` is not a copy
    this key sealed for this item, unaltered; SettingsError for a key that is not 32 bytes."""
    cipher = _cipher(key)
    if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES:
        raise EvidenceError(
            "the evidence copy of item %(item)s is %(size)s bytes, too short to be a sealed "
            "copy: it is damaged",
            item=item_id,
            size=len(sealed),
        )
    version = sealed[0]
    if version != VERSION:
        raise EvidenceError(
            "the evidence copy of item %(item)s is in format version %(version)s, which this "
            "Vigil does not know (it reads version %(known)s): upgrade Vigil, or the copy is "
            "damaged",
            item=item_id,
            version=version,
            known=VERSION,
        )
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        return cipher.decrypt(nonce, body, _associated(version, item_id))
    except InvalidTag:
        raise EvidenceError(
            "the evidence copy of item %(item)s does not open: it was sealed with another key "
            "than VIGIL_EVIDENCE_KEY, or for another item, or its bytes were altered",
            item=item_id,
        ) from None


def key_of(settings: Settings) -> bytes:
    """The evidence key. Raise SettingsError, saying how to make one, when none is set."""
    if settings.evidence_key is None:
        raise SettingsError(
            "evidence must be kept encrypted and VIGIL_EVIDENCE_KEY is not set; make a key "
            "with: %(recipe)s and set it as VIGIL_EVIDENCE_KEY, or write it to a file that "
            "only Vigil may read and set VIGIL_EVIDENCE_KEY_FILE to that file's path. Keep a "
            "copy in a safe place: without it the evidence cannot be read",
            recipe=MAKE_KEY,
        )
    return settings.evidence_key


def _cipher(key: bytes) -> AESGCM:
    if len(key) != KEY_BYTES:
        raise SettingsError(
            "an evidence key is %(expected)s bytes (AES-256), this one is %(size)s; make one "
            "with: %(recipe)s",
            expected=KEY_BYTES,
            size=len(key),
            recipe=MAKE_KEY,
        )
    return AESGCM(key)


def _associated(version: int, item_id: int) -> bytes:
    """What a sealed copy is bound to: the format's version and the item's id."""
    if not 0 <= item_id < 2**63:
        raise ValueError(f"a media item's id is a positive 64-bit number, not {item_id}")
    return _LABEL + bytes([version]) + item_id.to_bytes(8, "big")


def evidence_key(settings: Settings) -> bytes:
    """The key the pipeline seals evidence with: VIGIL_EVIDENCE_KEY when set, else one
    derived from the instance's secret key (vigil.store.keys; HKDF, its own purpose), so
    that the embedded default keeps evidence sealed without a key to set by hand."""
    if settings.evidence_key is not None:
        return settings.evidence_key
    derive = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"evidence")
    return derive.derive(load_secret_key(settings).text.encode())
