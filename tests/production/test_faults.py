"""Faults survived by the production stack: PostgreSQL connections killed in a burst."""

from concurrent.futures import ThreadPoolExecutor, as_completed

from sqlalchemy import create_engine, func, select, text

from intake.extensions import db
from intake.models import Appointment, AuditEvent, Case
from tests.production.helpers import booking, free_slots

KILL_APP_CONNECTIONS = text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)

KILL_AFTER = {3, 18, 33}


def test_killed_database_connections_during_fifty_bookings_give_a_503_or_success(stack, office_app):
    with stack.client() as client:
        slots = free_slots(client, days=28)
    burst, after = slots[-55:-5], slots[-5:]
    killer = create_engine(stack.database_url, isolation_level="AUTOCOMMIT")

    def book(item):
        number, start = item
        with stack.client() as client:
            response = client.post("/api/v1/requests", json=booking(start, 5000 + number))
        return response.status_code, response.text

    killed = 0
    with ThreadPoolExecutor(max_workers=10) as pool, killer.connect() as connection:
        futures = [pool.submit(book, item) for item in enumerate(burst)]
        # Three times during the burst, every connection of both servers is cut.
        for done, _future in enumerate(as_completed(futures)):
            if done in KILL_AFTER:
                killed += connection.execute(KILL_APP_CONNECTIONS).scalar()
        results = [future.result() for future in futures]
    killer.dispose()

    codes = sorted({code for code, _ in results})
    assert killed > 0
    assert set(codes) <= {201, 503}, codes
    for code, body in results:
        assert "Traceback" not in body
        if code == 503:
            assert "0351-4882131" in body, "a retryable answer names the office phone"
    with office_app.app_context():
        db.session.expire_all()
        names = [f"Person {5000 + number}" for number in range(len(burst))]
        cases = db.session.scalars(select(Case).where(Case.name.in_(names))).all()
        successes = sum(1 for code, _ in results if code == 201)
        assert len(cases) >= successes
        for case in cases:
            appointments = db.session.scalar(
                select(func.count()).select_from(Appointment).where(Appointment.case_id == case.id)
            )
            audits = db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.case_id == case.id)
            )
            assert (appointments, audits >= 1) == (1, True), "no half-written request"
    # The servers recover on their own: the next requests succeed without a restart.
    assert [book((100 + number, start))[0] for number, start in enumerate(after)] == [201] * 5
    print(f"\nfault burst: {killed} connections killed; answers {sorted(c for c, _ in results)}")
