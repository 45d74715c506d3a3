"""Times offered to a requester: a counsellor's proposal, answered on the manage page.

An offer holds no slot. Accepting books it through the same path as every booking, so the
database's double-booking protection decides when two people reach for one time.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from intake.booking import appointments
from intake.booking.errors import NotChangeable, SlotNotBookable
from intake.cases.actions import expect_version, flush_change
from intake.cases.errors import NotAllowedNow
from intake.cases.waitlist import answers
from intake.extensions import db
from intake.mail import case_notices, requester_messages
from intake.models import (
    AppointmentStatus,
    CancelledBy,
    Case,
    CaseStatus,
    OfferKind,
    OfferStatus,
    OfficeSettings,
    SlotOffer,
    User,
)
from intake.models.audit import record


def open_offers(case: Case, *, now: datetime) -> list[SlotOffer]:
    """Offers the requester can still answer, soonest first."""
    return list(
        db.session.scalars(
            select(SlotOffer)
            .where(
                SlotOffer.case_id == case.id,
                SlotOffer.status == OfferStatus.OPEN,
                (SlotOffer.expires_at.is_(None)) | (SlotOffer.expires_at > now),
            )
            .order_by(SlotOffer.starts_at)
        )
    )


def propose(
    case: Case, start: datetime, *, by: User, version: int, now: datetime, message: str = ""
) -> SlotOffer:
    """Offer one of the counsellor's own free times instead of the requested one. The
    requested time is released; the requester's calendar entry moves to the proposal,
    tentatively (same UID, higher SEQUENCE), until they accept or decline."""
    expect_version(case, version)
    if case.status not in (CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.WAITING):
        raise NotAllowedNow()
    if not appointments.is_free(by.id, start, now=now):
        raise SlotNotBookable()
    uid, sequence = appointments.new_ical_uid(), 0
    current = appointments.active_appointment(case)
    if current is not None:
        if current.starts_at <= now:
            raise NotChangeable()
        uid, sequence = current.ical_uid, current.ical_sequence + 1
        current.status = AppointmentStatus.CANCELLED
        current.cancelled_by = CancelledBy.OFFICE_MOVE  # the office moves the time
        current.ical_uid = f"{current.ical_uid}-proposed-{current.id}"
    for earlier in open_offers(case, now=now):
        earlier.status = OfferStatus.WITHDRAWN
    settings = OfficeSettings.current()
    offer = SlotOffer(
        case_id=case.id,
        counsellor_id=by.id,
        kind=OfferKind.PROPOSAL,
        status=OfferStatus.OPEN,
        starts_at=start,
        ends_at=start + timedelta(minutes=settings.slot_minutes),
        ical_uid=uid,
        ical_sequence=sequence,
        created_by_id=by.id,
        created_at=now,
    )
    db.session.add(offer)
    case.status = CaseStatus.WAITING
    case.counsellor_id = by.id
    db.session.flush()
    record("time_proposed", actor_id=by.id, obj=offer, case_id=case.id)
    requester_messages.queue_proposal(case, offer, now=now, note=message)
    flush_change(case, now=now)
    return offer


def accept(offer: SlotOffer, *, now: datetime):
    """The requester takes the offered time: booked with that counsellor and confirmed. A
    waiting-list offer follows the waiting list's rule (first to accept wins; None when
    someone else was quicker)."""
    if offer.kind == OfferKind.WAITLIST:
        return answers.accept_waitlist_offer(offer, now=now)
    case = offer.case
    if offer.status != OfferStatus.OPEN or (offer.expires_at and offer.expires_at <= now):
        raise NotChangeable()
    appointment = appointments.book(
        case,
        offer.starts_at,
        now=now,
        ical_uid=offer.ical_uid,
        sequence=offer.ical_sequence + 1,
        counsellor_ids=[offer.counsellor_id],
        status=AppointmentStatus.CONFIRMED,
    )
    offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
    case.status = CaseStatus.SCHEDULED
    case.callback_requested = False
    record("offer_accepted", obj=offer, case_id=case.id)
    requester_messages.queue_for_requester("confirmed", case, appointment, now=now)
    flush_change(case, now=now)
    return appointment


def decline(offer: SlotOffer, *, now: datetime) -> None:
    """The requester does not want the offered time. A proposal's case goes back to its
    holder's inbox, the holder is told, and the requester's calendar loses the tentative
    event the proposal put there."""
    if offer.status != OfferStatus.OPEN:
        raise NotChangeable()
    offer.status, offer.answered_at = OfferStatus.DECLINED, now
    case = offer.case
    if offer.kind == OfferKind.PROPOSAL:
        case.status = CaseStatus.NEW
        requester_messages.queue_proposal_declined(case, offer, now=now)
        holder = db.session.get(User, case.counsellor_id or offer.created_by_id)
        if holder is not None and holder.is_active_account:
            case_notices.queue_case_notice("staff_proposal_declined", holder, case, now=now)
    record("offer_declined", obj=offer, case_id=case.id)
    flush_change(case, now=now)


def offer_of(case: Case, offer_id: int) -> SlotOffer | None:
    offer = db.session.get(SlotOffer, offer_id)
    return offer if offer is not None and offer.case_id == case.id else None
