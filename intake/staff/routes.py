"""The staff start page and the office lead's team overview."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from intake.auth.decorators import role_required
from intake.extensions import db
from intake.models import Role, User

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
@login_required
def index():
    return render_template("staff/index.html", user=current_user)


@bp.get("/team")
@role_required(Role.LEAD)
def team():
    staff = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("staff/team.html", staff=staff)
