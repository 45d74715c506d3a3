"""nginx (deploy/nginx/intake.conf) in front of two gunicorn servers on one PostgreSQL and one
Redis: what a visitor, a guesser and thirty bookers at once see through the real proxy."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
from sqlalchemy import func, select

from intake.extensions import db
from intake.models import Appointment, OutboxMessage, OutboxStatus
from tests.conftest import PASSWORD
from tests.production.conftest import STAFF_EMAIL
from tests.production.helpers import (
    answered_by,
    booking,
    free_slots,
    hidden_fields,
    offered_slots,
)


def same_site(stack, path: str) -> dict[str, str]:
    """What a browser sends with a form posted from our own page."""
    return {"Origin": stack.public_url, "Referer": stack.public_url + path}


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_pages_come_through_nginx_over_tls_with_links_to_the_public_address(stack):
    with stack.client() as client:
        root = client.get("/", headers={"Accept-Language": "de"})
        assert root.status_code == 302
        assert root.headers["Location"] in {"/de/", f"{stack.public_url}/de/"}
        landing = client.get("/de/")
    assert landing.status_code == 200
    assert "Strict-Transport-Security" in landing.headers
    assert landing.headers["X-Request-ID"], "nginx's request id is passed on and logged"


def test_plain_http_is_sent_to_https(stack):
    response = httpx.get(f"http://127.0.0.1:{stack.http_port}/de/request")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_static_files_come_from_nginx_with_a_hashed_link_and_a_year_of_cache(stack):
    with stack.client() as client:
        page = client.get("/de/").text
        link = next(part for part in page.split('"') if part.startswith("/static/css/main.css?v="))
        response = client.get(link)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" not in response.headers, "served by nginx, not by the app"


def test_the_intake_form_works_through_the_proxy_across_both_servers(stack, office_app):
    """The GET and the POST land on different servers; the session, CSRF token and form key
    made by one are accepted by the other."""
    served_by = set()
    for attempt in range(6):
        with stack.client() as client:
            form = client.get("/de/request")
            cookie = form.headers["Set-Cookie"]
            fields = hidden_fields(form.text)
            start = offered_slots(form.text)[attempt]
            answer = client.post(
                "/de/request",
                data={
                    **fields,
                    "topics": "work",
                    "talk_language": "de",
                    "mode": "in_person",
                    "start": start,
                    "name": "Nour",
                    "email": f"form{attempt}@example.org",
                    "contact_channel": "email",
                    "consent": "y",
                },
                headers=same_site(stack, "/de/request"),
            )
        flags = {part.strip() for part in cookie.split(";")}
        assert {"Secure", "HttpOnly", "SameSite=Lax"} <= flags
        assert answer.status_code == 303, answer.text[:500]
        assert answer.headers["Location"].split("?")[0].rsplit("/", 2)[-2] == "r"
        served_by = {
            answered_by(stack.folder, form.headers["X-Request-ID"]),
            answered_by(stack.folder, answer.headers["X-Request-ID"]),
        }
        if len(served_by) == 2:
            break
    assert served_by == {"app1", "app2"}


def test_staff_log_in_through_the_proxy_and_stay_logged_in_on_either_server(stack):
    with stack.client() as client:
        login = client.get("/staff/login")
        answer = client.post(
            "/staff/login",
            data={**hidden_fields(login.text), "email": STAFF_EMAIL, "password": PASSWORD},
            headers=same_site(stack, "/staff/login"),
        )
        assert answer.status_code == 302
        pages = [client.get("/staff/") for _ in range(4)]
    assert [page.status_code for page in pages] == [200] * 4
    servers = {answered_by(stack.folder, page.headers["X-Request-ID"]) for page in pages}
    assert servers == {"app1", "app2"}


def test_a_cross_site_post_through_the_proxy_is_refused(stack):
    with stack.client() as client:
        login = client.get("/staff/login")
        answer = client.post(
            "/staff/login",
            data={**hidden_fields(login.text), "email": STAFF_EMAIL, "password": PASSWORD},
            # The CSRF token and Referer are right; only the Origin gives it away.
            headers={**same_site(stack, "/staff/login"), "Origin": "https://evil.example"},
        )
    assert answer.status_code == 403


def test_a_post_without_the_csrf_token_logs_nobody_in(stack):
    with stack.client() as client:
        client.get("/staff/login")
        answer = client.post(
            "/staff/login",
            data={"email": STAFF_EMAIL, "password": PASSWORD},
            headers=same_site(stack, "/staff/login"),
        )
    assert answer.status_code == 400


def test_failed_logins_on_both_servers_share_one_limit(stack):
    codes, servers = [], set()
    with stack.client() as client:
        login = client.get("/staff/login")
        for _ in range(5):
            answer = client.post(
                "/staff/login",
                data={**hidden_fields(login.text), "email": "x@example.org", "password": "no"},
                headers=same_site(stack, "/staff/login"),
            )
            codes.append(answer.status_code)
            servers.add(answered_by(stack.folder, answer.headers["X-Request-ID"]))
    stack.reset_limits()
    # LOGIN_RATE_LIMIT is "4 per minute": per server, the fifth would still pass.
    assert codes == [200, 200, 200, 200, 429]
    assert servers == {"app1", "app2"}
    assert int(answer.headers["Retry-After"]) > 0
    assert "0351-4882131" in answer.text


def test_thirty_concurrent_bookers_of_one_slot_through_the_proxy_give_it_to_one(stack, office_app):
    with stack.client() as client:
        start = free_slots(client)[0]
    barrier = Barrier(30)

    def book(number: int) -> int:
        with stack.client() as client:
            barrier.wait()
            return client.post("/api/v1/requests", json=booking(start, 1000 + number)).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = sorted(pool.map(book, range(30)))
    assert codes == [201] + [409] * 29
    with office_app.app_context():
        active = Appointment.status.in_(["requested", "confirmed"])
        starts = [row.starts_at.isoformat() for row in db.session.scalars(select(Appointment))]
        assert count(Appointment, active, Appointment.starts_at == _utc(start)) == 1
        assert len(starts) == len(set(starts))


def test_a_slot_booked_on_one_server_is_gone_from_the_other_servers_form(stack):
    first, second = stack.server_url(0), stack.server_url(1)
    slot = offered_slots(httpx.get(f"{second}/de/request").text)[0]
    booked = httpx.post(f"{first}/api/v1/requests", json=booking(slot, 2000))
    assert booked.status_code == 201
    assert slot not in offered_slots(httpx.get(f"{second}/de/request").text)


def test_mail_workers_on_one_server_and_the_web_on_the_other_send_each_message_once(
    stack, office_app, smtp
):
    with stack.client() as client:
        slots = free_slots(client)[:12]
    second = stack.server_url(1)

    def book(item) -> int:
        number, start = item
        return httpx.post(
            f"{second}/api/v1/requests", json=booking(start, 3000 + number)
        ).status_code

    # Two senders "on server 1" run while server 2 takes bookings, then one more sweeps up.
    senders = [stack.flask("send-mail"), stack.flask("send-mail")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(book, enumerate(slots)))
    outputs = [process.communicate(timeout=60) for process in senders]
    last = stack.flask("send-mail")
    outputs.append(last.communicate(timeout=60))
    assert codes == [201] * len(slots)
    assert all(process.returncode == 0 for process in [*senders, last]), outputs
    with office_app.app_context():
        sent = set(
            db.session.scalars(
                select(OutboxMessage.message_id).where(OutboxMessage.status == OutboxStatus.SENT)
            )
        )
        assert count(OutboxMessage, OutboxMessage.status != OutboxStatus.SENT) == 0
    delivered = Counter(message["Message-ID"] for message in smtp.messages)
    assert set(delivered) == sent
    assert max(delivered.values()) == 1, "a message was sent twice"


def _utc(start: str):
    from datetime import UTC, datetime

    return datetime.fromisoformat(start).astimezone(UTC)
