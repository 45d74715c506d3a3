"""gunicorn settings for `gunicorn -c gunicorn.conf.py wsgi:app`; each one from the environment.

WEB_CONCURRENCY worker processes with GUNICORN_THREADS threads each; a worker holds up to
DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW PostgreSQL connections, so size them together."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced after this many requests (bounded memory growth); jitter spreads it.
# Each replacement starts with empty page and slot caches, so not too often: at 5,000 a busy
# server replaced a worker every few seconds and its p99 came from those restarts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# Load the app once in the master: a broken configuration stops the start, not each worker.
preload_app = True
# The app writes one JSON line per request itself; gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# nginx on the same host is the only proxy whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "intake"
# gunicornc's control socket only when asked for: its default path in $HOME is shared by every
# gunicorn of the user (two app servers on one host would fight over it).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

os.environ.setdefault("WEB_CONCURRENCY", str(workers))


def when_ready(server):
    """Before the first workers are forked: templates compiled and catalogues read once."""
    from intake.calendar_sync.passwords import refuse_start_without_key
    from intake.core.warmup import warm_up

    app = server.app.wsgi()
    if "sqlalchemy" in getattr(app, "extensions", {}):
        # Calendars connected without CALENDAR_SECRET_KEY: stop here, before any worker.
        refuse_start_without_key(app)
        server.log.info("warmed up: %d templates compiled", warm_up(app))


def post_fork(server, worker):
    """Connections opened in the master must not be shared by the forked workers."""
    from intake.extensions import db

    app = worker.app.wsgi()
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return
    with app.app_context():
        db.engine.dispose(close=False)
