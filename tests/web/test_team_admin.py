"""The office lead's team page: accounts with a one-time set-password link, never a password
by e-mail; deactivation ends every session at once; the CLI follows the same rules."""

import re

import pytest
from sqlalchemy import select

from intake.models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import PASSWORD
from tests.helpers import count

NEW = {
    "name": "Nour Haddad",
    "email": "Nour@Example.org",
    "role": "counsellor",
    "languages": "de, ar, dgs",
    "takes_appointments": "y",
    "offers_phone": "y",
}
ENGLISH = {"Accept-Language": "en"}


def link_path(message: OutboxMessage) -> str:
    url = re.search(r"https?://\S+/staff/set-password/\S+", message.body_text).group(0)
    return "/" + url.split("/", 3)[3]


def audit(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_new_account_gets_a_link_and_no_password_by_mail(client, auth, db):
    lead = auth.login_as(Role.LEAD)
    response = client.post("/staff/team/new", data=NEW)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nour@example.org"))
    assert user.language_codes == ["ar", "de", "dgs"]
    assert (user.takes_appointments, user.offers_phone, user.offers_video) == (True, True, False)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert "/staff/set-password/" in message.body_text
    assert "password:" not in message.body_text.lower().replace("your password", "")
    assert ("account_created", lead.id) in [
        (e.action, e.actor_id) for e in db.session.scalars(select(AuditEvent))
    ]


def test_the_link_sets_the_password_once(client, auth, db):
    auth.login_as(Role.LEAD)
    client.post("/staff/team/new", data=NEW)
    auth.logout()
    path = link_path(db.session.scalar(select(OutboxMessage)))
    assert client.get(path).status_code == 200
    new_password = "a long new password"
    response = client.post(path, data={"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert auth.login("nour@example.org", new_password).status_code == 302
    auth.logout()
    assert client.get(path).status_code == 404
    again = client.post(
        path, data={"password": "another password 1", "confirm": "another password 1"}
    )
    assert again.status_code == 404


def test_a_short_password_is_refused_on_the_link_page(client, auth, db):
    auth.login_as(Role.LEAD)
    client.post("/staff/team/new", data=NEW)
    auth.logout()
    path = link_path(db.session.scalar(select(OutboxMessage)))
    response = client.post(path, data={"password": "short", "confirm": "short"}, headers=ENGLISH)
    assert response.status_code == 422
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200  # the link still works


def test_a_forged_link_is_404(client):
    assert client.get("/staff/set-password/not-a-token").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "not an address"}, "Invalid email address."),
        ({"languages": "de, klingon"}, "Unknown language code: klingon"),
        ({"role": "admin"}, "Not a valid choice."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_a_wrong_account_is_refused_and_nothing_is_stored(client, auth, db, change, message):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/team/new", data={**NEW, **change}, headers=ENGLISH)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, User) == 1
    assert count(db, OutboxMessage) == 0


def test_an_address_used_already_is_refused(client, auth, db, make_user):
    make_user("nour@example.org")
    auth.login_as(Role.LEAD)
    response = client.post("/staff/team/new", data=NEW, headers=ENGLISH)
    assert response.status_code == 422
    assert "exists already" in response.get_data(as_text=True)
    assert count(db, OutboxMessage) == 0


def test_deactivating_ends_every_session_of_that_account_at_once(make_app, make_user, db):
    app = make_app()
    colleague = make_user("c@example.org")
    lead = make_user("lead@example.org", role=Role.LEAD)
    theirs, mine = app.test_client(), app.test_client()
    theirs.post("/staff/login", data={"email": colleague.email, "password": PASSWORD})
    assert theirs.get("/staff/").status_code == 200
    mine.post("/staff/login", data={"email": lead.email, "password": PASSWORD})
    old_token = db.session.get(User, colleague.id).session_token
    assert mine.post(f"/staff/team/{colleague.id}/deactivate").status_code == 302
    assert theirs.get("/staff/").status_code == 302
    # The session itself ended, so switching the account on again revives no copied cookie.
    assert db.session.get(User, colleague.id).session_token != old_token
    assert (
        theirs.post(
            "/staff/login", data={"email": colleague.email, "password": PASSWORD}
        ).status_code
        == 200
    )
    assert "account_deactivated" in audit(db)


def test_a_lead_cannot_deactivate_or_demote_themselves(client, auth, db):
    lead = auth.login_as(Role.LEAD)
    client.post(f"/staff/team/{lead.id}/deactivate")
    response = client.post(
        f"/staff/team/{lead.id}", data={"role": "counsellor", "languages": "de"}, headers=ENGLISH
    )
    assert response.status_code == 422
    assert "your own lead role" in response.get_data(as_text=True)
    db.session.refresh(lead)
    assert (lead.is_active_account, lead.role) == (True, Role.LEAD)


def test_the_lead_changes_role_languages_and_what_a_colleague_offers(client, auth, db, make_user):
    colleague = make_user("c@example.org")
    auth.login_as(Role.LEAD)
    data = {"role": "lead", "languages": "de,uk", "offers_video": "y"}
    assert client.post(f"/staff/team/{colleague.id}", data=data).status_code == 302
    db.session.refresh(colleague)
    assert (colleague.role, colleague.language_codes) == (Role.LEAD, ["de", "uk"])
    assert (colleague.takes_appointments, colleague.offers_phone, colleague.offers_video) == (
        False,
        False,
        True,
    )
    assert "account_changed" in audit(db)


def test_resetting_a_password_kills_the_old_one_and_sends_a_link(client, auth, db, make_user):
    colleague = make_user("c@example.org")
    auth.login_as(Role.LEAD)
    assert client.post(f"/staff/team/{colleague.id}/reset-password").status_code == 302
    auth.logout()
    assert auth.login(colleague.email).status_code == 200
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == colleague.email)
    )
    assert client.get(link_path(message)).status_code == 200
    assert PASSWORD not in message.body_text
    assert "password_reset" in audit(db)


def test_the_command_line_refuses_what_the_page_refuses(runner, db):
    result = runner.invoke(
        args=["create-user", "x@example.org", "--name", "X", "--languages", "de,klingon"],
        input="a long enough password\n",
    )
    assert result.exit_code != 0
    assert "klingon" in result.output  # named in the office's language
    assert count(db, User) == 0


def test_the_team_page_shows_when_each_member_last_logged_in(client, auth, make_user):
    """Who has never logged in (an unused account to deactivate) and who did, and when."""
    make_user("quiet@example.org", name="Quiet Colleague")
    auth.login_as(Role.LEAD, name="Lea Lead")
    page = client.get("/staff/team", headers=ENGLISH).get_data(as_text=True)
    quiet_row = next(row for row in page.split("<tr>") if "Quiet Colleague" in row)
    lead_row = next(row for row in page.split("<tr>") if "Lea Lead" in row)
    assert ">never<" in quiet_row
    assert ">never<" not in lead_row
