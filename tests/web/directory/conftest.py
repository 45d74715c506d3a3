"""A real slapd for the directory tests (skipped without it, except under CI=true), and an
app pointed at it."""

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from intake.extensions import db
from tests import ldap_server
from tests.conftest import empty_database
from tests.ldap_server import COUNSELLORS, LEADS, PEOPLE, SERVICE_DN, SERVICE_PASSWORD


@pytest.fixture(scope="session")
def slapd(tmp_path_factory) -> Iterator[ldap_server.DirectoryServer]:
    if not ldap_server.available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true needs slapd and ldap-utils (apt-get install slapd ldap-utils)")
        pytest.skip("slapd is not installed (apt-get install slapd ldap-utils)")
    server = ldap_server.DirectoryServer(tmp_path_factory.mktemp("slapd"))
    server.prepare()
    server.start()
    server.seed()
    yield server
    server.stop()


@pytest.fixture
def directory(slapd) -> Iterator[ldap_server.DirectoryServer]:
    """The running directory; a test that stops it gets it started again afterwards."""
    yield slapd
    if slapd.process is None:
        slapd.start()


def directory_settings(server: ldap_server.DirectoryServer, **changes) -> dict:
    settings = {
        "LDAP_URL": server.url,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "LDAP_USER_BASE": PEOPLE,
        "LDAP_LANGUAGE_ATTRIBUTE": "preferredLanguage",
        "LDAP_COUNSELLOR_GROUP": COUNSELLORS,
        "LDAP_LEAD_GROUP": LEADS,
        "LDAP_CA_FILE": server.ca_file,
        "LDAP_TIMEOUT": 2,
    }
    settings.update(changes)
    return settings


@pytest.fixture
def directory_app(make_app, directory) -> Iterator[Flask]:
    """The app signing staff in with the test directory (StartTLS, the test CA)."""
    app = make_app(**directory_settings(directory))
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()


@pytest.fixture
def login(directory_app) -> Callable:
    client = directory_app.test_client()

    def post(email: str, password: str, **headers):
        return client.post(
            "/staff/login",
            data={"email": email, "password": password},
            headers={"Accept-Language": "en", **headers},
        )

    post.client = client
    return post
