"""Requester rights: everything stored about a person as JSON, and erasure that keeps the
statistics (dates, topics, languages, channel, mode, outcome, appointment statuses)."""

from datetime import datetime

from sqlalchemy import delete, select, update

from intake.booking import appointments
from intake.booking.requester_changes import cancel_by_requester, requester_may_change
from intake.core import preferred_periods
from intake.extensions import db
from intake.mail.sender import scrub
from intake.models import (
    AppointmentStatus,
    AuditEvent,
    Case,
    CaseNote,
    CaseStatus,
    OutboxMessage,
    OutboxStatus,
    SlotOffer,
)
from intake.models.audit import record

PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "contact_channel",
    "accessibility_needs",
    "preferred_times",
    "preferred_periods",
    "description",
)

# Keyed hashes of the contact (intake.cases.returning): not exported, erased with the rest.
CONTACT_HASHES = ("phone_hash", "email_hash")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def export_case(case: Case) -> dict:
    """Everything stored about the person behind `case`, as the requester may ask for it."""
    return {
        "reference": case.reference,
        "status": case.status,
        "created_at": _iso(case.created_at),
        "consent_at": _iso(case.consent_at),
        "closed_at": _iso(case.closed_at),
        "channel": case.channel,
        "language_of_pages": case.locale,
        "talk_language": case.talk_language,
        "interpreter_language": case.interpreter_language,
        "mode": case.mode,
        "callback_requested": case.callback_requested,
        "topics": case.topic_codes,
        **{field: getattr(case, field) for field in PERSONAL_FIELDS},
        # Period codes, not the bitmask kept in the database.
        "preferred_periods": preferred_periods.to_codes(case.preferred_periods),
        "counsellor": case.counsellor.name if case.counsellor else None,
        "appointments": [_appointment(a) for a in case.appointments],
        "notes": [
            {
                "written_at": _iso(note.created_at),
                "edited_at": _iso(note.edited_at),
                "text": note.body,
            }
            for note in case.notes
        ],
        "offers": [_offer(offer) for offer in _offers(case)],
        "messages": [_message(m) for m in _messages(case)],
    }


def _appointment(appointment) -> dict:
    return {
        "starts_at": _iso(appointment.starts_at),
        "ends_at": _iso(appointment.ends_at),
        "mode": appointment.mode,
        "status": appointment.status,
        "counsellor": appointment.counsellor.name if appointment.counsellor else None,
    }


def _offers(case: Case) -> list[SlotOffer]:
    return list(db.session.scalars(select(SlotOffer).where(SlotOffer.case_id == case.id)))


def _offer(offer: SlotOffer) -> dict:
    return {"starts_at": _iso(offer.starts_at), "kind": offer.kind, "status": offer.status}


def _messages(case: Case) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.case_id == case.id)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def _message(message: OutboxMessage) -> dict:
    return {
        "kind": message.kind,
        "to": message.recipient or None,
        "subject": message.subject or None,
        "status": message.status,
        "created_at": _iso(message.created_at),
        "sent_at": _iso(message.sent_at),
    }


def anonymise(case: Case, *, now: datetime, reason: str, keep: OutboxMessage | None = None) -> None:
    """Personal data of `case` goes at once: contact, texts, notes, unsent and sent e-mail
    contents, audit details of the case, the manage link. What statistics count stays.
    `keep` is a last message still to go out (scrubbed by the sender once sent or given up)."""
    for field in (*PERSONAL_FIELDS, *CONTACT_HASHES):
        setattr(case, field, None)
    case.manage_token_hash = None
    case.form_key = None
    case.anonymised_at = now
    db.session.execute(delete(CaseNote).where(CaseNote.case_id == case.id))
    for message in _messages(case):
        if message is keep:
            continue
        if message.status in (OutboxStatus.QUEUED, OutboxStatus.SENDING):
            message.status = OutboxStatus.FAILED
            message.last_error = "Erased"
        if message.scrubbed_at is None:
            scrub(message, now)
    db.session.execute(update(AuditEvent).where(AuditEvent.case_id == case.id).values(detail=""))
    db.session.expire(case, ["notes"])
    record("case_anonymised", obj=case, detail=reason)


def erase_case(case: Case, *, now: datetime, by_id: int | None = None) -> None:
    """Erasure on request (GDPR Art. 17): as retention would do it, but now. A coming
    appointment is withdrawn first exactly as the requester's own withdrawal does it (the
    slot is freed, the counsellor's calendar loses it, and the person gets the CANCEL
    calendar file while their address is still known: that one message leaves before it is
    scrubbed)."""
    farewell = None
    upcoming = appointments.active_appointment(case)
    if upcoming is not None and upcoming.starts_at > now and requester_may_change(case, now=now):
        cancel_by_requester(case, now=now)
        farewell = _queued_cancellation(case)
    anonymise(case, now=now, reason="erased_on_request", keep=farewell)
    if by_id is not None:
        record("case_erased", actor_id=by_id, obj=case)


def _queued_cancellation(case: Case) -> OutboxMessage | None:
    """The cancellation just queued for the requester (none without an e-mail address)."""
    queued = [m for m in _messages(case) if m.kind == "cancelled"]
    waiting = [m for m in queued if m.status == OutboxStatus.QUEUED and m.recipient]
    return waiting[-1] if waiting else None


def withdraw_and_erase(case: Case, *, now: datetime, cancel: bool) -> None:
    """The requester withdraws through the manage link and asks for erasure: the slot is
    freed (no e-mail: the address is gone at once) and the personal data erased."""
    if cancel:
        for appointment in case.appointments:
            if appointment.is_active:
                appointment.status = AppointmentStatus.CANCELLED
                appointment.cancelled_by = "requester"
                appointment.ical_sequence += 1
        case.status = CaseStatus.CANCELLED
    anonymise(case, now=now, reason="erased_by_requester")
