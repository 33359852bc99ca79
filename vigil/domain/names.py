"""Names as they sound: the key two spellings of one name share, so that the intake finds
the earlier files of a child whose name was written otherwise.

A name is transliterated to ASCII (``anyascii``: Léa -> Lea, Дмитрий -> Dmitriy,
Nguyễn -> Nguyen), lowercased, stripped of everything but letters (so "El Amrani",
"El-Amrani" and "Elamrani", or "De Smet" and "Desmet", are one), and encoded with
Metaphone (``jellyfish``, a library made for it): Mohammed, Mohamed and Muhammad give MHMT,
Youssef, Yousef and Yusuf YSF, Ahmed and Ahmad AMT. The key is stored beside the name
(``people.first_key``, ``people.last_key``) and compared for equality.
"""

from __future__ import annotations

import re

import jellyfish
from anyascii import anyascii

KEY_LENGTH = 32
_NOT_LETTERS = re.compile(r"[^a-z]+")


def name_key(name: str) -> str:
    """The sound of ``name`` ("" for a name without letters)."""
    letters = _NOT_LETTERS.sub("", anyascii(name or "").lower())
    if not letters:
        return ""
    return str(jellyfish.metaphone(letters))[:KEY_LENGTH]
