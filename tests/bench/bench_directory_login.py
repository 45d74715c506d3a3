"""Benchmark: a failed directory login for an existing and for an unknown person take the
same time (no account oracle). A real slapd with StartTLS, n rounds interleaved."""

import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from intake import create_app  # noqa: E402
from intake.extensions import db  # noqa: E402
from tests import ldap_server  # noqa: E402
from tests.web.directory.conftest import directory_settings  # noqa: E402

ROUNDS = 60
SIGNED_IN_BEFORE = "olena@city.example"  # has an intake account
EXISTING = "amal@city.example"  # in the directory, never signed in
UNKNOWN = "nobody-here@city.example"
SERIES = {SIGNED_IN_BEFORE: "known", EXISTING: "existing", UNKNOWN: "unknown"}


def _app(server: ldap_server.DirectoryServer):
    path = Path(tempfile.mkdtemp(prefix="intake-bench-")) / "bench.sqlite"
    app = create_app("testing", DATABASE_URL=f"sqlite:///{path}", **directory_settings(server))
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def _timed(client, email: str) -> float:
    started = time.perf_counter()
    response = client.post("/staff/login", data={"email": email, "password": "wrong-guess-1"})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def _summary(name: str, timings: list[float]) -> str:
    quartiles = statistics.quantiles(timings, n=4)
    return (
        f"{name:>9}: median {statistics.median(timings):6.1f} ms, "
        f"IQR {quartiles[0]:6.1f}–{quartiles[2]:6.1f} ms, min {min(timings):6.1f} ms "
        f"(n={len(timings)})"
    )


def main() -> None:
    if not ldap_server.available():
        print("skipped: slapd and ldap-utils are needed (apt-get install slapd ldap-utils)")
        return
    logging.getLogger("intake").setLevel(logging.ERROR)
    server = ldap_server.DirectoryServer(Path(tempfile.mkdtemp(prefix="intake-slapd-")))
    server.prepare()
    server.start()
    try:
        server.seed()
        client = _app(server).test_client()
        password = ldap_server.PASSWORDS[SIGNED_IN_BEFORE]
        signed_in = client.post(
            "/staff/login", data={"email": SIGNED_IN_BEFORE, "password": password}
        )
        assert signed_in.status_code == 302
        client.post("/staff/logout")
        for _ in range(5):  # warm-up: imports, the first TLS handshakes
            for email in SERIES:
                _timed(client, email)
        timings = {email: [] for email in SERIES}
        order = list(SERIES) * ROUNDS
        random.Random(26).shuffle(order)
        for email in order:
            timings[email].append(_timed(client, email))
    finally:
        server.stop()
    print("failed directory logins (wrong password / no such person), StartTLS to slapd:")
    for email, name in SERIES.items():
        print(_summary(name, timings[email]))
    medians = [statistics.median(series) for series in timings.values()]
    everything = [value for series in timings.values() for value in series]
    spread = statistics.quantiles(everything, n=4)
    print(
        f"largest difference of medians {max(medians) - min(medians):.1f} ms; "
        f"interquartile range of all together {spread[2] - spread[0]:.1f} ms"
    )


if __name__ == "__main__":
    main()
