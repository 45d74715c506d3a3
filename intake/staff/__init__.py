"""Pages for logged-in staff: one blueprint family under /staff, closed to anonymous users."""

from flask import Blueprint

from intake.staff.access import require_login

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(require_login)


def _register_children() -> None:
    from intake.auth.account import bp as account_bp
    from intake.auth.routes import bp as auth_bp
    from intake.availability.routes import bp as availability_bp
    from intake.reports.routes import bp as reports_bp
    from intake.staff import routes  # noqa: F401  (the start page and team, on `bp` itself)
    from intake.staff.audit import bp as audit_bp
    from intake.staff.calendar import bp as calendar_bp
    from intake.staff.cases import bp as cases_bp
    from intake.staff.feeds import bp as feeds_bp
    from intake.staff.office import bp as office_bp
    from intake.staff.privacy import bp as privacy_bp
    from intake.staff.referrals import bp as referrals_bp
    from intake.staff.sign_language import bp as sign_language_bp
    from intake.staff.team import bp as accounts_bp
    from intake.staff.walk_in import bp as requests_bp

    children = (auth_bp, account_bp, audit_bp, availability_bp, calendar_bp, cases_bp, feeds_bp)
    for child in (*children, office_bp, privacy_bp, reports_bp, accounts_bp, referrals_bp,
                  requests_bp, sign_language_bp):  # fmt: skip
        bp.register_blueprint(child)


_register_children()
