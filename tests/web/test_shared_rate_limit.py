"""Login limits hold across worker processes when they share Redis."""

import os
import secrets
import subprocess
import sys
import textwrap

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/15"
# One prefix per test run: Flask-Limiter keeps the first prefix it sees for the process.
PREFIX = f"intake-test-{secrets.token_hex(4)}"


@pytest.fixture
def redis_storage():
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true needs Redis on 127.0.0.1:6379")
        pytest.skip("Redis is not running")
    for key in server.scan_iter(f"{PREFIX}*"):
        server.delete(key)
    yield REDIS_URL
    for key in server.scan_iter(f"{PREFIX}*"):
        server.delete(key)


def test_failed_logins_in_another_process_count_here(make_app, database_url, redis_storage):
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_storage,
        "RATELIMIT_KEY_PREFIX": PREFIX,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    other_worker = textwrap.dedent(f"""
        from intake import create_app
        app = create_app("testing", DATABASE_URL={database_url!r}, **{settings!r})
        client = app.test_client()
        wrong = {{"email": "x@example.org", "password": "no"}}
        for _ in range(3):
            assert client.post("/staff/login", data=wrong).status_code == 200
    """)
    subprocess.run([sys.executable, "-c", other_worker], check=True, cwd=os.getcwd())
    client = make_app(**settings).test_client()
    response = client.post("/staff/login", data={"email": "x@example.org", "password": "no"})
    assert response.status_code == 429
