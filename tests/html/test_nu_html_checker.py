"""Every public page (in every language) and every staff page is valid HTML for the Nu Html
Checker (npm vnu-jar, installed by `make check-html` / `make test`, run with the machine's
Java): 0 errors."""

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from intake import create_app
from intake.cli import demo
from intake.core import clock
from intake.extensions import db
from intake.models import OutboxMessage
from tests.conftest import migrate_database

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LEAD = ("leitung@example.org", "demo-leitung-2026")


def _tools_or_skip() -> str:
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU), VNU.is_file())) if not ok]
    if missing:
        message = f"Nu Html Checker needs {', '.join(missing)}: run `make check-html`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory) -> Flask:
    url = f"sqlite:///{tmp_path_factory.mktemp('html') / 'html.sqlite'}"
    migrate_database(url)
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        demo.seed()
        db.session.remove()
    return app


def _public_paths(app: Flask) -> list[str]:
    rules = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("public.") and rule.arguments == {"lang"}
    )
    languages = app.config["LANGUAGES"].split(",")
    return [rule.replace("<lang>", lang) for lang in languages for rule in rules]


ID_ARGUMENTS = {"case_id", "user_id", "service_id", "appointment_id", "row_id"}


def _staff_paths(app: Flask) -> list[str]:
    """Every staff page, those with an id filled with the demo data's first rows (1..3)."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
            continue
        if not rule.arguments:
            paths.add(rule.rule)
        elif rule.arguments <= ID_ARGUMENTS:
            for row_id in (1, 2, 3):
                paths.add(rule.build(dict.fromkeys(rule.arguments, row_id))[1])
    return sorted(paths | {"/staff/calendar?user=all", "/staff/calendar/print?user=all"})


def _book(app: Flask, client) -> str:
    """A request through the API; its manage path (with a slot when one is free)."""
    with app.app_context():
        today = clock.office_today()
    last = today + timedelta(days=60)
    free = client.get(f"/api/v1/slots?start={today}&end={last}").json["slots"]
    body = {
        "topics": ["residence"],
        "language": "ar",
        "interpreter_language": "dgs",
        "name": "Nour",
        "email": "nour@example.org",
        "consent": True,
    }
    if free:
        body["start"] = free[0]["start"]
    else:
        body["preferred_times"] = "mornings"
    answer = client.post("/api/v1/requests", json=body).json
    return "/" + answer["manage_url"].split("/", 3)[3]


def _pages(app: Flask) -> dict[str, str]:
    """Path → HTML of every page a visitor or a member of staff can reach."""
    pages: dict[str, str] = {}
    client = app.test_client()

    def keep(path: str, response) -> None:
        if response.mimetype == "text/html" and response.status_code < 300:
            pages[path] = response.get_data(as_text=True)

    for path in _public_paths(app):
        keep(path, client.get(path))
    for lang in ("de", "ar"):
        keep(f"/{lang}/request (errors)", client.post(f"/{lang}/request", data={}))
        keep(f"/{lang}/missing", client.get(f"/{lang}/no-such-page"))
    manage = _book(app, client)
    for suffix in ("", "/move", "/cancel"):
        for lang in ("de", "ar", "fa"):
            path = manage.replace("/ar/", f"/{lang}/", 1) + suffix
            keep(path, client.get(path))
    pages["/de/no-such-page (404)"] = client.get("/de/no-such-page").get_data(as_text=True)
    keep("/staff/login", client.get("/staff/login"))
    client.post("/staff/login", data={"email": LEAD[0], "password": LEAD[1]})
    for path in _staff_paths(app):
        keep(path, client.get(path))
    # The code step's page ends a session that has no login waiting for a code: log in again.
    client.post("/staff/login", data={"email": LEAD[0], "password": LEAD[1]})
    enrolment = _enrolment_path(app, client)
    keep(enrolment, client.get(enrolment))
    _sign_language_pages(app, client, pages)
    return pages


def _enrolment_path(app: Flask, client) -> str:
    """The second-factor enrolment page, reached through the link mailed to the lead."""
    client.post("/staff/account/second-factor")
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "second_factor_link")
            .order_by(OutboxMessage.id.desc())
        )
        return "/" + re.search(r"https?://\S+", mail.body_text).group(0).split("/", 3)[3]


def _sign_language_pages(app: Flask, client, pages: dict[str, str]) -> None:
    """The sign-language pages with the office's video (and the upload refused)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "video.mp4").write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 64)
        (Path(folder) / "captions.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n")
        app.config["SIGN_LANGUAGE_MEDIA_DIR"] = folder
        for path in (
            "/de/sign-language",
            "/ar/sign-language",
            "/ps/sign-language",
            "/staff/sign-language",
        ):
            pages[f"{path} (video)"] = client.get(path).get_data(as_text=True)
        refused = client.post("/staff/sign-language", data={"video": (io.BytesIO(b"x"), "a.mp4")})
        pages["/staff/sign-language (refused)"] = refused.get_data(as_text=True)
        app.config["SIGN_LANGUAGE_MEDIA_DIR"] = ""


def test_every_page_has_no_nu_html_checker_errors(demo_app, tmp_path):
    java = _tools_or_skip()
    pages = _pages(demo_app)
    names = {}
    for number, (path, html) in enumerate(sorted(pages.items())):
        file = tmp_path / f"page-{number:03}.html"
        file.write_text(html, encoding="utf-8")
        names[file.name] = path
    assert any(path.startswith("/staff/") and "login" not in path for path in names.values())
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *sorted(str(tmp_path / name) for name in names),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [
        f"{names.get(str(m.get('url')).rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
