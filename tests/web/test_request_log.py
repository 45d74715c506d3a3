"""One JSON line per request: method, path without tokens, status, duration, request id."""

import io
import json
import logging

import pytest

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
