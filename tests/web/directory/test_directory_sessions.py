"""A leaver is out within LDAP_RECHECK_MINUTES: open sessions are checked again against the
directory (the clock moved, never slept); the directory down is a 503 that lets nobody in."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from intake.models import AuditEvent, Role, User
from tests.helpers import NOW
from tests.ldap_server import COUNSELLORS, LEADS, PASSWORDS, new_uid

DOWN = "Sign-in with the city account is not possible right now."


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self):
        self.now = NOW

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr("intake.core.clock.now", lambda: frozen.now)
    return frozen


def account(db, email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def signed_in(login, directory, clock):
    """A new counsellor in the directory, signed in at NOW."""
    uid = new_uid()
    email = directory.add_person(uid)
    assert login(email, f"{uid}-password").status_code == 302
    return uid, email


@pytest.mark.parametrize("leaves", ["disabled", "removed", "out_of_both_groups"])
def test_a_leavers_open_session_ends_within_the_recheck_window(
    login, directory, db, clock, signed_in, leaves
):
    uid, email = signed_in
    if leaves == "disabled":
        directory.lock(uid)
    elif leaves == "removed":
        directory.delete(uid)
    else:
        directory.leave(uid, COUNSELLORS)
    clock.advance(minutes=4, seconds=59)
    assert login.client.get("/staff/").status_code == 200, "checked again only after 5 minutes"
    clock.advance(seconds=1)
    response = login.client.get("/staff/", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/login"
    assert login.client.get("/staff/").status_code == 302
    user = account(db, email)
    assert (user.is_active, user.left_at) == (False, clock.now)
    assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "account_left"))


def test_a_leaver_cannot_sign_in_again(login, directory, db, clock, signed_in):
    uid, email = signed_in
    login.client.post("/staff/logout")
    directory.lock(uid)
    response = login(email, f"{uid}-password")
    assert "E-mail or password is not correct." in response.get_data(as_text=True)
    assert not account(db, email).is_active


def test_a_person_still_in_a_group_stays_signed_in_and_is_checked_again(
    login, db, clock, signed_in
):
    uid, email = signed_in
    clock.advance(minutes=6)
    assert login.client.get("/staff/").status_code == 200
    assert account(db, email).source_checked_at == clock.now


def test_a_lead_moved_to_the_counsellor_group_loses_the_lead_pages_at_the_recheck(
    login, directory, db, clock
):
    uid = new_uid()
    email = directory.add_person(uid, groups=(LEADS,))
    login(email, f"{uid}-password")
    assert login.client.get("/staff/team").status_code == 200
    directory.leave(uid, LEADS)
    directory.join(uid, COUNSELLORS)
    clock.advance(minutes=5)
    assert login.client.get("/staff/team").status_code == 403
    assert account(db, email).role == Role.COUNSELLOR


def test_directory_down_gives_directory_users_a_clear_503(login, directory, db, clock):
    directory.stop()
    response = login("amal@city.example", PASSWORDS["amal@city.example"])
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert DOWN in page
    assert "Traceback" not in page
    assert response.headers["Retry-After"] == "120"
    assert login.client.get("/staff/").status_code == 302
    failed = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "login_failed"))
    assert failed.startswith("outcome=unavailable source=directory")


def test_directory_down_is_503_for_an_open_session_due_for_its_check(
    login, directory, clock, signed_in
):
    directory.stop()
    clock.advance(minutes=2)
    assert login.client.get("/staff/").status_code == 200, "not due yet: no question asked"
    clock.advance(minutes=3)
    response = login.client.get("/staff/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert DOWN in response.get_data(as_text=True)


def test_directory_down_a_local_lead_signs_in_with_the_second_factor(
    login, directory, make_user, clock
):
    lead = make_user("notfall@office.example", role=Role.LEAD)
    secret = pyotp.random_base32()
    lead.totp_secret, lead.totp_confirmed_at = secret, NOW
    from intake.extensions import db

    db.session.commit()
    directory.stop()
    response = login("notfall@office.example", "correct horse battery")
    assert response.headers["Location"] == "/staff/login/code"
    assert login.client.get("/staff/team").status_code == 302, "a password alone opens nothing"
    done = login.client.post("/staff/login/code", data={"code": pyotp.TOTP(secret).at(clock.now)})
    assert done.headers["Location"] == "/staff/"
    assert login.client.get("/staff/team").status_code == 200


def test_directory_down_a_wrong_local_password_reads_as_the_outage(
    login, directory, make_user, clock
):
    """The answer does not tell a guesser that the address is a local account."""
    make_user("notfall@office.example", role=Role.LEAD)
    directory.stop()
    unknown = login("someone@city.example", "guess-guess-guess")
    local = login("notfall@office.example", "guess-guess-guess")
    assert unknown.status_code == local.status_code == 503
    assert unknown.get_data() == local.get_data()


def test_a_local_account_needs_a_second_factor_while_the_directory_is_on(login, make_user, clock):
    make_user("notfall@office.example", role=Role.LEAD)
    assert login("notfall@office.example", "correct horse battery").status_code == 302
    response = login.client.get("/staff/")
    assert response.status_code == 302, "no case opens before the second factor is set up"
    assert response.headers["Location"] == "/staff/account/second-factor"


def test_directory_accounts_need_a_second_factor_only_when_the_office_says_so(login, db, clock):
    from intake.models import OfficeSettings

    login("amal@city.example", PASSWORDS["amal@city.example"])
    assert login.client.get("/staff/").status_code == 200
    db.session.add(OfficeSettings(id=1, directory_second_factor=True))
    db.session.commit()
    response = login.client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/account/second-factor"


def test_a_directory_account_has_no_local_password_page(login, clock):
    login("amal@city.example", PASSWORDS["amal@city.example"])
    response = login.client.get("/staff/account/password")
    assert response.headers["Location"] == "/staff/account/second-factor"


def test_readiness_reports_the_directory_and_stays_in_service(directory_app, directory):
    client = directory_app.test_client()
    assert client.get("/readyz").json["directory"] == "up"
    directory.stop()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert (ready.json["status"], ready.json["directory"]) == ("degraded", "down")


def test_a_person_back_in_a_group_signs_in_again(login, directory, db, clock):
    uid = new_uid()
    email = directory.add_person(uid)
    login(email, f"{uid}-password")
    login.client.post("/staff/logout")
    directory.leave(uid, COUNSELLORS)
    assert login(email, f"{uid}-password").status_code == 200
    assert account(db, email).left_at == clock.now
    directory.join(uid, COUNSELLORS)
    assert login(email, f"{uid}-password").status_code == 302
    user = account(db, email)
    assert (user.is_active, user.left_at) == (True, None)


def test_an_account_the_lead_deactivated_stays_deactivated_whatever_the_directory_says(
    login, directory, db, clock
):
    uid = new_uid()
    email = directory.add_person(uid)
    login(email, f"{uid}-password")
    login.client.post("/staff/logout")
    user = account(db, email)
    user.is_active_account = False
    db.session.commit()
    assert login(email, f"{uid}-password").status_code == 200
    assert not account(db, email).is_active
