"""One JSON line per request: method, path without tokens, status, duration, request id."""

import io
import json
import logging

import pytest
from werkzeug.routing import UnicodeConverter

from intake.core import logs


@pytest.fixture
def request_lines(app):
    stream = io.StringIO()
    handler = logs.json_handler(stream)
    logs.request_log.addHandler(handler)
    logs.request_log.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logs.request_log.removeHandler(handler)


def test_every_request_writes_one_json_line_without_the_manage_token(client, request_lines):
    token = "YsNL1kdNZaoq9yQGxsSZD1bFcVP6E6niqst2bLXf1RQ"
    response = client.get(f"/de/r/{token}", headers={"X-Request-ID": "nginx-req-0001"})
    [line] = request_lines()
    assert line["method"] == "GET"
    assert line["path"] == "/de/r/[token]"
    assert line["status"] == response.status_code == 404
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"] == "nginx-req-0001"
    assert token not in json.dumps(line)


def test_a_forged_request_id_is_replaced_by_our_own(client, request_lines):
    response = client.get("/healthz", headers={"X-Request-ID": '"forged": "yes" and more'})
    [line] = request_lines()
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert "forged" not in line["request_id"]


# Path arguments that are no secret; every other text argument of a route is treated as one.
# A case reference is printed on the person's confirmation and opens nothing without a staff
# login; the sign-language media name is the office's public video file.
NOT_SECRET = {
    "lang": "de",
    "filename": "css/main.css",
    "table": "requests",
    "reference": "EB-X4FE-QK",
    "name": "video.mp4",
}
TOKEN_SHAPES = (
    "YsNL1kdNZaoq9yQGxsSZD1bFcVP6E6niqst2bLXf1RQ",  # 32 random bytes, URL-safe
    "WzEsIjdmM2E5YzFlMGI0ZCJd.aXzK7Q.Qm9keS1zaWduYXR1cmUtZXhhbXBsZQ",  # a signed token
)


def requests_with_a_secret(app):
    """(path, method, secret) for every rule with a text argument that may hold a secret."""
    for rule in app.url_map.iter_rules():
        secrets = [name for name in rule.arguments if name not in NOT_SECRET]
        secrets = [name for name in secrets if type(rule._converters[name]) is UnicodeConverter]
        if not secrets:
            continue
        for secret in TOKEN_SHAPES:
            values = {
                name: NOT_SECRET.get(name, secret if name in secrets else 1)
                for name in rule.arguments
            }
            path = rule.build(values, append_unknown=False)[1]
            method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            yield path, method, secret


def leaked_paths(app, client, request_lines) -> list[str]:
    """Every route with a secret requested once per token shape; the logged paths that hold
    the secret (in the JSON request line, or in an access-log style line through `clean`)."""
    leaks = []
    for path, method, secret in requests_with_a_secret(app):
        client.open(path, method=method).close()
        logged = request_lines()[-1]
        if secret in json.dumps(logged) or secret in logs.clean(f'"{method} {path} HTTP/1.1"'):
            leaks.append(path)
    return leaks


def test_no_route_with_a_secret_in_its_path_logs_the_secret(app, client, request_lines):
    checked = list(requests_with_a_secret(app))
    assert len(checked) >= 2 * len(logs.TOKEN_ROUTES), "every listed token route is walked"
    assert leaked_paths(app, client, request_lines) == []


def test_a_new_route_with_a_secret_missing_from_the_list_is_caught(make_app, request_lines):
    """The walk above can fail: a route added with a token but not listed leaks, and is named."""
    app = make_app()
    app.add_url_rule("/staff/invitation/<token>", "invitation", lambda token: "hello")
    with app.app_context():
        leaks = leaked_paths(app, app.test_client(), request_lines)
    assert [path.rsplit("/", 1)[0] for path in leaks] == ["/staff/invitation"] * 2
