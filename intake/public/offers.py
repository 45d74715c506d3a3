"""Waiting-list offers on the requester's manage page: accept or decline a freed time."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intake.booking import requesting
from intake.cases import waitlist
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import db, limiter
from intake.models import OfferKind, OfferStatus, SlotOffer
from intake.public.routes import _manage_limit, bp


@bp.app_template_global("waitlist_offers_for")
def waitlist_offers_for(case) -> dict:
    """What the manage page shows: open offers, and offers someone else took lately."""
    now = clock.now()
    taken = db.session.scalars(
        select(SlotOffer).where(
            SlotOffer.case_id == case.id,
            SlotOffer.kind == OfferKind.WAITLIST,
            SlotOffer.status == OfferStatus.TAKEN,
            SlotOffer.starts_at > now,
        )
    ).all()
    return {"open": waitlist.open_offers(case, now=now), "taken": taken}


def _offer_or_404(token: str, offer_id: int):
    case = requesting.find_by_token(token)
    offer = db.session.get(SlotOffer, offer_id) if case else None
    if offer is None or offer.case_id != case.id or offer.kind != OfferKind.WAITLIST:
        abort(404)
    return offer


@bp.post("/r/<token>/offers/<int:offer_id>/accept")
@limiter.limit(_manage_limit)
def accept_offer(token: str, offer_id: int):
    offer = _offer_or_404(token, offer_id)
    with unit_of_work() as work:
        appointment = waitlist.accept_waitlist_offer(offer, now=clock.now())
    if work.failed or appointment is None:
        flash(_("Sorry, this time has already been taken or the offer has ended. You stay on "
                "the waiting list."), "error")  # fmt: skip
    else:
        flash(_("Thank you, the time is booked for you."))
    return redirect(url_for(".manage", token=token), code=303)


@bp.post("/r/<token>/offers/<int:offer_id>/decline")
@limiter.limit(_manage_limit)
def decline_offer(token: str, offer_id: int):
    offer = _offer_or_404(token, offer_id)
    with unit_of_work() as work:
        waitlist.decline_waitlist_offer(offer, now=clock.now())
    if not work.failed:
        flash(_("You have declined this time. You stay on the waiting list."))
    return redirect(url_for(".manage", token=token), code=303)
