"""Benchmark: GET /api/v1/slots for 90 days through the test client on SQLite."""

from datetime import timedelta

from dataset import DAYS, FIRST_DAY, NOW, build_app, median_ms

from intake.core import clock

REPETITIONS = 30


def main() -> None:
    app = build_app()
    clock.now = lambda: NOW
    client = app.test_client()
    url = f"/api/v1/slots?start={FIRST_DAY}&end={FIRST_DAY + timedelta(days=DAYS - 1)}"
    response = client.get(url)
    assert response.status_code == 200, response.json
    slots = len(response.json["slots"])
    median, fastest = median_ms(lambda: client.get(url), REPETITIONS)
    print(
        f"GET /api/v1/slots, {DAYS} days, 10 counsellors, 5,000 appointments: "
        f"median {median:.1f} ms, min {fastest:.1f} ms, {slots} merged slots"
    )


if __name__ == "__main__":
    main()
