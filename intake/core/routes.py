"""Routes outside any feature: the language redirect at /, the icon and the health check."""

from flask import Blueprint, current_app, jsonify, redirect, send_from_directory, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from intake.core.i18n import negotiate, offered_languages
from intake.extensions import db

bp = Blueprint("core", __name__)


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
