"""The JSON API under /api/v1: free slots, requests, and its OpenAPI description."""

from flask import Blueprint

from intake.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from intake.api import openapi, requests, slots  # noqa: E402, F401  (register the routes)
