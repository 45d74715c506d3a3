"""The staff start page and the office lead's team overview."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from intake.auth.decorators import role_required
from intake.extensions import db
from intake.models import Role, User
from intake.staff import bp


@bp.get("/")
def index():
    return render_template("staff/index.html", user=current_user)


@bp.get("/team")
@role_required(Role.LEAD)
def team():
    staff = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("staff/team.html", staff=staff)
