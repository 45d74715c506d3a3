"""What the lead and the city's administrator see of directory accounts: the team page, the
intake-only fields, the cases of people who left, `flask directory-check`, and the settings
production refuses."""

from datetime import timedelta

import pytest

from config import load_config
from intake.models import AccountSource, Role, User
from tests.helpers import NOW
from tests.ldap_server import LEADS, PASSWORDS, new_uid
from tests.web.directory.conftest import directory_settings


def directory_user(make_user, db, email="olena@city.example", **kwargs) -> User:
    user = make_user(email, name="Olena Koval", languages=("uk",), **kwargs)
    user.account_source = AccountSource.DIRECTORY
    user.external_id = f"uid={email.split('@')[0]},ou=people,dc=city,dc=example"
    db.session.commit()
    return user


@pytest.fixture
def lead_client(login, directory):
    uid = new_uid()
    email = directory.add_person(uid, groups=(LEADS,))
    assert login(email, f"{uid}-password").status_code == 302
    return login.client


def test_the_team_page_shows_directory_accounts_as_such(lead_client, make_user, db):
    directory_user(make_user, db)
    make_user("notfall@office.example", name="Break Glass", role=Role.LEAD)
    page = lead_client.get("/staff/team", headers={"Accept-Language": "en"}).get_data(as_text=True)
    olena = page[page.index("Olena Koval") :].split("</tr>")[0]
    local = page[page.index("Break Glass") :].split("</tr>")[0]
    assert "City directory" in olena
    assert "Reset password" not in olena
    assert "Local account" in local
    assert "Reset password" in local


def test_the_lead_sets_intake_fields_but_not_what_the_directory_owns(lead_client, make_user, db):
    olena = directory_user(make_user, db, role=Role.COUNSELLOR)
    page = lead_client.get(f"/staff/team/{olena.id}", headers={"Accept-Language": "en"})
    assert 'name="role"' not in page.get_data(as_text=True)
    assert 'name="languages"' not in page.get_data(as_text=True), "the directory keeps them"
    response = lead_client.post(
        f"/staff/team/{olena.id}",
        data={"role": "lead", "name": "Mallory", "email": "m@evil.example", "offers_phone": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    olena = db.session.get(User, olena.id)
    assert (olena.role, olena.name, olena.email) == (
        Role.COUNSELLOR,
        "Olena Koval",
        "olena@city.example",
    )
    assert (olena.takes_appointments, olena.offers_phone, olena.offers_video) == (
        False,
        True,
        False,
    )


def test_a_lead_cannot_reset_the_password_of_a_directory_account(lead_client, make_user, db):
    olena = directory_user(make_user, db)
    before = olena.password_hash
    response = lead_client.post(
        f"/staff/team/{olena.id}/reset-password", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 302
    page = lead_client.get("/staff/team", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This account signs in with the city directory." in page
    db.session.expire_all()
    assert db.session.get(User, olena.id).password_hash == before


def test_cases_of_people_who_left_are_listed_for_the_hand_over(
    lead_client, make_user, make_case, make_appointment, db
):
    olena = directory_user(make_user, db)
    colleague = make_user("active@office.example", name="Still Here")
    held = make_case(counsellor=olena, status="in_progress")
    make_case(counsellor=olena, status="closed")
    kept = make_appointment(
        counsellor=olena,
        start=NOW + timedelta(days=400),
        case=make_case(counsellor=colleague, status="scheduled"),
    )
    make_case(counsellor=colleague, status="new")
    olena.is_active_account, olena.left_at = False, NOW
    db.session.commit()
    team = lead_client.get("/staff/team", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 cases to hand over" in team
    page = lead_client.get("/staff/team/leavers", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Olena Koval" in text
    assert held.reference in text
    assert kept.case.reference in text
    assert text.count("/staff/cases/") == 2, "the closed case and the colleague's own stay out"


def test_nothing_to_hand_over_says_so(lead_client):
    page = lead_client.get("/staff/team/leavers", headers={"Accept-Language": "en"})
    assert "Nothing to hand over." in page.get_data(as_text=True)


def test_directory_check_prints_what_intake_sees(directory_app):
    result = directory_app.test_cli_runner().invoke(args=["directory-check", "amal@city.example"])
    assert result.exit_code == 0
    assert "found: uid=amal,ou=people,dc=city,dc=example" in result.output
    assert "role: counsellor" in result.output
    assert "languages: de, ar, en" in result.output
    assert "intake groups: cn=intake-counsellors,ou=groups,dc=city,dc=example" in result.output
    assert PASSWORDS["amal@city.example"] not in result.output


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("nogroup@city.example", "role: - (no access)"),
        ("gone@city.example", "disabled: yes"),
        ("*)(uid=*", "not found"),
    ],
)
def test_directory_check_explains_who_cannot_sign_in(directory_app, login, expected):
    result = directory_app.test_cli_runner().invoke(args=["directory-check", login])
    assert expected in result.output


def test_directory_check_says_when_the_directory_is_down(directory_app, directory):
    directory.stop()
    result = directory_app.test_cli_runner().invoke(args=["directory-check", "amal@city.example"])
    assert result.exit_code == 1
    assert "the directory cannot be reached" in result.output


def test_an_untrusted_certificate_is_the_directory_down(make_app, directory, tmp_path):
    from tests.ldap_server import write_certificates

    write_certificates(tmp_path)  # another CA than the server's
    app = make_app(**directory_settings(directory, LDAP_CA_FILE=str(tmp_path / "ca.pem")))
    response = app.test_client().post(
        "/staff/login",
        data={"email": "amal@city.example", "password": PASSWORDS["amal@city.example"]},
    )
    assert response.status_code == 503


PRODUCTION = {
    "SECRET_KEY": "x" * 40,
    "DATABASE_URL": "postgresql+psycopg://db/intake",
    "PUBLIC_URL": "https://termine.example.org",
    "LDAP_URL": "ldap://ldap.city.example",
}


def test_production_refuses_plain_ldap():
    with pytest.raises(RuntimeError, match="LDAP_ALLOW_PLAIN"):
        load_config("production", {**PRODUCTION, "LDAP_ALLOW_PLAIN": "true"})


def test_production_starts_with_starttls_and_a_ca_file():
    settings = load_config("production", {**PRODUCTION, "LDAP_CA_FILE": "/etc/ssl/city-ca.pem"})
    assert (settings["LDAP_ALLOW_PLAIN"], settings["LDAP_CA_FILE"]) == (
        False,
        "/etc/ssl/city-ca.pem",
    )


def test_without_plain_allowed_the_app_never_talks_plain_ldap(make_app, directory):
    """The test directory refuses anything before StartTLS (security tls=1): a login works,
    so the app spoke TLS; with plain allowed in development it is refused."""
    plain = make_app(**directory_settings(directory, LDAP_ALLOW_PLAIN=True))
    response = plain.test_client().post(
        "/staff/login",
        data={"email": "amal@city.example", "password": PASSWORDS["amal@city.example"]},
    )
    assert response.status_code == 503


def test_the_lead_decides_whether_directory_accounts_need_a_second_factor(lead_client, db):
    from intake.models import OfficeSettings

    page = lead_client.get("/staff/settings", headers={"Accept-Language": "en"})
    label = "Staff signing in with the city account must use a second factor too"
    assert label in page.get_data(as_text=True)
    form = {
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "horizon_days": 56,
        "retention_closed_days": 183,
        "retention_unanswered_days": 30,
        "audit_retention_days": 730,
        "small_cell_threshold": 5,
        "offer_valid_hours": 24,
        "directory_second_factor": "y",
    }
    assert lead_client.post("/staff/settings", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(OfficeSettings, 1).directory_second_factor is True


def test_without_a_directory_the_setting_is_not_offered(client, auth):
    auth.login_as(Role.LEAD)
    page = client.get("/staff/settings", headers={"Accept-Language": "en"})
    assert "city account" not in page.get_data(as_text=True)
