"""The domain's error messages in the reader's language: next to the field, on the error
page and in the API's error body; the English message (CLI, logs) unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.builders import CLI, make_case
from vigil import i18n
from vigil.accounts import tokens
from vigil.domain import rules
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import NEWS_OUTCOMES, Outcome, Status
from vigil.errors import CaseRuleError, InputError
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")
ROOT = Path(__file__).parents[2]

NO_NEWS = {
    "en": "stays open until there is news of the child",
    "nl": "blijft open tot er nieuws is over het kind",
    "fr": "reste ouvert tant qu&#39;il n&#39;y a pas de nouvelles de l&#39;enfant",
    "de": "bleibt offen, bis es Nachricht vom Kind gibt",
}


def _case(engine, type=CaseType.RUNAWAY, **kw):
    with db.session_scope(db.session_factory(engine)) as s:
        return make_case(s, type, **kw).reference


@pytest.mark.parametrize("locale", sorted(NO_NEWS))
def test_the_unaccompanied_minor_rule_is_shown_next_to_the_outcome_in_the_readers_language(
    locale, browser_as, engine
):
    reference = _case(engine, CaseType.UNACCOMPANIED_MINOR)
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": locale})
    refused = alice.post(f"/cases/{reference}/close", {"outcome": "transferred"})
    assert refused.status_code == 422
    field = refused.text.split('id="e-outcome"')[1][:600]
    assert NO_NEWS[locale] in field
    assert ", ".join(sorted(o.value for o in NEWS_OUTCOMES)) in field


def test_a_value_the_form_cannot_read_is_refused_in_the_readers_language(browser_as):
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": "nl"})
    refused = alice.post("/cases/new", {"type": "runaway", "child_age": "vijftien"})
    assert refused.status_code == 422
    assert "&#39;vijftien&#39; is geen geheel getal" in refused.text.split('id="e-child_age"')[1]


def test_the_error_page_speaks_the_readers_language(browser_as):
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": "de"})
    missing = alice.get("/cases/RUN-1999-00042")
    assert missing.status_code == 404
    assert "es gibt keinen Fall &#39;RUN-1999-00042&#39;" in missing.text


@pytest.fixture
def api(engine, new_client):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "intake-form", ["case.read", "case.write"], by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def test_the_api_error_follows_accept_language_and_keeps_code_and_field(api, engine):
    reference = _case(engine, CaseType.UNACCOMPANIED_MINOR)
    url, body = f"/api/v1/cases/{reference}/close", {"outcome": "transferred"}
    english = api.post(url, json=body).json()["error"]
    french = api.post(url, json=body, headers={"accept-language": "fr-BE,fr;q=0.9"}).json()
    assert english["message"].startswith("a missing unaccompanied minor's file stays open")
    assert french["error"]["message"].startswith(
        "le dossier d'un mineur étranger non accompagné disparu reste ouvert"
    )
    assert (french["error"]["code"], french["error"]["field"]) == ("case_rule", "outcome")


def test_the_message_stays_english_with_its_values_filled_in():
    case = type("Facts", (), {"reference": "RUN-2021-00001", "status": Status.OPEN})()
    with pytest.raises(CaseRuleError) as caught:
        rules.check_can_reopen(case)
    error = caught.value
    assert error.message == str(error) == "file RUN-2021-00001 is already open"
    assert error.template == "file %(reference)s is already open"
    assert i18n.error_message(error, "nl") == "dossier RUN-2021-00001 is al open"
    assert i18n.error_message(error, "en") == error.message


def test_a_closing_date_rule_fills_in_both_dates_in_every_language():
    with pytest.raises(CaseRuleError) as caught:
        rules.check_closing_values(
            CaseType.RUNAWAY,
            Outcome.FOUND,
            opened_at=date(2021, 3, 1),
            on=date(2021, 2, 1),
            today=date(2024, 1, 1),
        )
    written = {  # as the pages write dates in each language
        "en": ("Feb 1, 2021", "Mar 1, 2021"),
        "nl": ("1 feb 2021", "1 mrt 2021"),
        "fr": ("1 févr. 2021", "1 mars 2021"),
        "de": ("01.02.2021", "01.03.2021"),
    }
    for locale in i18n.LANGUAGES:
        shown = i18n.error_message(caught.value, locale)
        assert all(day in shown for day in written[locale]), (locale, shown)
    assert "2021-02-01" in caught.value.message  # the CLI's message keeps ISO dates


def test_a_message_without_values_may_hold_a_percent_sign():
    assert InputError("100% sure").message == "100% sure"
