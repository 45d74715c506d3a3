"""A requester answers a waiting-list offer: the first to accept books the slot, the others
see it taken and stay on the list."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intake.booking import appointments
from intake.booking.errors import BookingError
from intake.core.domain import DomainError
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import (
    Appointment,
    Case,
    OfferKind,
    OfferStatus,
    SlotOffer,
)
from intake.models.audit import record


class OfferGone(DomainError):
    """The offer was answered, withdrawn or has expired."""

    field = "offer"
    status = 409
    message = _l("This offer is no longer open.")


def accept_waitlist_offer(offer: SlotOffer, *, now: datetime) -> Appointment | None:
    """Book the offered slot for the request. The booking's double-booking protection decides
    between people accepting at once: the winner gets the appointment, everyone else's offer
    for that slot turns "taken" (returns None) and they stay on the list."""
    _lock_competing_offers(offer)
    if offer.kind != OfferKind.WAITLIST or offer.status != OfferStatus.OPEN:
        raise OfferGone()
    if offer.expires_at is not None and offer.expires_at <= now:
        offer.status = OfferStatus.EXPIRED
        return None
    case = offer.case
    offer.answered_at = now
    try:
        appointment = appointments.book(
            case, offer.starts_at, now=now, counsellor_ids=[offer.counsellor_id]
        )
    except BookingError:
        offer.status = OfferStatus.TAKEN
        return None
    offer.status = OfferStatus.ACCEPTED
    _close_other_offers(offer)
    case.callback_requested = False
    record("waitlist_offer_accepted", obj=appointment)
    kind = "confirmed" if appointment.status == "confirmed" else "received"
    requester_messages.queue_for_requester(kind, case, appointment, now=now)
    return appointment


def taken_offers(case: Case, *, now: datetime) -> list[SlotOffer]:
    """Waiting-list times offered to this request that someone else accepted first."""
    return list(
        db.session.scalars(
            select(SlotOffer)
            .where(
                SlotOffer.case_id == case.id,
                SlotOffer.kind == OfferKind.WAITLIST,
                SlotOffer.status == OfferStatus.TAKEN,
                SlotOffer.starts_at > now,
            )
            .order_by(SlotOffer.starts_at)
        )
    )


def _competing(offer: SlotOffer):
    """Open offers of the same slot, and the same request's other offers."""
    same_slot = (SlotOffer.counsellor_id == offer.counsellor_id) & (
        SlotOffer.starts_at == offer.starts_at
    )
    return (SlotOffer.kind == OfferKind.WAITLIST) & (
        same_slot | (SlotOffer.case_id == offer.case_id)
    )


def _lock_competing_offers(offer: SlotOffer) -> None:
    """Row locks in id order before anything is written: people accepting one slot at once
    queue here instead of deadlocking, and each reads the others' outcome afterwards."""
    db.session.scalars(
        select(SlotOffer)
        .where(_competing(offer))
        .order_by(SlotOffer.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def _close_other_offers(accepted: SlotOffer) -> None:
    """Others offered the same slot see it taken; this request's other offers are withdrawn."""
    others = db.session.scalars(
        select(SlotOffer).where(
            _competing(accepted),
            SlotOffer.status == OfferStatus.OPEN,
            SlotOffer.id != accepted.id,
        )
    )
    for other in others:
        same_case = other.case_id == accepted.case_id
        other.status = OfferStatus.WITHDRAWN if same_case else OfferStatus.TAKEN
