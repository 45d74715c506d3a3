"""Load benchmark (`make bench-load`): the intake app under gunicorn (production settings) on
PostgreSQL and Redis beside a bare Flask app under the same gunicorn settings, driven by wrk
in interleaved, bounded runs. Prints requests/s, p50, p99 and the ratio to bare /hello."""

import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from intake import create_app  # noqa: E402
from intake.cli import demo  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.models import Role, User, WorkingHours  # noqa: E402
from tests.conftest import migrate_database  # noqa: E402
from tests.production.stack import GUNICORN, wait_for_port  # noqa: E402
from tests.smtp import free_port  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
BASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
EXTRA_COUNSELLORS = 12
# The setting: 2 sync workers (both apps alike). More threads overlap database waits.
WORKERS = os.environ.get("BENCH_WORKERS", "2")
THREADS = os.environ.get("BENCH_THREADS", "1")
# Only the routes whose label contains one of these (comma-separated), with their ceilings.
ONLY = [part for part in os.environ.get("BENCH_ROUTES", "").split(",") if part]


def create_database() -> tuple[str, str]:
    name = f"intake_bench_{secrets.token_hex(4)}"
    with create_engine(BASE_URL, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)
    migrate_database(url)
    return name, url


def seed(url: str) -> None:
    """The README's demo office, plus counsellors enough for every booking POST its own slot."""
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        demo.seed()
        for number in range(EXTRA_COUNSELLORS):
            user = User(
                email=f"bench{number}@example.org",
                name=f"Bench {number}",
                role=Role.COUNSELLOR,
                takes_appointments=True,
            )
            user.set_password("bench-password-123")
            user.set_languages(["de"])
            db.session.add(user)
            db.session.flush()
            for weekday in range(5):
                db.session.add(
                    WorkingHours(
                        user_id=user.id, weekday=weekday, start_time=time(8), end_time=time(18)
                    )
                )
        db.session.commit()
        db.engine.dispose()
    with create_engine(url).begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE bench_row (id serial PRIMARY KEY, name text, created_at timestamptz)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO bench_row (name, created_at) SELECT 'row ' || n, now() "
                "FROM generate_series(1, 1000) n"
            )
        )


def environment(url: str, port: int, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTAKE_", "RATELIMIT_"))}
    env.update(
        INTAKE_ENV="production",
        SECRET_KEY="bench-secret-" + secrets.token_hex(24),
        DATABASE_URL=url,
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=f"bench-{secrets.token_hex(4)}",
        INTAKE_RATE_LIMIT="1000000 per hour",
        INTAKE_ATTEMPT_RATE_LIMIT="1000000 per hour",
        INTAKE_CONTACT_RATE_LIMIT="1000000 per day",
        REQUEST_LOG="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=WORKERS,
        GUNICORN_THREADS=THREADS,
        PYTHONPATH=f"{ROOT}:{ROOT / 'tests' / 'bench'}",
    )
    env.update(changes)
    return env


def start_server(module: str, url: str, log: Path, **env: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with log.open("ab") as output:
        process = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), module],
            cwd=ROOT,
            env=environment(url, port, **env),
            stdout=output,
            stderr=output,
        )
    wait_for_port(port, process, module)
    return process, port


UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse(output: str) -> dict[str, float]:
    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNIT[unit]

    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def booking_script(folder: Path, starts: list[str]) -> Path:
    """Each POST books its own free slot (a start is listed once per free counsellor)."""
    listed = ",".join(f'"{start}"' for start in starts)
    script = folder / f"book-{secrets.token_hex(3)}.lua"
    script.write_text(
        f"local starts = {{{listed}}}\n"
        "local count = 0\n"
        "function setup(thread) thread:set('tid', count); count = count + 1 end\n"
        "function init(args) n = 0 end\n"
        "function request()\n"
        "  local i = (n * 2 + tid) % #starts + 1\n"
        "  n = n + 1\n"
        '  local body = string.format(\'{"topics":["work"],"language":"de","name":"Bench",'
        '"email":"b%d-%d@example.org","consent":true,"start":"%s"}\', tid, n, starts[i])\n'
        "  return wrk.format('POST', nil, {['Content-Type']='application/json'}, body)\n"
        "end\n"
    )
    return script


def callback_script(folder: Path) -> Path:
    script = folder / "callback.lua"
    script.write_text(
        "local count = 0\n"
        "function setup(thread) thread:set('tid', count); count = count + 1 end\n"
        "function init(args) n = 0 end\n"
        "function request()\n"
        "  n = n + 1\n"
        '  local body = string.format(\'{"topics":["work"],"language":"de","name":"Bench",'
        '"email":"c%d-%d@example.org","consent":true,"preferred_times":"mornings"}\', tid, n)\n'
        "  return wrk.format('POST', nil, {['Content-Type']='application/json'}, body)\n"
        "end\n"
    )
    return script


def insert_script(folder: Path) -> Path:
    script = folder / "insert.lua"
    script.write_text('wrk.method = "POST"\n')
    return script


def free_starts(app_url: str) -> list[str]:
    today = date.today()
    response = httpx.get(
        f"{app_url}/api/v1/slots",
        params={"start": today.isoformat(), "end": (today + timedelta(weeks=8)).isoformat()},
        timeout=30,
    )
    return [slot["start"] for slot in response.json()["slots"] for _ in range(slot["counsellors"])]


def drain(url: str) -> None:
    """Sync workers finish what wrk left queued; the next run must not pay for it."""
    scheme, _, host = url.split("/", 3)[:3]
    httpx.get(f"{scheme}//{host}/healthz", timeout=120)  # the bare app's 404 is as quick


def wrk(url: str, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "5s"]
    if script is not None:
        command += ["-s", str(script)]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {result.stdout}{result.stderr}")
    drain(url)
    return parse(result.stdout)


def main() -> None:
    name, url = create_database()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    servers = []
    try:
        seed(url)
        app, app_port = start_server("wsgi:app", url, folder / "app.log")
        bare, bare_port = start_server("bare_app:app", url, folder / "bare.log")
        # The same app with the slot cache off: "before" and "after" on one machine, one run.
        uncached, uncached_port = start_server(
            "wsgi:app", url, folder / "uncached.log", AVAILABILITY_CACHE_URL="off"
        )
        servers = [app, bare, uncached]
        app_url, bare_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        before_url = f"http://127.0.0.1:{uncached_port}"
        today = date.today()
        slots_query = f"start={today}&end={today + timedelta(weeks=8)}"
        routes = [
            ("bare /hello", lambda: (f"{bare_url}/hello", None), None),
            ("bare 5 KB Jinja page", lambda: (f"{bare_url}/page", None), None),
            ("bare one row read", lambda: (f"{bare_url}/read", None), None),
            ("bare one row insert", lambda: (f"{bare_url}/insert", insert_script(folder)), None),
            ("landing /de/", lambda: (f"{app_url}/de/", None), "bare 5 KB Jinja page"),
            (
                "form /de/request, no slot cache",
                lambda: (f"{before_url}/de/request", None),
                "bare one row read",
            ),
            ("form /de/request", lambda: (f"{app_url}/de/request", None), "bare one row read"),
            (
                "/api/v1/slots 8 weeks, no slot cache",
                lambda: (f"{before_url}/api/v1/slots?{slots_query}", None),
                "bare one row read",
            ),
            (
                "/api/v1/slots 8 weeks",
                lambda: (f"{app_url}/api/v1/slots?{slots_query}", None),
                "bare one row read",
            ),
            (
                "POST /api/v1/requests (callback)",
                lambda: (f"{app_url}/api/v1/requests", callback_script(folder)),
                "bare one row insert",
            ),
            (
                "POST /api/v1/requests (own slot)",
                lambda: (
                    f"{app_url}/api/v1/requests",
                    booking_script(folder, free_starts(app_url)),
                ),
                "bare one row insert",
            ),
        ]
        if ONLY:
            routes = chosen(routes)
        for _label, target, _ in routes:  # warm-up: every worker imports and connects
            wrk_url, script = target()
            extra = ["-s", str(script)] if script else []
            subprocess.run(
                ["wrk", "-t1", "-c2", "-d1s", *extra, wrk_url], capture_output=True, check=True
            )
        runs: dict[str, list[dict]] = {label: [] for label, _, _ in routes}
        for _ in range(ROUNDS):
            for label, target, _ in routes:
                wrk_url, script = target()
                runs[label].append(wrk(wrk_url, script))
        report(routes, runs)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        with create_engine(BASE_URL, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def chosen(routes: list) -> list:
    picked = {label for label, _, _ in routes if any(part in label for part in ONLY)}
    needed = picked | {ceiling for label, _, ceiling in routes if label in picked} | {"bare /hello"}
    return [route for route in routes if route[0] in needed]


def report(routes, runs) -> None:
    median = {}
    for label, results in runs.items():
        median[label] = {
            key: statistics.median(run[key] for run in results) for key in ("rps", "p50", "p99")
        }
        median[label]["non2xx"] = sum(run["non2xx"] for run in results)
        median[label]["errors"] = "; ".join(
            r["socket_errors"] for r in results if r["socket_errors"]
        )
    hello = median["bare /hello"]["rps"]
    print(
        f"\nwrk -t2 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} interleaved rounds (medians), gunicorn "
        f"{WORKERS} workers × {THREADS} threads, PostgreSQL, Redis limits, demo data\n"
    )
    print("| route | req/s | p50 ms | p99 ms | ratio to hello | ceiling (ratio) | non-2xx |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for label, _, ceiling in routes:
        row = median[label]
        ceiling_text = f"{ceiling} ({median[ceiling]['rps'] / hello:.2f}×)" if ceiling else "—"
        print(
            f"| {label} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['rps'] / hello:.3f}× | {ceiling_text} | {row['non2xx']} |"
        )
        if row["errors"]:
            print(f"|   socket errors: {row['errors']} |")


if __name__ == "__main__":
    main()
