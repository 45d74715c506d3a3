"""Every staff page under /staff: one blueprint family, closed to anonymous users."""

from flask import Blueprint

from intake.auth import my_account
from intake.auth import routes as login
from intake.auth.decorators import require_login
from intake.staff import (
    arrivals,
    audit,
    availability,
    calendar,
    calendar_connection,
    cases,
    feeds,
    held_now,
    inbox,
    leavers,
    office,
    privacy,
    referrals,
    reports,
    sign_language,
    team,
    walk_in,
)

PAGES = (login, my_account, inbox, audit, availability, calendar, calendar_connection, cases)
PAGES += (feeds, office, privacy)
PAGES += (leavers, reports, sign_language, team, referrals, walk_in)
PAGES += (held_now, arrivals)

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(require_login)
for page in PAGES:
    bp.register_blueprint(page.bp)
