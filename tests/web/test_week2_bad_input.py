"""Bad input to the new staff forms: a clear error, and nothing changes."""

from sqlalchemy import select

from intake.models import Absence, Case, Role
from tests.helpers import count


def test_a_deputy_that_is_no_number_is_refused(client, db, auth, frozen_now):
    auth.login_as(Role.COUNSELLOR, name="Amal Haddad")
    answer = client.post(
        "/staff/availability/absences",
        data={
            "absence-start_date": "2026-11-20",
            "absence-start_time": "09:00",
            "absence-end_date": "2026-11-21",
            "absence-end_time": "17:00",
            "absence-deputy": "everyone",
        },
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 422
    assert 'id="absence-deputy-error"' in answer.text
    assert count(db, Absence) == 0


def test_closing_as_duplicate_of_no_case_changes_nothing(client, db, auth, make_case):
    user = auth.login_as(Role.COUNSELLOR)
    case = make_case(counsellor=user, email="nour@example.org")
    answer = client.post(
        f"/staff/cases/{case.id}/duplicate", data={"version": case.version, "other": "x"}
    )
    assert answer.status_code == 422
    db.session.expire_all()
    assert db.session.scalar(select(Case.status).where(Case.id == case.id)) == "new"


def test_an_overlong_name_on_my_account_is_refused(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR, name="Amal Haddad")
    answer = client.post("/staff/account/name", data={"name": "x" * 200})
    assert answer.status_code == 422
    db.session.refresh(user)
    assert user.name == "Amal Haddad"


def test_a_name_is_corrected_on_my_account_and_by_the_lead(client, db, auth, make_user):
    user = auth.login_as(Role.COUNSELLOR, name="Amal Hadad")
    assert client.post("/staff/account/name", data={"name": " Amal  Haddad "}).status_code == 303
    db.session.refresh(user)
    assert user.name == "Amal Haddad"
    auth.logout()
    auth.login_as(Role.LEAD)
    client.post(
        f"/staff/team/{user.id}",
        data={"name": "Amal Haddad-Nour", "role": "counsellor", "languages": "de"},
    )
    db.session.refresh(user)
    assert user.name == "Amal Haddad-Nour"


def test_my_account_links_the_second_factor_set_up(client, auth):
    auth.login_as(Role.COUNSELLOR)
    page = client.get("/staff/account/password", headers={"Accept-Language": "en"}).text
    assert 'href="/staff/account/second-factor"' in page
