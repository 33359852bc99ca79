"""Schemathesis generates requests from the published OpenAPI: none may be a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.builders import CLI, make_case
from vigil.accounts import tokens
from vigil.accounts.roles import Permission
from vigil.store import db


@pytest.fixture
def api_schema(app, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s)
        _, secret = tokens.create_token(s, "fuzz", [p.value for p in Permission], by=CLI)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    schema.config.headers = {"Authorization": f"Bearer {secret}"}
    return schema


def test_no_generated_request_makes_a_server_error(api_schema):
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        call()
