"""Two app servers share one "availability changed" counter in Redis: each reuses the slots it
computed until anything bookable changes, and never shows a slot taken on the other."""

import re
import secrets
from datetime import date

import pytest
import redis
from sqlalchemy import event

from intake.extensions import db as _db
from intake.models import Case, Closure
from tests.helpers import TUESDAY_9, TUESDAY_10, count

LIVE_REDIS = "redis://127.0.0.1:6379/15"


def shared_redis() -> dict:
    """Settings for servers sharing one live Redis under a prefix of their own."""
    try:
        redis.Redis.from_url(LIVE_REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running")
    return {"RATELIMIT_STORAGE_URI": LIVE_REDIS, "RATELIMIT_KEY_PREFIX": secrets.token_hex(4)}


@pytest.fixture
def two_servers(make_app, office):
    shared = shared_redis()
    return make_app(**shared), make_app(**shared)


class Statements:
    def __init__(self, app):
        with app.app_context():
            self.engine = _db.engine
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def during(self, action) -> int:
        self.count = 0
        action()
        return self.count


def offered(client) -> str:
    return client.get("/de/request").get_data(as_text=True)


def book(client, start: str, number: int):
    return client.post(
        "/api/v1/requests",
        json={
            "topics": ["work"],
            "language": "de",
            "name": "Nour",
            "email": f"p{number}@example.org",
            "consent": True,
            "start": start,
        },
    )


def test_a_slot_booked_on_one_server_is_gone_from_the_other_servers_form(two_servers):
    first, second = (app.test_client() for app in two_servers)
    assert offered(second).count(f'value="{TUESDAY_9}"') == 1
    assert book(first, TUESDAY_9, 1).status_code == 201
    assert book(first, TUESDAY_9, 2).status_code == 201, "two counsellors work then"
    assert f'value="{TUESDAY_9}"' not in offered(second)
    assert f'value="{TUESDAY_10}"' in offered(second)


def test_a_server_reuses_its_slots_until_something_changes(two_servers):
    first, second = two_servers
    client = second.test_client()
    statements = Statements(second)
    offered(client)
    assert statements.during(lambda: offered(client)) == 0, "computed once, then reused"
    assert book(first.test_client(), TUESDAY_9, 1).status_code == 201
    assert statements.during(lambda: offered(client)) > 0, "recomputed after a booking"


def test_a_closure_entered_on_one_server_empties_that_day_on_the_other(two_servers):
    first, second = two_servers
    client = second.test_client()
    assert f'value="{TUESDAY_9}"' in offered(client)
    with first.app_context():
        _db.session.add(Closure(day=date(2026, 11, 17), public_note="Betriebsausflug"))
        _db.session.commit()
    assert f'value="{TUESDAY_9}"' not in offered(client)


def test_the_landing_page_is_rendered_once_until_a_closure_changes(two_servers):
    first, second = two_servers
    client = second.test_client()
    statements = Statements(second)
    client.get("/de/")
    assert statements.during(lambda: client.get("/de/")) == 0
    with first.app_context():
        _db.session.add(Closure(day=date(2026, 11, 24), public_note="Personalversammlung"))
        _db.session.commit()
    assert "Personalversammlung" in client.get("/de/").get_data(as_text=True)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def server_with_csrf(make_app, office):
    return make_app(WTF_CSRF_ENABLED=True, **shared_redis())


def test_the_empty_form_is_shared_but_every_visitor_gets_their_own_tokens(server_with_csrf, db):
    app = server_with_csrf
    visitors = [app.test_client() for _ in range(2)]
    statements = Statements(app)
    offered(visitors[0])
    pages = [None, None]
    assert statements.during(lambda: pages.__setitem__(1, offered(visitors[1]))) == 0
    pages[0] = offered(visitors[0])
    tokens = [hidden(page, "csrf_token") for page in pages]
    keys = [hidden(page, "form_key") for page in pages]
    assert tokens[0] != tokens[1]
    assert keys[0] != keys[1]
    assert "\x00" not in pages[0] + pages[1]
    for number, (visitor, token, key) in enumerate(zip(visitors, tokens, keys, strict=True)):
        data = {
            "csrf_token": token,
            "form_key": key,
            "topics": "work",
            "talk_language": "de",
            "mode": "in_person",
            "start": TUESDAY_9,
            "name": "Nour",
            "email": f"p{number}@example.org",
            "contact_channel": "email",
            "consent": "y",
        }
        assert visitor.post("/de/request", data=data).status_code == 303
    assert count(db, Case) == 2, "two visitors, two requests: neither key was taken for the other's"


def test_the_slots_api_on_one_server_drops_a_slot_booked_on_the_other(two_servers):
    first, second = (app.test_client() for app in two_servers)

    def starts() -> list[str]:
        answer = second.get("/api/v1/slots?start=2026-11-17&end=2026-11-17").get_json()
        return [slot["start"] for slot in answer["slots"]]

    assert TUESDAY_9 in starts()
    assert book(first, TUESDAY_9, 1).status_code == 201
    assert book(first, TUESDAY_9, 2).status_code == 201
    assert TUESDAY_9 not in starts()
    assert TUESDAY_10 in starts()
