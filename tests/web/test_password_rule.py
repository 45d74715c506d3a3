"""The password rule holds wherever a password is set: the set-password link, "change
password" and the create-user command. A refused password changes nothing and says why, in
the page's language."""

import re

import pytest
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import select

from intake.accounts import passwords
from intake.models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import PASSWORD
from tests.helpers import count

NEW = {"name": "Nour Haddad", "email": "nour.haddad@example.org", "role": "counsellor"}
REFUSED = [
    ("123456789012", passwords.COMMON),
    ("passwordpassword", passwords.COMMON),
    ("nour.haddad@example.org", passwords.PERSONAL),
    ("Nour Haddad 2026", passwords.PERSONAL),
]


def shown(page: str, message) -> bool:
    """The lazy `message` appears as a German page shows it."""
    with force_locale("de"):
        text = str(message)
    return str(escape(text)) in page


def set_password_path(db) -> str:
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.body_text.contains("/staff/set-password/"))
    )
    url = re.search(r"https?://\S+/staff/set-password/\S+", message.body_text).group(0)
    return "/" + url.split("/", 3)[3]


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_the_set_password_link_refuses_common_and_personal_passwords(
    client, auth, db, password, message
):
    auth.login_as(Role.LEAD)
    client.post("/staff/team/new", data=NEW | {"languages": "de"})
    auth.logout()
    path = set_password_path(db)
    response = client.post(
        path,
        data={"password": password, "confirm": password},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert shown(response.get_data(as_text=True), message)
    assert auth.login(NEW["email"], password).status_code == 200, "nothing was set"
    assert "password_set" not in db.session.scalars(select(AuditEvent.action)).all()
    assert client.get(path).status_code == 200, "the link still works for a better one"


@pytest.mark.parametrize(
    ("password", "message"),
    [*REFUSED, (PASSWORD, passwords.CURRENT)],
    ids=lambda value: str(value)[:24],
)
def test_changing_the_password_refuses_common_personal_and_current_passwords(
    client, auth, db, password, message
):
    user = auth.login_as(Role.COUNSELLOR, email="nour.haddad@example.org", name="Nour Haddad")
    response = client.post(
        "/staff/account/password",
        data={"current": PASSWORD, "new": password, "repeat": password},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert shown(response.get_data(as_text=True), message)
    assert client.get("/staff/").status_code == 200, "the session goes on"
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 302, "the old password still works"


def test_a_long_passphrase_is_accepted_when_changing_the_password(client, auth, db):
    user = auth.login_as(Role.COUNSELLOR)
    phrase = "Am Elbufer trinken wir um sieben Uhr einen starken Kaffee mit Kardamom"
    response = client.post(
        "/staff/account/password", data={"current": PASSWORD, "new": phrase, "repeat": phrase}
    )
    assert response.status_code == 302
    auth.logout()
    assert auth.login(user.email, phrase).status_code == 302


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_the_create_user_command_refuses_common_and_personal_passwords(
    runner, db, password, message
):
    result = runner.invoke(
        args=["create-user", NEW["email"], "--name", NEW["name"]], input=f"{password}\n"
    )
    assert result.exit_code != 0
    assert str(message) in result.output
    assert count(db, User) == 0
