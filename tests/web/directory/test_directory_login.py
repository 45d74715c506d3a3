"""Staff sign in with the city's directory: the password is the directory's, the role comes
from its groups, name and languages follow it, and the filter cannot be bent."""

import pytest
from sqlalchemy import select

from intake.models import AuditEvent, Role, User
from tests.ldap_server import COUNSELLORS, LEADS, PASSWORDS, new_uid

FAILURE = "E-mail or password is not correct."


def account(db, email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_counsellor_signs_in_with_the_city_password(login, db):
    response = login("amal@city.example", PASSWORDS["amal@city.example"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    page = login.client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hello, Amal Haddad" in page
    user = account(db, "amal@city.example")
    assert (user.role, user.account_source, user.language_codes) == (
        Role.COUNSELLOR,
        "directory",
        ["ar", "de", "en"],
    )


def test_the_lead_group_gives_the_lead_role(login, db):
    assert login("leitung@city.example", PASSWORDS["leitung@city.example"]).status_code == 302
    assert login.client.get("/staff/team").status_code == 200
    assert account(db, "leitung@city.example").role == Role.LEAD


def test_the_login_is_found_in_any_case(login):
    assert login("Olena@CITY.example", PASSWORDS["olena@city.example"]).status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("amal@city.example", "wrong-password"),
        ("nobody@city.example", "amal-city-password"),
        ("nogroup@city.example", PASSWORDS["nogroup@city.example"]),
        ("gone@city.example", PASSWORDS["gone@city.example"]),
    ],
    ids=["wrong_password", "unknown", "in_no_group", "disabled"],
)
def test_every_refusal_gets_the_usual_message(login, db, email, password):
    response = login(email, password)
    assert response.status_code == 200
    assert FAILURE in response.get_data(as_text=True)
    assert login.client.get("/staff/").status_code == 302
    assert account(db, email) is None or not account(db, email).is_active


def test_an_empty_password_never_binds(directory_app):
    """The test directory takes a DN without a password as an anonymous bind, as Active
    Directory does: the provider must never send one."""
    from intake.auth.providers.directory import PROVIDER
    from intake.extensions import db
    from tests.helpers import NOW

    attempt = PROVIDER.check_password("amal@city.example", "", now=NOW)
    assert attempt.outcome == "wrong_password", "refused as a wrong password, not an outage"
    assert account(db, "amal@city.example") is None


@pytest.mark.parametrize(
    "login_name",
    ["*)(uid=*", "*", "amal*", "*)(uid=amal", "amal@city.example)(|(mail=*", "a\\2a"],
)
def test_filter_characters_in_the_login_find_nobody(login, db, login_name):
    response = login(login_name, PASSWORDS["amal@city.example"])
    assert FAILURE in response.get_data(as_text=True)
    assert db.session.scalars(select(User)).all() == []


def test_a_user_name_signs_in_when_configured(make_app, directory):
    from tests.web.directory.conftest import directory_settings

    app = make_app(**directory_settings(directory, LDAP_LOGIN_ATTRIBUTES="mail,uid"))
    client = app.test_client()
    page = client.get("/staff/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "E-mail or user name" in page
    response = client.post(
        "/staff/login", data={"email": "olena", "password": PASSWORDS["olena@city.example"]}
    )
    assert response.status_code == 302


def test_moving_to_the_lead_group_makes_a_lead_at_the_next_login(login, directory, db):
    uid = new_uid()
    email = directory.add_person(uid, groups=(COUNSELLORS,))
    assert login(email, f"{uid}-password").status_code == 302
    assert account(db, email).role == Role.COUNSELLOR
    assert login.client.get("/staff/team").status_code == 403
    login.client.post("/staff/logout")
    directory.leave(uid, COUNSELLORS)
    directory.join(uid, LEADS)
    assert login(email, f"{uid}-password").status_code == 302
    db.session.expire_all()
    assert account(db, email).role == Role.LEAD
    assert login.client.get("/staff/team").status_code == 200


def test_name_and_languages_follow_the_directory_at_each_login(login, directory, db):
    uid = new_uid()
    email = directory.add_person(uid, preferredLanguage="ru")
    login(email, f"{uid}-password")
    login.client.post("/staff/logout")
    directory.ldif(
        f"dn: uid={uid},ou=people,dc=city,dc=example\nchangetype: modify\n"
        "replace: preferredLanguage\npreferredLanguage: uk, de\n-\n"
        "replace: displayName\ndisplayName: Renamed Person\n",
        modify=True,
    )
    login(email, f"{uid}-password")
    db.session.expire_all()
    user = account(db, email)
    assert (user.name, user.language_codes) == ("Renamed Person", ["de", "uk"])


def test_the_audit_says_the_login_came_from_the_directory(login, db):
    login("amal@city.example", PASSWORDS["amal@city.example"])
    login.client.post("/staff/logout")
    login("amal@city.example", "wrong-password")
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    logins = [event.detail for event in events if event.action == "login"]
    failures = [event.detail for event in events if event.action == "login_failed"]
    assert logins == ["factor=password source=directory"]
    assert failures[0].startswith("outcome=wrong_password source=directory")


def test_a_local_account_with_the_same_address_becomes_the_directory_account(login, make_user, db):
    old = make_user("olena@city.example", name="Olena (local)")
    assert login("olena@city.example", PASSWORDS["olena@city.example"]).status_code == 302
    login.client.post("/staff/logout")
    db.session.expire_all()
    user = account(db, "olena@city.example")
    assert (user.id, user.account_source, user.name) == (old.id, "directory", "Olena Koval")
    from tests.conftest import PASSWORD

    assert FAILURE in login("olena@city.example", PASSWORD).get_data(as_text=True)
