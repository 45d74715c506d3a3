"""Shared test helpers: a frozen now, well-known office times, row counts, booking by API, axe."""

from datetime import UTC, datetime

from sqlalchemy import func, select

NOW = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # Monday 09:00 in Dresden
TUESDAY_9 = "2026-11-17T09:00:00+01:00"
TUESDAY_10 = "2026-11-17T10:00:00+01:00"
THURSDAY_10 = "2026-11-19T10:00:00+01:00"
# The answers of the "took place" form: what it was about, what was done, how long.
HELD_FORM = {"topics": "work", "outcomes": "information", "minutes": "50"}


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def request_body(**changes) -> dict:
    """A valid API request; `None` removes a field."""
    body = {
        "topics": ["work"],
        "language": "de",
        "name": "Amina",
        "email": "amina@example.org",
        "consent": True,
        "start": TUESDAY_9,
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def book_by_api(client, *, accept_language: str = "de", **changes) -> dict:
    """Book through POST /api/v1/requests as a requester would; returns the JSON answer."""
    response = client.post(
        "/api/v1/requests",
        json=request_body(**changes),
        headers={"Accept-Language": accept_language},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def manage_path(answer: dict) -> str:
    """The path of the manage link in an API answer (its host is PUBLIC_URL's)."""
    return "/" + answer["manage_url"].split("/", 3)[3]


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on a Playwright page, one line each (rule: nodes)."""
    from axe_playwright_python.sync_playwright import Axe  # only browser tests need it

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]
