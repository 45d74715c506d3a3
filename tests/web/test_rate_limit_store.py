"""The rate-limit store (Redis) unreachable: public pages go on with per-process limits,
staff login fails closed with a clear page, and /readyz says so."""

import pytest
import redis
from sqlalchemy import text

from intake import create_app
from tests.smtp import free_port

LIVE_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def without_redis(make_app, office):
    """An app whose limit store is a closed port on loopback."""
    yield make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
        INTAKE_RATE_LIMIT="2 per hour",
    )
    # The limiter is one object: hand it a reachable store again for the cleanup after us.
    make_app(RATELIMIT_ENABLED=True)


def callback(number: int) -> dict:
    return {
        "topics": ["work"],
        "language": "de",
        "name": "Nour",
        "email": f"p{number}@example.org",
        "consent": True,
        "preferred_times": "mornings",
    }


def test_public_pages_keep_serving_without_the_limit_store(without_redis):
    client = without_redis.test_client()
    assert client.get("/de/").status_code == 200
    assert client.get("/de/request").status_code == 200
    assert client.get("/api/v1/slots?start=2026-11-16&end=2026-11-20").status_code == 200


def test_public_limits_fall_back_to_memory_without_the_limit_store(without_redis):
    client = without_redis.test_client()
    codes = [client.post("/api/v1/requests", json=callback(n)).status_code for n in range(3)]
    assert codes == [201, 201, 429], "the limit still holds, per process"


def test_staff_login_fails_closed_with_a_clear_page_without_the_limit_store(without_redis):
    response = without_redis.test_client().post(
        "/staff/login",
        data={"email": "a@example.org", "password": "correct horse battery"},
        headers={"Accept-Language": "en"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Login is paused" in page
    assert "0351-4882131" in page
    assert "Traceback" not in page
    assert response.headers["Retry-After"] == "60"


def test_readiness_reports_a_dead_limit_store_but_keeps_the_server_in_service(without_redis):
    client = without_redis.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {
        "status": "degraded",
        "database": "up",
        "migrations": "head",
        "rate_limit_store": "down",
        "directory": "off",
    }


def test_readiness_with_a_live_limit_store_is_ok(make_app):
    try:
        redis.Redis.from_url(LIVE_REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running")
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=LIVE_REDIS)
    assert app.test_client().get("/readyz").json["rate_limit_store"] == "up"


def test_a_database_behind_the_migrations_is_not_ready(app, client, db):
    head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    db.session.execute(text("UPDATE alembic_version SET version_num = 'old'"))
    db.session.commit()
    try:
        ready = client.get("/readyz")
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        db.session.commit()
    assert ready.status_code == 503
    assert ready.json["migrations"] == "behind"


def production(monkeypatch, **changes: str) -> None:
    values = {
        "SECRET_KEY": "a-long-random-production-secret-0123456789",
        "DATABASE_URL": "sqlite://",
        "PUBLIC_URL": "https://termine.example.org",
        **changes,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_production_refuses_per_process_limits_with_several_workers(monkeypatch):
    from intake import create_app

    production(monkeypatch, RATELIMIT_STORAGE_URI="memory://", WEB_CONCURRENCY="4")
    with pytest.raises(RuntimeError, match="multiplies every limit"):
        create_app("production")


def test_production_with_one_worker_and_memory_limits_says_so_loudly(monkeypatch, caplog):
    from intake import create_app

    production(monkeypatch, RATELIMIT_STORAGE_URI="memory://", WEB_CONCURRENCY="1")
    with caplog.at_level("WARNING", logger="intake"):
        create_app("production")
    assert "not shared between servers" in caplog.text


@pytest.mark.parametrize("setting", ["RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"])
def test_a_request_wide_limit_is_refused_at_start_rather_than_left_unenforced(setting):
    """Limits sit on the views; the app drops Flask-Limiter's request-wide check, so a default
    limit configured later would do nothing unless it stopped the start."""
    with pytest.raises(RuntimeError, match=setting):
        create_app("testing", DATABASE_URL="sqlite://", **{setting: "100 per minute"})
