"""The API blueprint: JSON under /api/v1 (CSRF-exempt: clients send JSON, not forms)."""

from flask import Blueprint

from intake.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
