"""Where a request POST's time goes: wall clock and this process's CPU per POST
/api/v1/requests (a call-back, and a booking of a free slot), in process on PostgreSQL and
Redis with production settings, beside the bare app's one-row insert. `make bench-load` shows
the throughput; this shows why it is what it is (CPU, not waiting)."""

import os
import statistics
import time
from datetime import date, timedelta

import bench_load
from sqlalchemy import create_engine, text

ROUNDS = int(os.environ.get("BENCH_POSTS", "300"))


def measure(post) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `post` after a warm-up."""
    for _ in range(30):
        post()
    wall, cpu = [], []
    for _ in range(ROUNDS):
        started, used = time.perf_counter(), time.process_time()
        post()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    name, url = bench_load.create_database()
    try:
        bench_load.seed(url)
        os.environ.update(bench_load.environment(url, 8000))
        from bare_app import app as bare

        from intake import create_app

        client, bare_client = create_app().test_client(), bare.test_client()
        today = date.today()
        answer = client.get(f"/api/v1/slots?start={today}&end={today + timedelta(weeks=8)}")
        starts = [s["start"] for s in answer.json["slots"] for _ in range(s["counsellors"])]
        sent = iter(range(1_000_000))

        def body(**fields) -> dict:
            email = f"cpu{next(sent)}@example.org"
            return {
                "topics": ["work"],
                "language": "de",
                "name": "Bench",
                "email": email,
                "consent": True,
                **fields,
            }

        def post(fields):
            def send():
                response = client.post("/api/v1/requests", json=body(**fields()))
                assert response.status_code == 201, response.json

            return send

        def insert():
            assert bare_client.post("/insert").status_code == 201

        rows = [
            ("bare one-row insert", insert),
            ("POST /api/v1/requests (call-back)", post(lambda: {"preferred_times": "mornings"})),
            ("POST /api/v1/requests (own slot)", post(lambda: {"start": starts.pop()})),
        ]
        print(f"\n{ROUNDS} requests each, in process (test client), PostgreSQL, Redis limits\n")
        print("| request | wall ms (median) | CPU ms of this process (median) |")
        print("|---|---:|---:|")
        for label, send in rows:
            wall, cpu = measure(send)
            print(f"| {label} | {wall:.2f} | {cpu:.2f} |")
    finally:
        with create_engine(bench_load.BASE_URL, isolation_level="AUTOCOMMIT").connect() as db:
            db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
