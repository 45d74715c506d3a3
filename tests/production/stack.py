"""A production-shaped stack on loopback: Debian's nginx with deploy/nginx/intake.conf in front
of two gunicorn app servers (gunicorn.conf.py, INTAKE_ENV=production) on one PostgreSQL
database and one Redis, with a real SMTP server for the mail workers."""

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

from config import BASE_DIR
from tests.smtp import free_port

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
FLASK = str(Path(sys.executable).with_name("flask"))
STARTUP_SECONDS = 30


def wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    """Connect until something listens (bounded): servers need a moment to bind."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not listen on {port} within {STARTUP_SECONDS} s")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_site(app_ports: list[int], http_port: int, https_port: int, cert: Path, key: Path):
    """deploy/nginx/intake.conf with loopback ports, a test certificate and this checkout's
    static folder; everything else (headers, caching, timeouts) exactly as shipped."""
    site = (BASE_DIR / "deploy" / "nginx" / "intake.conf").read_text()
    upstreams = "".join(
        f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in app_ports
    )
    site = re.sub(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", upstreams, site, count=1)
    replacements = {
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/termine.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/termine.example.org/privkey.pem": str(key),
        "/srv/intake/static/": f"{BASE_DIR / 'static'}/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/intake.conf no longer contains {old!r}"
        site = site.replace(old, new)
    return site


def nginx_main(folder: Path, site: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 2;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}"
        f"    include {site};\n}}\n"
    )


@dataclass
class Stack:
    folder: Path
    database_url: str
    redis_url: str
    redis_prefix: str
    smtp_port: int
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    app_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    cert: Path | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def public_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def server_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[number]}"

    def environment(self, **changes: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("INTAKE_", "RATELIMIT_", "MAIL_", "GUNICORN_"))
        }
        env.update(
            INTAKE_ENV="production",
            FLASK_APP="wsgi",
            SECRET_KEY="production-test-secret-" + "0123456789abcdef" * 2,
            DATABASE_URL=self.database_url,
            PUBLIC_URL=self.public_url,
            PROXY_COUNT="1",
            RATELIMIT_STORAGE_URI=self.redis_url,
            RATELIMIT_KEY_PREFIX=self.redis_prefix,
            LOGIN_RATE_LIMIT="4 per minute",
            INTAKE_RATE_LIMIT="1000 per hour",
            INTAKE_ATTEMPT_RATE_LIMIT="1000 per hour",
            INTAKE_CONTACT_RATE_LIMIT="1000 per day",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(self.smtp_port),
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="8",
            DATABASE_POOL_SIZE="8",
            DATABASE_MAX_OVERFLOW="2",
            PYTHONPATH=str(BASE_DIR),
        )
        env.update(changes)
        return env

    def _spawn(self, command: list[str], name: str, **env: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment(**env), stdout=log, stderr=log
        )
        log.close()
        self.processes.append(process)
        return process

    def start(self) -> None:
        self.cert, key = self_signed_certificate(self.folder)
        servers = [
            self._spawn(
                [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:app"],
                f"app{number + 1}",
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
            for number, port in enumerate(self.app_ports)
        ]
        for number, (port, process) in enumerate(zip(self.app_ports, servers, strict=True)):
            wait_for_port(port, process, f"app{number + 1}")
        site = self.folder / "site.conf"
        site.write_text(nginx_site(self.app_ports, self.http_port, self.https_port, self.cert, key))
        main = self.folder / "nginx.conf"
        main.write_text(nginx_main(self.folder, site))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        process = self._spawn([nginx, "-c", str(main), "-p", str(self.folder)], "nginx")
        wait_for_port(self.https_port, process, "nginx")

    def client(self, **options) -> httpx.Client:
        """A browser-like client through nginx over TLS (the test certificate is trusted)."""
        trusted = ssl.create_default_context(cafile=str(self.cert))
        return httpx.Client(base_url=self.public_url, verify=trusted, timeout=30, **options)

    def flask(self, *arguments: str, **env: str) -> subprocess.Popen:
        """A flask command run as on one of the servers (same environment file)."""
        return subprocess.Popen(
            [FLASK, "--app", "wsgi", *arguments],
            cwd=BASE_DIR,
            env=self.environment(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def reset_limits(self) -> None:
        store = redis.Redis.from_url(self.redis_url)
        for key in store.scan_iter(f"{self.redis_prefix}*"):
            store.delete(key)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def stop(self) -> None:
        """Quick shutdown: SIGINT for gunicorn, SIGTERM for nginx (both mean "now")."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(
                    signal.SIGINT if "gunicorn" in process.args[0] else signal.SIGTERM
                )
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
