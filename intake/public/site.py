"""Routes outside any feature: the language redirect at /, the icon, liveness and readiness."""

from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify, redirect, send_from_directory, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from intake.core.i18n import negotiate, offered_languages
from intake.core.ratelimits import shared_store, store_reachable
from intake.directory.health import directory_state
from intake.extensions import db

bp = Blueprint("site", __name__)


@bp.get("/")
def root():
    return redirect(url_for("public.landing", lang=negotiate(offered_languages())))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it at the root whatever the page says; answer it directly."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


@bp.get("/healthz")
def healthz():
    """Liveness plus a database round trip, for a load balancer."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")


@cache
def _migration_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


def _database_state() -> tuple[str, str]:
    """("up" or "down", "head", "behind" or "unknown") from one query."""
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return "down", "unknown"
    directory = str(Path(current_app.extensions["migrate"].directory))
    return "up", "head" if applied == _migration_heads(directory) else "behind"


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and is migrated to head (else 503). A dead
    rate-limit store is reported as "degraded" with 200: pages keep serving on per-process
    limits (intake.core.ratelimits), and taking every server out of the balancer because the
    shared Redis is down would turn a weaker limit into an outage. The directory being down
    is "degraded" too: local accounts still sign in, and no server does better than another."""
    database, migrations = _database_state()
    if not shared_store():
        limits = "memory"
    else:
        limits = "up" if store_reachable() else "down"
    directory = directory_state()
    ready = database == "up" and migrations == "head"
    degraded = "down" in (limits, directory)
    status = "unavailable" if not ready else "degraded" if degraded else "ok"
    body = {
        "status": status,
        "database": database,
        "migrations": migrations,
        "rate_limit_store": limits,
        "directory": directory,
    }
    return jsonify(body), 200 if ready else 503
