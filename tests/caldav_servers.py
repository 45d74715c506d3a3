"""Real CalDAV servers on free loopback ports, started and stopped by the test suite:
Radicale (with a password file) and Xandikos (stricter; no authentication of its own)."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp import free_port

USER, PASSWORD = "anna", "app-password-123"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def require(module: str) -> None:
    """Skip without the server package; under CI=true its absence fails the run."""
    if _available(module):
        return
    if _in_ci():
        pytest.fail(f"CI=true needs {module} (pip install -e '.[dev]')")
    pytest.skip(f"{module} is not installed")


@dataclass
class CalDAVServer:
    name: str
    url: str
    process: subprocess.Popen
    folder: Path
    command: list[str]
    checks_password: bool

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def start(self) -> None:
        """Start again on the same port and data (after stop())."""
        self.process = _launch(self.command, self.folder, self.url)


def _launch(command: list[str], folder: Path, url: str) -> subprocess.Popen:
    with open(folder / "server.log", "ab") as log:  # the child keeps its own copy
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited: {(folder / 'server.log').read_text()}")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310  (our own loopback server)
            return process
        except urllib.error.HTTPError:
            return process  # it answers (401 and 404 are answers)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command[0]} did not answer on {url}")


def start_radicale(folder: Path) -> CalDAVServer:
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "radicale",
        "--config",
        "",
        "--server-hosts",
        f"127.0.0.1:{port}",
        "--storage-filesystem-folder",
        str(folder / "collections"),
        "--auth-type",
        "htpasswd",
        "--auth-htpasswd-filename",
        str(users),
        "--auth-htpasswd-encryption",
        "plain",
        "--rights-type",
        "owner_only",
        "--logging-level",
        "warning",
    ]
    url = f"http://127.0.0.1:{port}/"
    return CalDAVServer("radicale", url, _launch(command, folder, url), folder, command, True)


def start_xandikos(folder: Path) -> CalDAVServer:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    binary = shutil.which("xandikos", path=os.path.dirname(sys.executable)) or "xandikos"
    command = [
        binary,
        "serve",
        "--directory",
        str(folder / "data"),
        "--defaults",
        "--listen-address",
        "127.0.0.1",
        "--port",
        str(port),
        "--current-user-principal",
        f"/{USER}/",
    ]
    url = f"http://127.0.0.1:{port}/"
    return CalDAVServer("xandikos", url, _launch(command, folder, url), folder, command, False)
