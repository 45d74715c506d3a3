"""Staff forms keep what was typed through an expired CSRF token and a database hiccup."""

import re
import time

from flask import has_request_context
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.exc import OperationalError

from intake.models import Absence, Role
from tests.conftest import PASSWORD
from tests.helpers import count
from tests.web.test_availability_pages import absence

TYPED = absence("2026-11-20", "09:00", "2026-11-21", "17:00", note="Fortbildung Dolmetschen")


def token_in(page: str) -> str:
    return re.search(r'name="[\w-]*csrf_token"[^>]*value="([^"]+)"', page).group(1)


def logged_in_with_csrf(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=60)
    client = app.test_client()
    user = make_user(role=Role.COUNSELLOR)
    login = {"email": user.email, "password": PASSWORD}
    login["csrf_token"] = token_in(client.get("/staff/login").get_data(as_text=True))
    assert client.post("/staff/login", data=login).status_code == 302
    return app, client


def test_an_expired_csrf_token_reshows_the_staff_form_with_everything_typed(
    make_app, make_user, db, frozen_now, monkeypatch
):
    app, client = logged_in_with_csrf(make_app, make_user)
    client.get("/staff/availability")
    with client.session_transaction() as stored:
        raw = stored["csrf_token"]
    an_hour_ago = int(time.time()) - 3600
    with monkeypatch.context() as past:
        past.setattr(TimestampSigner, "get_timestamp", lambda self: an_hour_ago)
        token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    response = client.post(
        "/staff/availability/absences",
        data={**TYPED, "absence-csrf_token": token},
        headers={"Accept-Language": "de"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Fortbildung Dolmetschen" in page
    assert 'value="2026-11-20"' in page
    assert "Formular erneuert" in page or "renewed" in page
    assert count(db, Absence) == 0
    fresh = token_in(page)
    again = client.post("/staff/availability/absences", data={**TYPED, "absence-csrf_token": fresh})
    assert again.status_code == 302
    assert count(db, Absence) == 1


def test_a_missing_csrf_token_is_still_refused(make_app, make_user, db, frozen_now):
    _app, client = logged_in_with_csrf(make_app, make_user)
    assert client.post("/staff/availability/absences", data=TYPED).status_code == 400
    assert count(db, Absence) == 0


def test_a_database_hiccup_on_a_staff_form_keeps_what_was_typed(
    client, db, auth, frozen_now, monkeypatch
):
    auth.login_as(Role.COUNSELLOR)
    from intake.extensions import db as database

    real_commit = database.session.commit

    def unreachable():
        if has_request_context():
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))
        return real_commit()

    monkeypatch.setattr(database.session, "commit", unreachable)
    response = client.post(
        "/staff/availability/absences", data=TYPED, headers={"Accept-Language": "de"}
    )
    monkeypatch.undo()
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Fortbildung Dolmetschen" in page
    assert 'name="absence-note"' in page and "Erneut senden" in page or "Send again" in page
    assert "Traceback" not in page
    assert response.headers["Cache-Control"] == "no-store"
    assert count(db, Absence) == 0
