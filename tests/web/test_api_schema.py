"""schemathesis against /api/v1/openapi.json: no 5xx, answers match the schema, and only
documented statuses; bounded examples and a fixed seed keep the run short and repeatable.

schemathesis' own pytest plugin does not run under pytest 9, so each operation's strategy
is driven with Hypothesis directly.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_api_keeps_its_description(app, office):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/v1/slots", "/api/v1/requests"}
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def holds(case):
            response = case.call()
            case.validate_response(response, checks=CHECKS)

        holds()
