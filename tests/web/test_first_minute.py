"""The first minute after `make run` on a fresh SQLite file: the web server, the mail worker
and the offer worker start together, and staff log in at once. Every login succeeds.

Before the fix a login read the account, spent a few hundred milliseconds hashing the
password, then wrote (last login, audit row): when a worker committed in between, SQLite
refused the late upgrade of the stale read transaction at once ("database is locked",
SQLITE_BUSY_SNAPSHOT: the busy timeout does not apply) and the login answered 503."""

import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
ROUNDS = 2
LOGINS = 4
LEAD = {"email": "leitung@example.org", "password": "demo-leitung-2026"}


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "INTAKE_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
        "REQUEST_LOG": "false",
        "RATELIMIT_ENABLED": "false",
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A migrated database with the demo office (queued mail, waiting requests), made once;
    each round starts from a fresh copy of the file."""
    database = tmp_path_factory.mktemp("first-minute") / "seeded.sqlite"
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(  # noqa: S603
            [*FLASK, *command],
            cwd=ROOT,
            env=environment(database),
            check=True,
            capture_output=True,
            timeout=120,
        )
    return database


def start_together(database: Path, port: int, log) -> list[subprocess.Popen]:
    env = environment(database)
    commands = [
        [*FLASK, "run", "--host", "127.0.0.1", "--port", str(port), "--no-reload"],
        [*FLASK, "send-mail", "--loop", "--every", "1"],
        [*FLASK, "offer-slots", "--loop", "--every", "1"],
    ]
    return [
        subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        for command in commands
    ]


def log_in(base: str) -> int:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/staff/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        return client.post("/staff/login", data={**LEAD, "csrf_token": token}).status_code


def wait_for_server(base: str, processes) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert processes[0].poll() is None, "the web server stopped"
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail("the web server did not start")


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_staff_log_in_at_once_while_both_workers_start(seeded, tmp_path, round_):
    database = tmp_path / "intake.sqlite"
    shutil.copyfile(seeded, database)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "processes.log").open("wb")
    processes = start_together(database, port, log)
    try:
        wait_for_server(base, processes)
        with ThreadPoolExecutor(max_workers=LOGINS) as pool:
            codes = list(pool.map(lambda _: log_in(base), range(LOGINS * 2)))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "processes.log").read_text()
    assert codes == [302] * len(codes), codes
