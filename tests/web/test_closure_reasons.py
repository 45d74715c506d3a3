"""Closure notices give a reason from a translated list and the note in the reader's
language: the office's German note only on German pages, never "Reason: Other reason"."""

import re
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.models import Closure


def test_the_landing_page_names_the_reason_in_the_visitors_language_without_the_german_note(
    client, office, db
):
    db.session.add(Closure(day=date(2026, 11, 26), reason="training", public_note="Fortbildung"))
    db.session.commit()
    page = client.get("/ar/").get_data(as_text=True)
    with force_locale("ar"):
        assert str(_("Staff training")) in page
    assert "Fortbildung" not in page
    assert "Fortbildung" in client.get("/de/").get_data(as_text=True)


def test_a_note_written_for_a_language_is_shown_in_that_language_only(client, office, db):
    note = "تدريب الفريق طوال اليوم"
    closure = Closure(day=date(2026, 11, 26), reason="training", public_note="Fortbildung")
    closure.public_notes = {"ar": note}
    db.session.add(closure)
    db.session.commit()
    assert note in client.get("/ar/").get_data(as_text=True)
    assert note not in client.get("/fa/").get_data(as_text=True)


def test_other_reason_is_not_printed_as_a_reason(client, office, db):
    db.session.add(Closure(day=date(2026, 11, 26), reason="other", public_note="Umzug"))
    db.session.commit()
    for lang in ("en", "ar", "de"):
        page = client.get(f"/{lang}/").get_data(as_text=True)
        with force_locale(lang):
            assert str(_("Other reason")) not in page, lang
    assert "Umzug" not in client.get("/en/").get_data(as_text=True)


def test_the_lead_writes_the_note_per_language_and_a_bad_one_changes_nothing(
    client, auth, office, db
):
    auth.login_as("lead")
    form = client.get("/staff/closures").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="public_notes-ar"[^>]*lang="ar" dir="rtl"', form)
    data = {
        "day": "2026-11-26",
        "reason": "other",
        "public_note": "Umzug",
        "public_notes-uk": "Переїзд",
    }
    assert client.post("/staff/closures", data=data).status_code == 302
    assert db.session.scalar(select(Closure.public_notes)) == {"uk": "Переїзд"}
    too_long = {**data, "day": "2026-11-27", "public_notes-ar": "ب" * 501}
    response = client.post("/staff/closures", data=too_long)
    assert response.status_code == 422
    assert "ب" * 501 in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Closure)).all()) == 1


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
