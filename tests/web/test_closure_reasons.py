"""Closure notices give a reason from a translated list; the office's own note is marked
as German so that screen readers switch voice."""

from datetime import date

from sqlalchemy import select

from intake.models import Closure


def test_the_landing_page_names_the_reason_in_the_visitors_language_and_marks_the_note(
    client, office, db
):
    db.session.add(Closure(day=date(2026, 11, 26), reason="training", public_note="Fortbildung"))
    db.session.commit()
    page = client.get("/en/").get_data(as_text=True)
    assert "Staff training" in page
    assert '<span lang="de">Fortbildung</span>' in page


def test_the_lead_chooses_a_reason_when_adding_a_closure(client, auth, office, db):
    auth.login_as("lead")
    form = client.get("/staff/closures").get_data(as_text=True)
    for code in ("team_day", "training", "public_holiday", "other"):
        assert f'value="{code}"' in form
    response = client.post("/staff/closures", data={"day": "2026-11-26", "reason": "team_day"})
    assert response.status_code == 302
    assert db.session.scalar(select(Closure.reason)) == "team_day"


def test_a_reason_not_on_the_list_is_refused_and_nothing_saved(client, auth, office, db):
    auth.login_as("lead")
    response = client.post("/staff/closures", data={"day": "2026-11-26", "reason": "party"})
    assert response.status_code == 422
    assert db.session.scalar(select(Closure.id)) is None
