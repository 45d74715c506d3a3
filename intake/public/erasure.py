"""The requester's right to erasure through the manage link: ask, confirm, gone at once."""

from flask import abort, render_template, request, url_for
from flask import redirect as go

from intake.booking import appointments, requesting
from intake.booking.requester_changes import requester_may_change
from intake.cases.privacy import withdraw_and_erase
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import limiter
from intake.public.blueprint import bp
from intake.public.limits import manage_limit


@bp.route("/r/<token>/erase", methods=["GET", "POST"])
@limiter.limit(manage_limit)
def erase(token: str):
    """GET asks "really?" (mail scanners follow links); the POST withdraws and erases."""
    case = requesting.find_by_token(token)
    if case is None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "public/erase.html",
            case=case,
            token=token,
            appointment=appointments.active_appointment(case),
        )
    with unit_of_work():
        withdraw_and_erase(
            case, now=clock.now(), cancel=requester_may_change(case, now=clock.now())
        )
    return go(url_for(".erased"), code=303)


@bp.get("/erased")
def erased():
    return render_template("public/erased.html")
