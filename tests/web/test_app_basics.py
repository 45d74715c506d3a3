"""The app answers, redirects by language, protects its pages and fails gracefully."""

import pytest
from itsdangerous import BadSignature

from intake import create_app


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar,en;q=0.5", "/ar/"),
        ("de-AT,de;q=0.9", "/de/"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "/ru/"),
        ("fa-IR", "/fa/"),
        ("en-US,en;q=0.9", "/en/"),
        ("zh-CN,ja;q=0.8", "/de/"),
        ("tr;q=0.2,uk;q=0.9", "/uk/"),
    ],
)
def test_root_redirects_to_the_browsers_language(client, accept_language, expected):
    response = client.get("/", headers={"Accept-Language": accept_language})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)


def test_landing_page_in_german_shows_the_office(client):
    page = client.get("/de/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert "Nach Vereinbarung" in page
    assert "Dr.-Külz-Ring 19" in page
    assert "0351-4882131" in page
    assert "Ausländerbehörde" in page


def test_landing_page_in_english_is_english(client):
    page = client.get("/en/").get_data(as_text=True)
    assert "By appointment" in page
    assert "immigration office" in page


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_arabic_and_persian_pages_are_right_to_left(client, lang):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="rtl">' in page


def test_language_switcher_names_each_language_in_itself(client):
    page = client.get("/de/").get_data(as_text=True)
    for name in [
        "Deutsch",
        "English",
        "Українська",
        "Русский",
        "العربية",
        "فارسی",
        "Tiếng Việt",
        "Türkçe",
        "Français",
    ]:
        assert name in page
    assert 'hreflang="ar"' in page


def test_unknown_language_is_a_friendly_404_with_the_phone_number(client):
    response = client.get("/xx/", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Seite nicht gefunden" in page
    assert "0351-4882131" in page


def test_every_page_sends_security_headers(client):
    response = client.get("/de/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_staff_pages_are_never_cached(client):
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"


def test_oversized_body_gets_a_localized_413(client):
    response = client.post(
        "/staff/login", data={"email": "a" * (300 * 1024)}, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True)


def test_unexpected_error_shows_no_stack_trace(make_app):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret internals" not in page
    assert "Traceback" not in page
    assert "0351-4882131" in page


def test_cross_site_post_is_refused(client):
    response = client.post("/staff/login", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    response = client.post("/staff/login", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}


def test_healthz_reports_503_when_the_database_is_unreachable(tmp_path):
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_settings_are_overridden_by_environment(monkeypatch):
    monkeypatch.setenv("OFFICE_PHONE", "0351-000000")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("MAIL_PORT", "2525")
    app = create_app("testing")
    assert app.config["OFFICE_PHONE"] == "0351-000000"
    assert app.config["MAIL_USE_TLS"] is True
    assert app.config["MAIL_PORT"] == 2525


def test_landing_page_announces_an_upcoming_closure_in_the_visitors_language(
    client, db, monkeypatch
):
    from datetime import UTC, date, datetime, time

    from intake.models import Closure

    monkeypatch.setattr("intake.core.clock.now", lambda: datetime(2024, 11, 7, 9, tzinfo=UTC))
    db.session.add(Closure(day=date(2024, 11, 13), public_note="Teamtag"))
    db.session.add(Closure(day=date(2024, 11, 20), start_time=time(9), end_time=time(12)))
    db.session.commit()
    german = client.get("/de/").get_data(as_text=True)
    assert "Das Büro ist am Mittwoch, 13. November 2024 geschlossen." in german
    assert "Teamtag" in german
    english = client.get("/en/").get_data(as_text=True)
    assert "Wednesday, 13 November 2024" in english
    assert "9:00" in english


def test_read_only_database_gives_a_localized_503_with_the_phone(sqlite_url):
    from urllib.parse import quote

    path = sqlite_url.removeprefix("sqlite:///")
    app = create_app("testing", DATABASE_URL=f"sqlite:///file:{quote(path)}?mode=ro&uri=true")
    response = app.test_client().post(
        "/de/request",
        data={
            "topics": "work",
            "talk_language": "de",
            "mode": "in_person",
            "start": "callback",
            "preferred_times": "morgens",
            "name": "Nour",
            "email": "n@example.org",
            "consent": "y",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Vorübergehend nicht erreichbar" in page
    assert "0351-4882131" in page
    assert "Traceback" not in page


def production_environment(monkeypatch, **changes) -> None:
    values = {
        "SECRET_KEY": "a-long-random-production-secret-0123456789",
        "DATABASE_URL": "sqlite://",
        "PUBLIC_URL": "https://termine.example.org",
        **changes,
    }
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_without_intake_env_the_app_is_production_and_refuses_the_development_key(monkeypatch):
    monkeypatch.delenv("INTAKE_ENV", raising=False)
    production_environment(monkeypatch, SECRET_KEY="dev-only-insecure-key")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"SECRET_KEY": "x"}, "SECRET_KEY"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"PUBLIC_URL": None}, "PUBLIC_URL"),
    ],
)
def test_production_refuses_to_start_half_configured(monkeypatch, changes, named):
    production_environment(monkeypatch, **changes)
    with pytest.raises(RuntimeError, match=named):
        create_app("production")


def test_a_form_post_behind_a_tls_proxy_is_not_refused_as_cross_site(monkeypatch):
    production_environment(monkeypatch, PROXY_COUNT="1")
    app = create_app("production")
    response = app.test_client().post(
        "/staff/login",
        headers={
            "Origin": "https://termine.example.org",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "termine.example.org",
            "X-Forwarded-For": "203.0.113.9",
        },
        base_url="http://10.0.0.5:8000",
    )
    # Not 403: the cross-site check sees the origin the proxy was asked for (CSRF answers).
    assert response.status_code != 403


def test_production_cookies_are_secure_and_strict(monkeypatch):
    production_environment(monkeypatch)
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config.get("SESSION_COOKIE_DOMAIN") in (None, False)
    response = app.test_client().get("/de/")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_warming_up_compiles_every_page_and_reads_every_catalogue_before_the_workers_fork():
    from flask_babel import get_domain

    from intake.core.warmup import warm_up

    app = create_app("testing", DATABASE_URL="sqlite://")
    compiled = warm_up(app)
    assert compiled == len(app.jinja_env.list_templates(extensions=("html", "txt", "ics", "svg")))
    cached = {template.name for template in app.jinja_env.cache.values()}
    assert {"public/request.html", "staff/inbox.html", "reports/_chart.svg"} <= cached
    with app.app_context():
        loaded = {locale for locale, _domain in get_domain().cache}
    assert {"de", "ar", "fa", "uk"} <= loaded


def test_a_header_the_view_set_wins_and_hsts_is_sent_when_configured(make_app):
    app = make_app(HSTS=True)

    @app.get("/framed")
    def framed():
        return "ok", {"X-Frame-Options": "SAMEORIGIN"}

    response = app.test_client().get("/framed")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in make_app().test_client().get("/de/").headers


def test_a_session_signed_with_a_replaced_secret_key_is_not_accepted(make_app):
    """Sessions follow the secret key: a replaced key reads no old cookie, a fallback does."""
    app = make_app()

    @app.get("/whoami")
    def whoami():
        from flask import session

        session.setdefault("who", "someone")
        return session["who"]

    client = app.test_client()
    assert client.get("/whoami").get_data(as_text=True) == "someone"
    cookie = client.get_cookie("session")
    with app.test_request_context():
        reader = app.session_interface.get_signing_serializer(app)
        assert reader.loads(cookie.value) == {"who": "someone"}
        old_key, app.secret_key = app.secret_key, "another-secret-key-of-at-least-32-characters"
        with pytest.raises(BadSignature):
            app.session_interface.get_signing_serializer(app).loads(cookie.value)
        app.config["SECRET_KEY_FALLBACKS"] = [old_key]  # a key being rotated out still reads
        assert app.session_interface.get_signing_serializer(app).loads(cookie.value)
