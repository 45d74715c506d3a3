"""Benchmark: GET /de/request and a successful booking POST, with SQL statements counted."""

from datetime import timedelta

from dataset import FIRST_DAY, NOW, build_app, median_ms
from sqlalchemy import event

from intake.core import clock
from intake.extensions import db

REPETITIONS = 30


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class StatementCounter:
    """Counts queries and writes; BEGIN/COMMIT/SAVEPOINT are not counted."""

    def __init__(self):
        self.count = 0

    def __call__(self, _connection, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.count += 1


def main() -> None:
    app = build_app()
    clock.now = lambda: NOW
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)

    counter.count = 0
    assert client.get("/de/request").status_code == 200
    get_statements = counter.count
    get_median, get_min = median_ms(lambda: client.get("/de/request"), REPETITIONS)

    end = FIRST_DAY + timedelta(days=20)
    free = client.get(f"/api/v1/slots?start={FIRST_DAY}&end={end}").json["slots"]
    starts = iter(slot["start"] for slot in free)

    def post():
        response = client.post(
            "/de/request",
            data={
                "topics": "work",
                "talk_language": "ar",
                "mode": "in_person",
                "start": next(starts),
                "name": "Bench",
                "email": "bench@example.org",
                "contact_channel": "email",
                "consent": "y",
            },
        )
        assert response.status_code == 303, response.status_code

    counter.count = 0
    post()
    post_statements = counter.count
    post_median, post_min = median_ms(post, REPETITIONS)
    print(
        f"GET /de/request: median {get_median:.1f} ms (min {get_min:.1f}), "
        f"{get_statements} SQL statements"
    )
    print(
        f"POST /de/request (booking): median {post_median:.1f} ms (min {post_min:.1f}), "
        f"{post_statements} SQL statements"
    )


if __name__ == "__main__":
    main()
