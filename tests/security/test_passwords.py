"""Finding 11: length alone accepted 'aaaaaaaaaaaa'. Common and repetitive passwords are
refused, saying why and what makes a good one; a good one of any kind is accepted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import CLI
from vigil.accounts import credentials, passwords
from vigil.accounts import service as accounts
from vigil.errors import InputError

COMMON = [
    "password1234",
    "Password1234",
    "azertyuiop12",
    "qwertyuiop123",
    "welkom123456",
    "motdepasse123",
    "Passwort12345",
    "iloveyou2024",
    "123456789012",
]


def _refusal(password: str, names: tuple[str, ...] = ()) -> str:
    with pytest.raises(InputError) as refused:
        passwords.check_strength(password, names=names)
    assert refused.value.field == "password"
    return refused.value.message


@settings(deadline=None)  # zxcvbn ranks its lists on its first call
@given(st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), st.integers(12, 80))
def test_one_character_repeated_is_refused_as_repetitive(char, length):
    assert "repeats a few characters" in _refusal(char * length)


@settings(deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=3))
def test_a_short_run_repeated_is_refused(unit):
    password = unit * (12 // len(unit) + 1)
    assert "password manager" in _refusal(password)


@pytest.mark.parametrize("password", COMMON)
def test_the_most_common_passwords_are_refused_even_when_long_enough(password):
    message = _refusal(password)
    assert "common passwords" in message or "sequence" in message
    assert "a few unrelated words" in message


def test_a_password_made_of_ones_own_name_is_refused():
    message = _refusal("verbekealice", names=("alice", "Alice Verbeke"))
    assert "your name" in message


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "boterham met kaas en thee", "Tr0ub4dor&3xyz"],
)
def test_a_password_of_unrelated_words_or_characters_is_accepted(password):
    passwords.check_strength(password, names=("alice", "Alice Verbeke"))


def test_every_generated_first_password_is_accepted():
    for _ in range(50):
        passwords.check_strength(credentials.new_password())


def test_a_password_longer_than_what_is_measured_is_accepted():
    passwords.check_strength(" ".join(credentials.new_password() for _ in range(10)))


def test_the_use_case_refuses_a_repetitive_password_for_a_new_account(session):
    with pytest.raises(InputError, match="repeats"):
        accounts.add_account(session, "erin", "Erin", ["case_worker"], by=CLI, password="a" * 12)


def test_the_account_page_refuses_a_repetitive_new_password(browser_as):
    from tests.web.conftest import PASSWORD

    alice = browser_as("alice")
    answer = alice.post("/account/password", {"current": PASSWORD, "new": "aaaaaaaaaaaa"})
    assert answer.status_code == 422 and "repeats a few characters" in answer.text
