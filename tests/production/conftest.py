"""The production stack for these tests: skipped on a machine without nginx, PostgreSQL or
Redis, required when CI=true."""

import os
import secrets
import shutil
from datetime import time

import pytest
import redis
from sqlalchemy import create_engine, make_url, text

from intake import create_app
from intake.extensions import db
from intake.models import OfficeSettings, Role, User, WorkingHours
from tests.conftest import PASSWORD, migrate_database
from tests.production.stack import Stack
from tests.smtp import SMTPServer, free_port

REDIS_URL = "redis://127.0.0.1:6379/14"
STAFF_EMAIL = "lead@example.org"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/production/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.production)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _missing(what: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true needs {what} for the production test")
    pytest.skip(f"{what} not available: production test skipped")


def _require_services() -> str:
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        _missing("nginx")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        _missing("Redis on 127.0.0.1:6379")
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        _missing("TEST_DATABASE_URL (PostgreSQL)")
    return base


@pytest.fixture(scope="package")
def production_database():
    base = _require_services()
    name = f"intake_prod_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    migrate_database(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="package")
def office_app(production_database):
    """The test's own view of the shared database: seeds the office and counts rows."""
    app = create_app("testing", DATABASE_URL=production_database)
    with app.app_context():
        db.session.add(
            OfficeSettings(
                id=1, slot_minutes=60, buffer_minutes=0, min_notice_hours=1, horizon_days=56
            )
        )
        for number in range(1):
            counsellor = User(
                email=f"c{number}@example.org",
                name=f"Counsellor {number}",
                role=Role.COUNSELLOR,
                takes_appointments=True,
            )
            counsellor.set_password(PASSWORD)
            counsellor.set_languages(["de"])
            db.session.add(counsellor)
            db.session.flush()
            for weekday in range(7):
                db.session.add(
                    WorkingHours(
                        user_id=counsellor.id,
                        weekday=weekday,
                        start_time=time(7),
                        end_time=time(20),
                    )
                )
        lead = User(email=STAFF_EMAIL, name="Lead", role=Role.LEAD, takes_appointments=False)
        lead.set_password(PASSWORD)
        lead.set_languages(["de"])
        db.session.add(lead)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="package")
def smtp():
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def stack(office_app, production_database, smtp, tmp_path_factory):
    prefix = f"intake-prod-{secrets.token_hex(4)}"
    stack = Stack(
        folder=tmp_path_factory.mktemp("production"),
        database_url=production_database,
        redis_url=REDIS_URL,
        redis_prefix=prefix,
        smtp_port=smtp.port,
    )
    try:
        stack.start()
    except Exception:
        stack.stop()
        print(stack.logs())
        raise
    yield stack
    stack.stop()
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"{prefix}*"):
        store.delete(key)


@pytest.fixture(autouse=True)
def _server_logs_on_failure(request, stack):
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(stack.logs())
