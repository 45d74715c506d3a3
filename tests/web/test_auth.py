"""Staff login: one failure message, safe redirects, roles, dead cookies, throttling."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.auth.rules import safe_next, session_expired
from intake.models import AuditEvent, Role
from tests.conftest import PASSWORD

FAILURE = "E-mail or password is not correct."


def test_counsellor_logs_in_and_sees_the_overview(client, make_user, auth):
    user = make_user(name="Amal Haddad", languages=("de", "ar"))
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    page = client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hello, Amal Haddad" in page
    assert "العربية" in page


def test_login_accepts_the_email_in_any_case(make_user, auth):
    user = make_user("Mixed@Example.org")
    assert auth.login("mixed@EXAMPLE.org").status_code == 302
    assert user.email == "Mixed@Example.org"


@pytest.mark.parametrize("case", ["unknown", "wrong_password", "deactivated"])
def test_every_login_failure_looks_the_same(client, make_user, auth, case, monkeypatch):
    hashed = []
    monkeypatch.setattr(
        "intake.auth.rules.check_password_hash",
        lambda stored, password: hashed.append(1) or False,
    )
    monkeypatch.setattr(
        "intake.models.staff.check_password_hash",
        lambda stored, password: hashed.append(1) or False,
    )
    make_user("known@example.org", active=case != "deactivated")
    email = "nobody@example.org" if case == "unknown" else "known@example.org"
    response = client.post(
        "/staff/login",
        data={"email": email, "password": "wrong"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert FAILURE in response.get_data(as_text=True)
    assert hashed == [1], "the password hash must be computed exactly once on every path"


def test_failed_login_is_audited_without_the_email(client, db, make_user):
    client.post("/staff/login", data={"email": "x@example.org", "password": "nope"})
    events = db.session.scalars(db.select(AuditEvent)).all()
    assert [event.action for event in events] == ["login_failed"]
    assert "x@example.org" not in events[0].detail


def test_login_changes_the_session_and_drops_what_was_there(client, make_user, auth):
    user = make_user()
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    auth.login(user.email)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert "_user_id" in after


def test_a_copied_cookie_is_dead_after_logout(app, make_user, auth, client):
    user = make_user()
    auth.login(user.email)
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_a_copied_cookie_is_dead_after_deactivation(app, db, make_user, auth, client):
    user = make_user()
    auth.login(user.email)
    user.is_active_account = False
    user.end_sessions()
    db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_logout_needs_a_post(client, make_user, auth):
    auth.login(make_user().email)
    assert client.get("/staff/logout").status_code == 405
    assert client.get("/staff/").status_code == 200


def test_counsellor_cannot_open_lead_pages(client, auth):
    auth.login_as(Role.COUNSELLOR)
    response = client.get("/staff/team", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Access denied" in response.get_data(as_text=True)


def test_lead_sees_the_team(client, auth, make_user):
    make_user("olena@example.org", name="Olena Koval")
    auth.login_as(Role.LEAD)
    page = client.get("/staff/team").get_data(as_text=True)
    assert "Olena Koval" in page


def test_staff_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "https:\\evil.example",
        "////evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_login_never_redirects_off_site(make_user, auth, target):
    user = make_user()
    response = auth.login(user.email, next_=target)
    assert response.headers["Location"] == "/staff/"


def test_login_follows_a_local_next(make_user, auth):
    user = make_user(role=Role.LEAD)
    assert auth.login(user.email, next_="/staff/team").headers["Location"] == "/staff/team"


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/staff/team?x=1", "/staff/team?x=1"), ("/\tevil", None), ("/ok\r\n", None)],
)
def test_safe_next_keeps_only_plain_local_paths(target, expected):
    assert safe_next(target) == expected


def test_idle_session_ends_and_asks_for_login_again(client, make_user, auth):
    auth.login(make_user().email)
    with client.session_transaction() as stored:
        stored["seen_at"] = (datetime.now(UTC) - timedelta(hours=2)).timestamp()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_session_expiry_rule_counts_idle_and_absolute_time():
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    rule = {"idle": timedelta(minutes=30), "maximum": timedelta(hours=10)}
    assert not session_expired(now, login_at=now - timedelta(hours=1), seen_at=now, **rule)
    assert session_expired(now, login_at=now, seen_at=now - timedelta(minutes=31), **rule)
    assert session_expired(now, login_at=now - timedelta(hours=11), seen_at=now, **rule)


def test_repeated_failed_logins_are_blocked_with_429(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    make_user("target@example.org")
    responses = [
        client.post(
            "/staff/login",
            data={"email": "target@example.org", "password": "guess"},
            headers={"Accept-Language": "de"},
        )
        for _ in range(4)
    ]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert "Zu viele Versuche" in responses[-1].get_data(as_text=True)


def test_login_form_is_protected_by_csrf(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_user("csrf@example.org")
    client = app.test_client()
    response = client.post("/staff/login", data={"email": "csrf@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302
