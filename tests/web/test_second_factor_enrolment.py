"""Setting up a second factor needs the password and a one-time link mailed to the account's
own address: the token is stored as a hash, expires, works once and for its account only."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from intake.core.security import hash_token
from intake.models import AuditEvent, OfficeSettings, OutboxMessage, Role, User
from tests.conftest import PASSWORD
from tests.helpers import NOW


@pytest.fixture
def moment(monkeypatch):
    current = [NOW]
    monkeypatch.setattr("intake.core.clock.now", lambda: current[0])
    return current


def links_to(db, user: User) -> list[str]:
    mails = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "second_factor_link")
        .order_by(OutboxMessage.id)
    ).all()
    assert all(mail.recipient == user.email for mail in mails), "only to the account's address"
    return [re.search(r"http://127\.0\.0\.1:5000(\S+)", mail.body_text).group(1) for mail in mails]


def confirm(client, path: str):
    """Open the link, read the new secret from the page, confirm with its current code."""
    page = client.get(path).get_data(as_text=True)
    secret = re.search(r'<code dir="ltr">([A-Z2-7]+)</code>', page).group(1)
    return client.post(path, data={"code": pyotp.TOTP(secret).at(NOW)}), secret


def refreshed(db, user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_password_alone_shows_no_secret_and_enrols_nothing(client, db, auth, moment):
    user = auth.login_as()
    page = client.get("/staff/account/second-factor").get_data(as_text=True)
    assert "<svg" not in page, "no QR code without the mailed link"
    assert user.email in page, "the page says where the link goes"
    with client.session_transaction() as stored:
        stored["enrol_secret"] = secret = pyotp.random_base32()
    client.post("/staff/account/second-factor", data={"code": pyotp.TOTP(secret).at(NOW)})
    assert not refreshed(db, user).has_second_factor


def test_the_mailed_link_enrols_once_and_its_token_is_stored_hashed(client, db, auth, moment):
    user = auth.login_as()
    assert client.post("/staff/account/second-factor").status_code == 303
    [path] = links_to(db, user)
    token = path.rsplit("/", 1)[1]
    stored = refreshed(db, user)
    assert stored.enrolment_token_hash == hash_token(token)
    assert token not in repr(stored.__dict__)
    done, _secret = confirm(client, path)
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.get_data(as_text=True))) == 10, "recovery codes"
    assert refreshed(db, user).has_second_factor
    assert client.get(path).status_code == 404, "used once"
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert {"second_factor_link_sent", "second_factor_enrolled"} <= set(events)


def test_an_expired_link_enrols_nothing(client, db, auth, moment):
    user = auth.login_as()
    client.post("/staff/account/second-factor")
    [path] = links_to(db, user)
    moment[0] = NOW + timedelta(hours=72, minutes=1)
    assert client.get("/staff/").status_code == 302, "the session of three days ago has ended"
    auth.login(user.email)
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "This link is no longer valid." in response.get_data(as_text=True)
    assert client.post(path, data={"code": "123456"}).status_code == 404
    assert not refreshed(db, user).has_second_factor


def test_a_newer_link_replaces_the_older_one(client, db, auth, moment):
    user = auth.login_as()
    client.post("/staff/account/second-factor")
    client.post("/staff/account/second-factor")
    older, newer = links_to(db, user)
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200


def test_the_link_opens_nothing_for_another_account_or_without_login(
    app, client, db, auth, make_user, moment
):
    owner = make_user("owner@example.org")
    login = app.test_client()
    login.post("/staff/login", data={"email": owner.email, "password": PASSWORD})
    login.post("/staff/account/second-factor")
    [path] = links_to(db, owner)
    scanner = app.test_client()
    opened = scanner.get(path)
    assert opened.status_code == 302, "a mail scanner lands on the login page"
    assert "/staff/login" in opened.headers["Location"]
    auth.login_as()  # a colleague who knows the owner's link
    assert client.get(path).status_code == 404
    assert client.post(path, data={"code": "123456"}).status_code == 404
    assert not refreshed(db, owner).has_second_factor
    assert login.get(path).status_code == 200, "still valid for its own account"


def test_a_new_account_gets_the_link_and_enrols_after_setting_its_password(
    app, client, db, auth, moment
):
    auth.login_as(Role.LEAD)
    client.post(
        "/staff/team/new",
        data={"name": "Nour", "email": "nour@example.org", "role": "counsellor", "languages": "de"},
    )
    auth.logout()
    db.session.add(OfficeSettings(id=1, require_second_factor=True))
    db.session.commit()
    nour = db.session.scalar(select(User).where(User.email == "nour@example.org"))
    [path] = links_to(db, nour)
    set_password = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.kind == "account_created")
    )
    link = re.search(r"http://127\.0\.0\.1:5000(\S+)", set_password.body_text).group(1)
    phrase = "Kaffee am Elbufer um sieben"
    client.post(link, data={"password": phrase, "confirm": phrase})
    assert auth.login(nour.email, phrase).status_code == 302
    assert client.get("/staff/").headers["Location"].endswith("/staff/account/second-factor")
    done, _secret = confirm(client, path)
    assert done.status_code == 200
    assert client.get("/staff/").status_code == 200


def test_a_lead_reset_sends_a_new_link_and_the_old_factor_is_gone(
    app, client, db, auth, make_user, moment
):
    colleague = make_user("c@example.org")
    colleague.totp_secret, colleague.totp_confirmed_at = pyotp.random_base32(), NOW
    colleague.totp_last_step = 1
    db.session.commit()
    auth.login_as(Role.LEAD)
    client.post(f"/staff/account/{colleague.id}/reset-second-factor")
    [path] = links_to(db, colleague)
    reset = refreshed(db, colleague)
    assert (reset.totp_secret, reset.totp_last_step) == (None, None)
    theirs = app.test_client()
    theirs.post("/staff/login", data={"email": colleague.email, "password": PASSWORD})
    done, secret = confirm(theirs, path)
    assert done.status_code == 200
    assert refreshed(db, colleague).totp_secret == secret


def test_re_enrolling_replaces_the_factor_through_a_new_link(client, db, auth, moment):
    user = auth.login_as()
    client.post("/staff/account/second-factor")
    first, old_secret = confirm(client, links_to(db, user)[0])
    page = client.get("/staff/account/second-factor", headers={"Accept-Language": "en"})
    assert "protected by a second factor" in page.get_data(as_text=True)
    client.post("/staff/account/second-factor")
    second, new_secret = confirm(client, links_to(db, user)[1])
    assert second.status_code == 200
    assert refreshed(db, user).totp_secret == new_secret != old_secret


def test_my_account_shows_how_to_set_up_the_second_factor(client, auth, moment):
    auth.login_as()
    page = client.get("/staff/account/password", headers={"Accept-Language": "en"})
    page = page.get_data(as_text=True)
    assert "How to set up the second factor" in page
    assert 'href="/staff/account/second-factor"' in page
