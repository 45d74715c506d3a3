"""Fixtures: an app per test on each database, a client, factories and a login helper."""

import contextvars
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from intake import create_app
from intake.booking.references import new_reference
from intake.core.security import hash_token, manage_token_for
from intake.extensions import db as _db
from intake.extensions import limiter
from intake.models import Appointment, Case, CaseTopic, Role, User
from tests.helpers import NOW

PASSWORD = "correct horse battery"


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server would: its own app context, `g` and
    database session, even while the test itself holds an app context open. The test's own
    transaction is committed first, so the test acts as one more client of the database and
    sees the request's writes afterwards."""

    def open(self, *args, **kwargs):
        if has_app_context() and _db.session.registry.has():
            _db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_report_header(config) -> str | None:
    """Say up front, in one line, when half of the database tests will be skipped."""
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    return (
        "PostgreSQL half SKIPPED: TEST_DATABASE_URL is not set; run it with "
        "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres make test"
    )


def migrate_database(url: str) -> None:
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'intake.sqlite'}"
    migrate_database(url)
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh database on the server named by TEST_DATABASE_URL, dropped after the run."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        if _in_ci():
            pytest.fail("CI=true needs TEST_DATABASE_URL for the PostgreSQL run")
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL run skipped")
    name = f"intake_test_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001  (any connection failure means the same here)
        admin.dispose()
        if _in_ci():
            pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    migrate_database(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Every test that uses the database runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


def empty_database() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def make_app(database_url) -> Iterator[Callable[..., Flask]]:
    """Build an app on the test database with some settings changed."""
    apps: list[Flask] = []

    def build(**overrides) -> Flask:
        app = create_app("testing", DATABASE_URL=database_url, **overrides)
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()
            if app.config["RATELIMIT_ENABLED"]:
                limiter.reset()


@pytest.fixture
def app(make_app) -> Iterator[Flask]:
    app = make_app()
    with app.app_context():
        yield app
        _db.session.remove()
        empty_database()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(
        email: str | None = None,
        *,
        role: str = Role.COUNSELLOR,
        languages: tuple[str, ...] = ("de",),
        password: str = PASSWORD,
        name: str = "Test Person",
        active: bool = True,
        takes_appointments: bool | None = None,
    ) -> User:
        user = User(
            email=email or f"{secrets.token_hex(4)}@example.org",
            name=name,
            role=role,
            is_active_account=active,
            takes_appointments=(
                role == Role.COUNSELLOR if takes_appointments is None else takes_appointments
            ),
        )
        user.set_password(password)
        user.set_languages(list(languages))
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_case(db) -> Callable[..., Case]:
    """A stored request with sensible defaults; any column can be given."""

    def make(
        *,
        status: str = "new",
        counsellor: User | None = None,
        created_at: datetime = NOW - timedelta(days=1),
        channel: str = "web",
        talk_language: str = "de",
        locale: str = "de",
        topics: tuple[str, ...] = ("work",),
        name: str = "Amina",
        email: str | None = "amina@example.org",
        **columns,
    ) -> Case:
        form_key = secrets.token_hex(16)
        case = Case(
            reference=new_reference(),
            form_key=form_key,
            manage_token_hash=hash_token(manage_token_for(form_key)),
            status=status,
            locale=locale,
            talk_language=talk_language,
            counsellor_id=counsellor.id if counsellor else None,
            created_at=created_at,
            consent_at=created_at,
            channel=channel,
            name=name,
            email=email,
            topics=[CaseTopic(topic=topic) for topic in topics],
            **columns,
        )
        db.session.add(case)
        db.session.commit()
        return case

    return make


@pytest.fixture
def make_appointment(db, make_case) -> Callable[..., Appointment]:
    """An appointment (with a new case unless one is given); the database still refuses
    overlaps, so a factory cannot build an impossible calendar."""

    def make(
        *,
        counsellor: User,
        start: datetime,
        case: Case | None = None,
        status: str = "requested",
        minutes: int = 60,
        mode: str = "in_person",
        **columns,
    ) -> Appointment:
        case = case or make_case(counsellor=counsellor, mode=mode)
        appointment = Appointment(
            case_id=case.id,
            counsellor_id=counsellor.id,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            status=status,
            mode=mode,
            ical_uid=f"{uuid4()}@intake",
            **columns,
        )
        db.session.add(appointment)
        db.session.commit()
        return appointment

    return make


class AuthActions:
    def __init__(self, client: FlaskClient, make_user: Callable[..., User]):
        self._client = client
        self._make_user = make_user

    def login(self, email: str, password: str = PASSWORD, next_: str = ""):
        return self._client.post(
            "/staff/login", data={"email": email, "password": password, "next": next_}
        )

    def login_as(self, role: str = Role.COUNSELLOR, **kwargs) -> User:
        user = self._make_user(role=role, **kwargs)
        response = self.login(user.email)
        assert response.status_code == 302, "login failed in the auth helper"
        return user

    def logout(self):
        return self._client.post("/staff/logout")


@pytest.fixture
def auth(client, make_user) -> AuthActions:
    return AuthActions(client, make_user)
