"""The lead's list of cases of people who left, each linked to its page for the hand-over."""

from flask import Blueprint, render_template

from intake.auth.decorators import role_required
from intake.cases import leavers
from intake.core import clock
from intake.models import Role

bp = Blueprint("leavers", __name__)


@bp.get("/team/leavers")
@role_required(Role.LEAD)
def index():
    now = clock.now()
    found = leavers.leavers_with_cases(now=now)
    return render_template(
        "staff/leavers.html", leavers=found, count=leavers.cases_to_hand_over(found), now=now
    )
