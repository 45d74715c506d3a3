"""Staff accounts that guesses cannot lock and a stolen password alone cannot open."""

import re

import pyotp
import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import select

from intake.models import AuditEvent, OfficeSettings, OutboxMessage, Role
from tests.conftest import PASSWORD

WRONG = "not the password"
PAUSED_HINT = (
    "After many failed attempts, logging in to this account needs the link we e-mail to "
    "the account's address. Open the link in this browser, then log in again."
)


def in_german(message: str) -> str:
    with force_locale("de"):
        return gettext(message)


@pytest.fixture
def limited(db, make_app):
    """Limits on: 3 failures a minute per address and per account."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        yield app


def post_login(client, email, password, address):
    return client.post(
        "/staff/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "de"},
    )


def test_guesses_from_many_addresses_do_not_lock_out_the_owner_with_a_second_factor(
    limited, make_user, db
):
    lead = make_user("lead@example.org", role=Role.LEAD)
    secret = pyotp.random_base32()
    lead.totp_secret, lead.totp_confirmed_at = secret, lead.created_at
    db.session.commit()
    attacker = limited.test_client()
    for number in range(6):
        post_login(attacker, lead.email, WRONG, f"203.0.113.{number}")
    owner = limited.test_client()
    paused = post_login(owner, lead.email, PASSWORD, "198.51.100.7")
    assert paused.status_code == 200, "the right password alone is paused, as a wrong one"
    assert str(escape(in_german(PAUSED_HINT))) in paused.get_data(as_text=True)
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_unlock"))
    assert owner.get(unlock_path(mail)).status_code == 302
    response = post_login(owner, lead.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/login/code")
    code = pyotp.TOTP(secret).now()
    assert owner.post("/staff/login/code", data={"code": code}).status_code == 302
    assert owner.get("/staff/").status_code == 200


def unlock_path(mail) -> str:
    return mail.body_text.split("http://127.0.0.1:5000", 1)[1].split()[0]


def test_without_a_second_factor_the_owner_gets_in_through_the_mailed_unlock_link(
    limited, make_user, db
):
    user = make_user("amal@example.org")
    attacker = limited.test_client()
    for number in range(6):
        post_login(attacker, user.email, WRONG, f"203.0.113.{number}")
    owner = limited.test_client()
    refused = post_login(owner, user.email, PASSWORD, "198.51.100.7")
    assert refused.status_code == 200, "the right password alone is paused, not refused"
    assert str(escape(in_german(PAUSED_HINT))) in refused.get_data(as_text=True)
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "staff_unlock")
    ).all()
    link = mail.body_text.split("http://127.0.0.1:5000", 1)[1].split()[0]
    assert owner.get(link).status_code == 302
    assert post_login(owner, user.email, PASSWORD, "198.51.100.7").status_code == 302
    landing = owner.get("/staff/", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert landing.status_code == 200, landing.headers.get("Location")


def test_the_unlock_link_opens_nothing_in_another_browser(limited, make_user, db):
    user = make_user("olena@example.org")
    attacker = limited.test_client()
    for number in range(6):
        post_login(attacker, user.email, WRONG, f"203.0.113.{number}")
    post_login(limited.test_client(), user.email, PASSWORD, "198.51.100.7")
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_unlock"))
    assert mail.recipient == user.email
    assert post_login(attacker, user.email, PASSWORD, "203.0.113.99").status_code == 200


def test_one_address_guessing_gets_429_with_retry_after(limited, make_user):
    make_user("target@example.org")
    client = limited.test_client()
    statuses = [post_login(client, "target@example.org", WRONG, "203.0.113.5") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert int(statuses[-1].headers["Retry-After"]) > 0
    assert "Zu viele Versuche" in statuses[-1].get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "password", "outcome"),
    [
        ("known@example.org", WRONG, "wrong_password"),
        ("nobody@example.org", WRONG, "unknown_account"),
    ],
)
def test_failed_logins_are_recorded_with_account_address_and_outcome(
    client, db, make_user, caplog, email, password, outcome
):
    user = make_user("known@example.org")
    with caplog.at_level("WARNING"):
        post_login(client, email, password, "192.0.2.44")
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed"))
    assert f"outcome={outcome}" in event.detail
    assert "address=192.0.2.44" in event.detail
    if outcome == "wrong_password":
        assert event.object_type == "user"
        assert event.object_id == user.id
    else:
        assert "unknown=" in event.detail
    assert email not in event.detail, "an unknown name is kept only as a hash"
    assert "failed staff login" in caplog.text
    assert [r.levelname for r in caplog.records if "failed staff login" in r.message] == ["WARNING"]


def test_a_lead_sees_failed_logins_in_the_audit_log(client, db, make_user, auth):
    make_user("known@example.org")
    post_login(client, "known@example.org", WRONG, "192.0.2.44")
    auth.login_as(Role.LEAD)
    page = client.get("/staff/audit?action=login_failed").get_data(as_text=True)
    assert "login_failed" in page
    assert "address=192.0.2.44" in page


def enrol(client, db, user, at=None):
    """Enrol the logged-in user through the mailed link (the clock at `at`, or now); returns
    (secret, recovery codes)."""
    assert client.post("/staff/account/second-factor").status_code == 303
    path = enrolment_path(db, user)
    page = client.get(path).get_data(as_text=True)
    assert "<svg" in page, "the QR code is drawn on the server"
    with client.session_transaction() as stored:
        secret = stored["enrol_secret"]
    totp = pyotp.TOTP(secret)
    done = client.post(path, data={"code": totp.at(at) if at else totp.now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", done.get_data(as_text=True))
    return secret, codes


def enrolment_path(db, user) -> str:
    """The path of the newest enrolment link mailed to `user`."""
    mails = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "second_factor_link", OutboxMessage.recipient == user.email)
        .order_by(OutboxMessage.id)
    ).all()
    return re.search(r"http://127\.0\.0\.1:5000(\S+)", mails[-1].body_text).group(1)


def test_with_a_second_factor_required_a_password_alone_opens_no_case(client, db, make_user, auth):
    db.session.add(OfficeSettings(id=1, require_second_factor=True))
    db.session.commit()
    auth.login_as(Role.COUNSELLOR)
    for path in ("/staff/", "/staff/availability", "/staff/feed"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith("/staff/account/second-factor")


def test_enrolment_gives_ten_one_time_recovery_codes_stored_hashed(client, db, make_user, auth):
    user = auth.login_as(Role.COUNSELLOR)
    secret, codes = enrol(client, db, user)
    assert len(codes) == 10
    db.session.refresh(user)
    assert user.has_second_factor
    assert not any(code in (user.recovery_codes or "") for code in codes)
    auth.logout()
    auth.login(user.email)
    assert client.post("/staff/login/code", data={"code": codes[0]}).status_code == 302
    auth.logout()
    auth.login(user.email)
    again = client.post("/staff/login/code", data={"code": codes[0]})
    assert again.status_code == 422, "a recovery code works once"


def test_a_wrong_code_after_the_right_password_opens_nothing(client, db, make_user, auth):
    user = auth.login_as(Role.COUNSELLOR)
    enrol(client, db, user)
    auth.logout()
    assert auth.login(user.email).headers["Location"].endswith("/staff/login/code")
    assert client.post("/staff/login/code", data={"code": "000000"}).status_code == 422
    assert client.get("/staff/").status_code == 302


def test_a_lead_resets_a_colleagues_factor_and_it_is_audited(client, db, make_user, auth):
    colleague = make_user("c@example.org")
    colleague.totp_secret, colleague.totp_confirmed_at = "A" * 32, colleague.created_at
    db.session.commit()
    lead = auth.login_as(Role.LEAD)
    response = client.post(f"/staff/account/{colleague.id}/reset-second-factor")
    assert response.status_code == 302
    db.session.refresh(colleague)
    assert not colleague.has_second_factor
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "second_factor_reset")
    )
    assert (event.actor_id, event.object_id) == (lead.id, colleague.id)


def test_a_counsellor_cannot_reset_anyones_factor(client, db, make_user, auth):
    colleague = make_user("c@example.org")
    auth.login_as(Role.COUNSELLOR)
    assert client.post(f"/staff/account/{colleague.id}/reset-second-factor").status_code == 403


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    app, client, db, make_user, auth
):
    user = make_user("me@example.org")
    other = app.test_client()
    other.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    auth.login(user.email)
    new = "a new long password 42"
    wrong = client.post(
        "/staff/account/password", data={"current": WRONG, "new": new, "repeat": new}
    )
    assert wrong.status_code == 422
    done = client.post(
        "/staff/account/password", data={"current": PASSWORD, "new": new, "repeat": new}
    )
    assert done.status_code == 302
    assert client.get("/staff/").status_code == 200, "this browser carries on"
    assert other.get("/staff/").status_code == 302, "every other session ended"
    assert auth.logout()
    assert auth.login(user.email, new).status_code == 302
