"""Login limits hold for directory logins as for local ones: per address a 429, per account
more proof instead of a lock-out of the owner."""

import pytest
from sqlalchemy import select

from intake.models import OutboxMessage
from tests.ldap_server import PASSWORDS
from tests.web.directory.conftest import directory_settings

AMAL = "amal@city.example"


@pytest.fixture
def limited(make_app, directory):
    app = make_app(
        RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", **directory_settings(directory)
    )
    with app.app_context():
        yield app


def post_login(client, email, password, address):
    return client.post(
        "/staff/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "en"},
    )


def test_one_address_guessing_a_city_password_gets_429(limited):
    client = limited.test_client()
    statuses = [post_login(client, AMAL, "guess", "203.0.113.5").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_guesses_from_many_addresses_do_not_lock_out_the_owner(limited):
    from intake.extensions import db

    attacker = limited.test_client()
    for number in range(6):
        post_login(attacker, AMAL, "guess", f"203.0.113.{number}")
    owner = limited.test_client()
    paused = post_login(owner, AMAL, PASSWORDS[AMAL], "198.51.100.7")
    assert paused.status_code == 200, "the right password alone is paused, not refused"
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_unlock"))
    assert mail.recipient == AMAL
    link = mail.body_text.split("http://127.0.0.1:5000", 1)[1].split()[0]
    assert owner.get(link).status_code == 302
    assert post_login(owner, AMAL, PASSWORDS[AMAL], "198.51.100.7").status_code == 302
