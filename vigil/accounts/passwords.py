"""Which passwords Vigil accepts: long enough, and not easy to guess.

Length alone let ``aaaaaaaaaaaa`` through. A password is also measured with zxcvbn, the
estimator Dropbox published: it knows the most common passwords of public leaks (30,000 of
them, ``azerty`` and ``welkom`` among them), common words and names, and how guessers try
repeats (``abcabcabc``), sequences (``123456``), rows of the keyboard and dates. Vigil asks
that a password take at least ``ENOUGH_GUESSES`` guesses by its count (zxcvbn's score 3 of
4): with argon2id and the sign-in brakes in front, that is out of reach online and slow
offline. The lists are in the package: nothing is fetched when a password is checked.

The message says why a password is refused, as a person would put it, and what makes a
good one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from zxcvbn import zxcvbn

from vigil.errors import InputError

MIN_LENGTH = 12
ENOUGH_GUESSES = 10**8
MEASURED = 72
"""zxcvbn measures at most this many characters; what comes after can only add to them."""


def check_strength(password: str, *, names: Sequence[str] = ()) -> None:
    """Raise InputError (field ``password``) if ``password`` is shorter than MIN_LENGTH or
    guessed within ENOUGH_GUESSES. ``names`` (the username, the person's name) count as
    known to a guesser."""
    if len(password) < MIN_LENGTH:
        raise InputError(
            "the password is %(length)s characters; use at least %(least)s "
            "(a few words make a good one)",
            field="password",
            length=len(password),
            least=MIN_LENGTH,
        )
    known = [part for name in names for part in name.lower().split() if len(part) > 2]
    measured = zxcvbn(password[:MEASURED], user_inputs=known)
    if measured["guesses"] < ENOUGH_GUESSES:
        _refuse_guessable(measured["sequence"])


def _refuse_guessable(matches: list[dict[str, Any]]) -> NoReturn:
    """Raise the InputError that best names what makes the password guessable, judged by
    zxcvbn's ``matches``."""
    lists = {m.get("dictionary_name") for m in matches}
    patterns = {m["pattern"] for m in matches}
    if "user_inputs" in lists:
        raise InputError(
            "the password contains your name or username; a few unrelated words, or a "
            "password manager's random password, make a good one",
            field="password",
        )
    if "repeat" in patterns:
        raise InputError(
            "the password repeats a few characters (like 'aaaa' or 'abcabc'); a few unrelated "
            "words, or a password manager's random password, make a good one",
            field="password",
        )
    if "passwords" in lists:
        raise InputError(
            "the password is one of the most common passwords, or close to one; a few "
            "unrelated words, or a password manager's random password, make a good one",
            field="password",
        )
    if patterns & {"sequence", "spatial"}:
        raise InputError(
            "the password follows a sequence or a row of the keyboard (like '1234' or "
            "'azerty'); a few unrelated words, or a password manager's random password, make "
            "a good one",
            field="password",
        )
    if patterns & {"date", "regex"}:
        raise InputError(
            "the password is mostly a date or a year; a few unrelated words, or a password "
            "manager's random password, make a good one",
            field="password",
        )
    raise InputError(
        "the password is made of common words or names and is easy to guess; add a few "
        "unrelated words, or use a password manager's random password",
        field="password",
    )
