"""Benchmark: the lead's week grid of 10 counsellors (5,000 appointments in 90 days), a feed
poll answered with 304, and offer-slots over 2,000 waiting requests (three in four with
preferred periods) and 500 freed slots."""

import sys
import time as wall
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dataset import FIRST_DAY, NOW, build_app, median_ms  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from intake.cases.waitlist import offering  # noqa: E402
from intake.core import clock, preferred_periods  # noqa: E402
from intake.core.security import hash_token  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.models import Appointment, Case, Role, User  # noqa: E402

WAITING, FREED = 2_000, 500
LANGUAGES = ("de", "ar", "uk", "ru", "fa", "tr", "vi", "fr", "en")
PASSWORD = "bench password 123"
FEED_TOKEN = "bench-feed-token"
# Any time; weekday mornings; two afternoons; Friday only (the office is closed on Fridays).
PREFERENCES = (
    None,
    preferred_periods.to_mask(["mon_morning", "tue_morning", "wed_morning", "thu_morning"]),
    preferred_periods.to_mask(["tue_afternoon", "thu_afternoon"]),
    preferred_periods.to_mask(["fri_morning", "fri_afternoon"]),
)


def prepare(app) -> None:
    with app.app_context():
        lead = User(
            email="lead@example.org",
            name="Leitung",
            role=Role.LEAD,
            takes_appointments=False,
            password_hash="x",
        )
        lead.set_password(PASSWORD)
        db.session.add(lead)
        first = db.session.scalar(select(User).order_by(User.id))
        first.feed_token_hash = hash_token(FEED_TOKEN)
        db.session.commit()


def cpu_median_ms(run, repetitions: int) -> float:
    """CPU time of this process: on a shared, loaded machine wall time mostly measures the
    queue for a CPU; both are printed."""
    import statistics

    timings = []
    for _ in range(repetitions):
        started = wall.process_time()
        run()
        timings.append((wall.process_time() - started) * 1000)
    return statistics.median(timings)


def week_grid(app) -> tuple[float, float, float]:
    client = app.test_client()
    client.post("/staff/login", data={"email": "lead@example.org", "password": PASSWORD})
    year, week, _ = (FIRST_DAY + timedelta(days=14)).isocalendar()
    path = f"/staff/calendar?week={year}-W{week:02d}&user=all"
    assert client.get(path).status_code == 200
    return (*median_ms(lambda: client.get(path), 30), cpu_median_ms(lambda: client.get(path), 30))


def feed_304(app) -> tuple[float, float, float]:
    client = app.test_client()
    path = f"/staff/feed/{FEED_TOKEN}.ics"
    tag = client.get(path).headers["ETag"]

    def poll():
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304

    return (*median_ms(poll, 300), cpu_median_ms(poll, 300))


def waiting_list(app) -> tuple[float, float, int, int]:
    """2,000 requests wait, three in four for named periods; the matching has seen the
    calendar; 500 appointments are then cancelled. One run offers the freed slots."""
    with app.app_context():
        db.session.execute(
            insert(Case),
            [
                {
                    "reference": f"WL-{n:06d}",
                    "form_key": f"wl{n}",
                    "locale": "de",
                    "talk_language": LANGUAGES[n % len(LANGUAGES)],
                    "mode": "in_person",
                    "name": "Wait",
                    "email": f"w{n}@example.org",
                    "consent_at": NOW,
                    "status": "new",
                    "callback_requested": True,
                    "preferred_periods": PREFERENCES[n % len(PREFERENCES)],
                    "created_at": NOW - timedelta(days=3, minutes=n),
                    "updated_at": NOW,
                }
                for n in range(WAITING)
            ],
        )
        db.session.commit()
        offering.offer_slots(now=NOW)  # notes what is free already
        db.session.commit()
        later = db.session.scalars(
            select(Appointment)
            .where(Appointment.starts_at > NOW + timedelta(days=2))
            .order_by(Appointment.id)
            .limit(FREED)
        ).all()
        for appointment in later:
            appointment.status = "cancelled"
        db.session.commit()
        started, cpu = wall.perf_counter(), wall.process_time()
        run = offering.offer_slots(now=NOW)
        db.session.commit()
        elapsed = (wall.perf_counter() - started) * 1000
        cpu_ms = (wall.process_time() - cpu) * 1000
        again = offering.offer_slots(now=NOW)  # idempotent: nothing new to offer
        db.session.commit()
        return elapsed, cpu_ms, len(run.offered), len(again.offered)


def main() -> None:
    app = build_app()
    prepare(app)
    clock.now = lambda: NOW
    grid, grid_min, grid_cpu = week_grid(app)
    print(
        f"week grid, 10 counsellors (user=all): median {grid:.1f} ms (min {grid_min:.1f}, "
        f"CPU median {grid_cpu:.1f})"
    )
    poll, poll_min, poll_cpu = feed_304(app)
    print(
        f"counsellor feed answered 304: median {poll:.2f} ms (min {poll_min:.2f}, "
        f"CPU median {poll_cpu:.2f})"
    )
    took, cpu, offered, again = waiting_list(app)
    print(
        f"offer-slots, {WAITING:,} waiting and {FREED} freed slots: {took:.0f} ms "
        f"(CPU {cpu:.0f} ms), {offered} offers, each with its e-mail queued; "
        f"a second run offered {again}"
    )


if __name__ == "__main__":
    main()
