"""The words a file is found by, and how a search's words match them.

A file's text (its reference, its people's names, its summary, its timeline) is cut into
*terms*: lowercased, accents folded (``Émilie`` -> ``emilie``, ``Müller`` -> ``muller``),
split on white space. A chunk with punctuation inside is kept whole and also cut into its
letters-and-digits parts, so ``RUN-2024-00123`` gives ``run-2024-00123``, ``run``, ``2024``
and ``00123``, and ``Jansen-De Smet`` gives ``jansen-de``, ``jansen``, ``de`` and ``smet``.

A search is cut the same way, on white space only; every one of its words must match. A
word of three characters or more matches the terms it begins (``jans`` finds ``Janssens``,
``b-0000012`` finds ``B-00000123``); a shorter word matches only a whole term (``li``, ``de``),
so that one letter never makes the database read a twenty-sixth of its index.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable

MAX_TERM = 64
"""Longer terms are cut to this length (a prefix search still finds them)."""
MIN_PREFIX = 3
"""Query words shorter than this match whole terms only."""

_PARTS = re.compile(r"\w+")
_EDGES = re.compile(r"^\W+|\W+$")


def fold(text: str) -> str:
    """Lowercase ``text`` and remove its accents (compatibility forms unfolded too)."""
    if text.isascii():  # most text: nothing to unfold (and import speed depends on it)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _chunks(text: str) -> list[str]:
    """The white-space separated chunks of ``text``, folded, punctuation at the edges cut."""
    chunks = (_EDGES.sub("", chunk) for chunk in fold(text).split())
    return [chunk[:MAX_TERM] for chunk in chunks if chunk]


def terms(texts: Iterable[str]) -> set[str]:
    """The terms a file with these texts is found by."""
    found: set[str] = set()
    for text in texts:
        for chunk in _chunks(text):
            found.add(chunk)
            if chunk.isalnum():
                continue
            parts = _PARTS.findall(chunk)
            if len(parts) > 1 or (parts and parts[0] != chunk):
                found.update(part[:MAX_TERM] for part in parts)
    return found


def query_words(text: str) -> list[str]:
    """The words of a search, each of which a file must match (see the module's docstring)."""
    return list(dict.fromkeys(_chunks(text)))


def is_prefix(word: str) -> bool:
    """True if ``word`` matches the terms it begins, False if only the same whole term."""
    return len(word) >= MIN_PREFIX


def prefix_end(word: str) -> str:
    """The least string greater than every string that begins with ``word`` (in code point
    order, which is also UTF-8 byte order): ``jans`` -> ``jant``."""
    return word[:-1] + chr(min(ord(word[-1]) + 1, sys.maxunicode))
