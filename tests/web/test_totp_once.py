"""A TOTP code opens one login: the account remembers the newest time step it accepted, and
of two logins racing with one code exactly one gets in (on SQLite and PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pyotp
import pytest
from sqlalchemy import select

from intake.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.helpers import NOW


@pytest.fixture
def moment(monkeypatch):
    """The office clock, movable by the test: moment[0] is now."""
    current = [NOW]
    monkeypatch.setattr("intake.core.clock.now", lambda: current[0])
    return current


@pytest.fixture
def enrolled(db, make_user):
    user = make_user("amal@example.org")
    user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), NOW - timedelta(days=1)
    db.session.commit()
    return user


def code_at(user: User, moment) -> str:
    return pyotp.TOTP(user.totp_secret).at(moment)


def password_step(app, user: User, address: str):
    client = app.test_client()
    response = client.post(
        "/staff/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    )
    assert response.headers["Location"].endswith("/staff/login/code")
    return client


def code_step(client, code: str, address: str) -> int:
    response = client.post(
        "/staff/login/code", data={"code": code}, environ_base={"REMOTE_ADDR": address}
    )
    return response.status_code


def test_a_code_used_once_does_not_open_a_second_login_from_another_address(
    app, db, enrolled, moment
):
    code = code_at(enrolled, NOW)
    first = password_step(app, enrolled, "198.51.100.7")
    second = password_step(app, enrolled, "203.0.113.9")
    assert code_step(first, code, "198.51.100.7") == 302
    assert code_step(second, code, "203.0.113.9") == 422
    assert second.get("/staff/").status_code == 302, "the second browser opened nothing"


def test_a_code_is_refused_within_its_whole_window_and_an_older_one_after_a_newer(
    app, db, enrolled, moment
):
    older, newer = code_at(enrolled, NOW - timedelta(seconds=30)), code_at(enrolled, NOW)
    assert code_step(password_step(app, enrolled, "192.0.2.1"), newer, "192.0.2.1") == 302
    moment[0] = NOW + timedelta(seconds=25)  # the same code is still inside the window
    assert code_step(password_step(app, enrolled, "192.0.2.2"), newer, "192.0.2.2") == 422
    assert code_step(password_step(app, enrolled, "192.0.2.3"), older, "192.0.2.3") == 422
    moment[0] = NOW + timedelta(seconds=60)
    fresh = code_at(enrolled, moment[0])
    assert code_step(password_step(app, enrolled, "192.0.2.4"), fresh, "192.0.2.4") == 302


def race(clients: list, addresses: list[str], code: str) -> list[int]:
    """Every client sends `code` at the same moment; their statuses, sorted."""
    barrier = Barrier(len(clients))

    def send(number: int) -> int:
        barrier.wait()
        return code_step(clients[number], code, addresses[number])

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return sorted(pool.map(send, range(len(clients))))


@pytest.mark.parametrize("logins", [2, 6])
def test_concurrent_logins_with_one_code_let_exactly_one_in(app, db, enrolled, moment, logins):
    for round_ in range(3):
        moment[0] = NOW + timedelta(minutes=round_)
        code = code_at(enrolled, moment[0])
        addresses = [f"203.0.113.{round_ * 10 + number}" for number in range(logins)]
        clients = [password_step(app, enrolled, address) for address in addresses]
        statuses = race(clients, addresses, code)
        assert statuses == [302] + [422] * (logins - 1), (round_, statuses)
    logins_recorded = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "login")
    ).all()
    assert len(logins_recorded) == 3


def test_the_code_that_confirmed_the_enrolment_does_not_log_in(client, db, auth, moment):
    from tests.web.test_login_protection import enrol

    user = auth.login_as()
    secret, _codes = enrol(client, db, user, at=NOW)
    auth.logout()
    auth.login(user.email)
    assert client.post(
        "/staff/login/code", data={"code": pyotp.TOTP(secret).at(NOW)}
    ).status_code == (422)
