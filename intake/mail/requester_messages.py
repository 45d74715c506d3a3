"""Messages to the person who asked: received, confirmed, moved, proposed, cancelled, referred,
declined, reminded, offered; each with its calendar file where a time is involved."""

from collections.abc import Callable
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from intake.core import preferred_periods
from intake.core.i18n import format_when
from intake.core.security import keyed_hash
from intake.extensions import db
from intake.mail import check_in_code
from intake.mail.appointment_ics import appointment_ics, place, waits_for_office
from intake.mail.text import follow_up_links, isolating, new_message_id
from intake.models import Appointment, AppointmentStatus, Case, OutboxMessage

# kind → (subject, first paragraph, iCalendar method)
REQUESTER_MESSAGES = {
    "received": (
        _l("Your request %(reference)s"),
        _l("Thank you. We have received your request for a first consultation."),
        "REQUEST",
    ),
    "confirmed": (
        _l("Your appointment is confirmed: %(reference)s"),
        _l("Your appointment is confirmed. We look forward to seeing you."),
        "REQUEST",
    ),
    "follow_up": (
        _l("Your follow-up appointment: %(reference)s"),
        _l("Your follow-up appointment is booked. We look forward to seeing you again."),
        "REQUEST",
    ),
    "moved": (
        _l("Your appointment has been moved: %(reference)s"),
        _l("Your appointment has a new time. The old time is no longer valid."),
        "REQUEST",
    ),
    "proposed": (
        _l("We propose a new time: %(reference)s"),
        _l("Unfortunately the time you chose is not possible. We propose this time instead."),
        "REQUEST",
    ),
    "cancelled": (
        _l("Your appointment has been cancelled: %(reference)s"),
        _l(
            "Your appointment has been cancelled. If you still need advice, "
            "please request a new appointment or call us."
        ),
        "CANCEL",
    ),
    "slot_offered": (
        _l("A time has become free: %(reference)s"),
        _l(
            "A time has become free for your request. If it suits you, accept it on your "
            "request's page. It may have been offered to others too: whoever accepts first "
            "gets it."
        ),
        None,
    ),
    "reminder": (
        _l("Reminder: your appointment tomorrow (%(reference)s)"),
        _l("This is a reminder of your appointment tomorrow."),
        None,
    ),
    "referred": (
        _l("Where you can get help: %(reference)s"),
        _l(
            "We have looked at your request. Another service can help you better with it. "
            "Here is how to reach them:"
        ),
        "CANCEL",
    ),
    "declined": (
        _l("About your request %(reference)s"),
        _l("We are sorry: we cannot take on your request."),
        "CANCEL",
    ),
    # The requester said no to a proposed time: its tentative event leaves their calendar.
    "proposal_declined": (
        _l("Your answer about the proposed time: %(reference)s"),
        _l(
            "Thank you for your answer. The proposed time has been taken out of your calendar. "
            "We will get back to you."
        ),
        "CANCEL",
    ),
}


# Kinds that tell of a time no longer valid: the mail does not show it as if it were.
NO_TIME_SHOWN = frozenset({"referred", "declined", "proposal_declined"})


# Why a request was declined, as the requester reads it (the staff page shows the same list).
DECLINE_REASONS = {
    "not_our_task": _l("This is not something our office can help with."),
    "no_capacity": _l("We have no free appointments for this at the moment."),
    "duplicate": _l("You have already sent us this request."),
    "no_contact": _l("We could not reach you."),
    "other": _l("Please see the message below."),
}


# Kinds whose appointment may still wait for the office: the mail then says so.
MAY_BE_UNCONFIRMED = frozenset({"received", "moved"})


# What the link to the request's own page is for in each message.
DEFAULT_LINK_LABEL = _l("See, move or cancel your request:")


LINK_LABELS = {
    "proposed": _l("Please tell us on your request's page whether this time suits you:"),
    # i18n: after a referral or a decline: the page only shows the request, nothing to move
    "referred": _l("See your request:"),
    "declined": _l("See your request:"),
}


def queue_for_requester(
    kind: str,
    case: Case,
    appointment: Appointment | None,
    *,
    now: datetime,
    note: str = "",
    referral=None,
    reason: str | None = None,
    details: Callable[[], str] | None = None,
) -> OutboxMessage | None:
    """Add the message to the session, so the caller's commit writes it with the change;
    nothing when the requester gave no e-mail address. `note` is the counsellor's own
    message, `referral` the service referred to, `reason` a decline reason code; `details`
    writes one more paragraph in the requester's language (a waiting-list offer's time)."""
    if not case.email:
        return None
    subject, intro, method = REQUESTER_MESSAGES[kind]
    if appointment is None and kind in ("referred", "declined"):
        appointment = _released_appointment(case)
    with force_locale(case.locale):
        context = {
            "details": details() if details else None,
            "case": case,
            "intro": str(intro),
            "appointment": appointment if kind not in NO_TIME_SHOWN else None,
            "unconfirmed": kind in MAY_BE_UNCONFIRMED and waits_for_office(appointment),
            "when": format_when(appointment.starts_at) if appointment else None,
            "place": place(appointment) if appointment else None,
            "video_url": appointment.video_room_url() if appointment else None,
            **follow_up_links(case),
            "link_label": str(LINK_LABELS.get(kind, DEFAULT_LINK_LABEL)),
            "note": note.strip(),
            "referral": referral,
            "reason": str(DECLINE_REASONS[reason]) if reason else None,
            **_call_back(kind, case, appointment),
            "check_in_code": (
                check_in_code.png_data_uri(case.reference)
                if check_in_code.wants_code(kind, appointment)
                else None
            ),
        }
        message = OutboxMessage(
            message_id=new_message_id(),
            kind=kind,
            case_id=case.id,
            recipient=case.email,
            recipient_hash=keyed_hash(case.email),
            locale=case.locale,
            subject=str(subject) % {"reference": case.reference},
            body_text=render_template(
                "mail/requester.txt", isolate=isolating(case.locale), **context
            ),
            body_html=render_template("mail/requester.html", **context),
            created_at=now,
            next_attempt_at=now,
        )
        if appointment is not None and method:
            message.ics = appointment_ics(case, appointment, method=method, now=now).decode()
            message.ics_method = method
    db.session.add(message)
    return message


def _call_back(kind: str, case: Case, appointment: Appointment | None) -> dict:
    """A request without a time: the mail says the office will call, and repeats the
    weekdays and parts of the day the person chose (in their language)."""
    waits = kind == "received" and appointment is None and case.callback_requested
    return {
        "call_back": waits,
        "call_times": preferred_periods.in_words(case.preferred_periods) if waits else [],
    }


def _released_appointment(case: Case) -> Appointment | None:
    """The appointment a referral or decline just cancelled, so its CANCEL travels along."""
    cancelled = [a for a in case.appointments if a.status == "cancelled" and a.cancelled_by]
    return max(cancelled, key=lambda a: a.updated_at or a.created_at) if cancelled else None


def queue_proposal(case: Case, offer, *, now: datetime, note: str = "") -> OutboxMessage | None:
    """The counsellor's proposal, with the event moved to the proposed time (tentative)."""
    proposed = _offered_time(case, offer, sequence=offer.ical_sequence)
    return queue_for_requester("proposed", case, proposed, now=now, note=note)


def queue_proposal_declined(case: Case, offer, *, now: datetime) -> OutboxMessage | None:
    """The requester declined the proposal: a CANCEL for its tentative event (same UID, the
    next SEQUENCE), so no calendar keeps a time that nobody holds."""
    released = _offered_time(case, offer, sequence=offer.ical_sequence + 1)
    released.status = AppointmentStatus.CANCELLED
    return queue_for_requester("proposal_declined", case, released, now=now)


def _offered_time(case: Case, offer, *, sequence: int) -> Appointment:
    """An offered time as an appointment for the calendar file only; never stored."""
    return Appointment(
        case_id=case.id,
        counsellor_id=offer.counsellor_id,
        starts_at=offer.starts_at,
        ends_at=offer.ends_at,
        mode=case.mode,
        status=AppointmentStatus.REQUESTED,
        ical_uid=offer.ical_uid,
        ical_sequence=sequence,
    )
