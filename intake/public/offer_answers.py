"""The requester answers an offered time on the manage page: accept it or decline it.

Both are POST forms (mail scanners follow links); accepting books through the same
double-booking protection as every booking, so a time taken meanwhile is refused kindly.
"""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from intake.booking import requesting
from intake.cases import offers
from intake.cases.waitlist import answers
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import limiter
from intake.public.blueprint import bp
from intake.public.limits import manage_limit


def _offer_or_404(token: str, offer_id: int):
    case = requesting.find_by_token(token)
    offer = offers.offer_of(case, offer_id) if case is not None else None
    if offer is None:
        abort(404)
    return offer


@bp.post("/r/<token>/offers/<int:offer_id>/accept")
@limiter.limit(manage_limit)
def accept_offer(token: str, offer_id: int):
    offer = _offer_or_404(token, offer_id)
    form = FlaskForm()
    if not form.validate():
        flash(_("For your security the page was renewed. Please try again."), "error")
        return redirect(url_for(".manage", token=token), code=303)
    appointment = None
    with unit_of_work() as work:
        appointment = offers.accept(offer, now=clock.now())
    if work.failed or appointment is None:
        flash(_("Sorry, this time is no longer available. We will get back to you."), "error")
    elif appointment.status == "confirmed":
        flash(_("Thank you. Your appointment is confirmed."))
    else:
        flash(_("Thank you, the time is booked for you."))
    return redirect(url_for(".manage", token=token), code=303)


@bp.post("/r/<token>/offers/<int:offer_id>/decline")
@limiter.limit(manage_limit)
def decline_offer(token: str, offer_id: int):
    offer = _offer_or_404(token, offer_id)
    form = FlaskForm()
    if not form.validate():
        flash(_("For your security the page was renewed. Please try again."), "error")
        return redirect(url_for(".manage", token=token), code=303)
    with unit_of_work() as work:
        offers.decline(offer, now=clock.now())
    if not work.failed:
        flash(_("Thank you for your answer. We will get back to you."))
    return redirect(url_for(".manage", token=token), code=303)


@bp.app_template_global("waitlist_offers_taken")
def waitlist_offers_taken(case) -> list:
    """Waiting-list times someone else accepted first, for the manage page's notice."""
    return answers.taken_offers(case, now=clock.now())
