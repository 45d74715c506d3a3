"""What each message says, in the requester's language; never a topic or a description."""

from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intake.calendar_files.ical import EventText, appointment_event, new_calendar, serialise
from intake.core import links
from intake.core.clock import office_tz
from intake.core.i18n import direction, format_when
from intake.core.links import absolute_url
from intake.core.security import keyed_hash, manage_token
from intake.core.vocabulary import MODES, language_name
from intake.extensions import db
from intake.models import (
    Appointment,
    AppointmentStatus,
    Case,
    CaseStatus,
    OutboxMessage,
    User,
)

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
STAFF_NOTICE_PAUSE = timedelta(minutes=15)
# Kinds whose appointment may still wait for the office: the mail then says so.
MAY_BE_UNCONFIRMED = frozenset({"received", "moved"})
LEFT_TO_RIGHT, FIRST_STRONG, POP = "\u2066", "\u2068", "\u2069"


def manage_url(case: Case) -> str:
    """Links in e-mails use the configured public address, never the request's Host header."""
    return links.manage_url(case, manage_token(case))


def follow_up_links(case: Case) -> dict[str, str | None]:
    """The manage page is gone once the request was withdrawn: then offer a new request."""
    if case.status == CaseStatus.CANCELLED:
        return {
            "manage_url": None,
            "new_request_url": absolute_url("public.request_form", lang=case.locale),
        }
    return {"manage_url": manage_url(case), "new_request_url": None}


def isolating(locale: str) -> Callable[..., str]:
    """Plain text has no markup for direction: in a right-to-left language, each run of Latin
    text (address, reference, link, phone number) goes between Unicode isolates, so a mail
    client keeps it in order instead of reversing numbers around it. `first_strong` is for
    text that may be in either script, such as a name."""
    if direction(locale) != "rtl":
        return lambda text, first_strong=False: text

    def isolate(text, first_strong: bool = False) -> str:
        if not text:
            return text
        return f"{FIRST_STRONG if first_strong else LEFT_TO_RIGHT}{text}{POP}"

    return isolate


def new_message_id() -> str:
    """Unique worldwide: the right-hand side is the sender's own domain."""
    return make_msgid(domain=current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2])


def place(appointment: Appointment) -> str:
    config = current_app.config
    if appointment.mode == "in_person":
        return (
            f"{config['OFFICE_NAME']}, {config['OFFICE_STREET']}, {config['OFFICE_POSTCODE_CITY']}"
        )
    room = appointment.video_room_url()
    return f"{MODES[appointment.mode]}: {room}" if room else str(MODES[appointment.mode])


def event_text(case: Case, appointment: Appointment) -> EventText:
    """Summary, description and place of the event, in the current (forced) locale."""
    config = current_app.config
    ltr = isolating(case.locale)
    follow_up = follow_up_links(case)
    if follow_up["manage_url"]:
        follow_up_line = _("See, move or cancel: %(url)s", url=ltr(follow_up["manage_url"]))
    else:
        follow_up_line = _(
            "Request a new appointment: %(url)s", url=ltr(follow_up["new_request_url"])
        )
    lines = [
        _("Reference number: %(reference)s", reference=ltr(case.reference)),
        _("Phone: %(phone)s", phone=ltr(config["OFFICE_PHONE"])),
        follow_up_line,
    ]
    return EventText(
        summary=_("First consultation: %(office)s", office=config["OFFICE_NAME"]),
        description="\n".join(lines),
        location=place(appointment),
    )


def calendar_status(appointment: Appointment, method: str) -> str:
    """TENTATIVE until the office has confirmed the time, then CONFIRMED."""
    if method == "CANCEL":
        return "CANCELLED"
    return "TENTATIVE" if _waits_for_office(appointment) else "CONFIRMED"


def _waits_for_office(appointment: Appointment | None) -> bool:
    return appointment is not None and appointment.status == AppointmentStatus.REQUESTED


def appointment_ics(case: Case, appointment: Appointment, *, method: str, now: datetime) -> bytes:
    """REQUEST and CANCEL (iTIP, RFC 5546) name the requester as ATTENDEE; a PUBLISHed
    download must not name one."""
    config = current_app.config
    event = appointment_event(
        uid=appointment.ical_uid,
        sequence=appointment.ical_sequence,
        start=appointment.starts_at,
        end=appointment.ends_at,
        tz=office_tz(),
        text=event_text(case, appointment),
        stamp=now,
        status=calendar_status(appointment, method),
        organizer=(config["OFFICE_NAME"], config["MAIL_DEFAULT_SENDER"]),
        attendee=(case.name, case.email) if method != "PUBLISH" and case.email else None,
    )
    return serialise(new_calendar(office_tz().key, method=method), [event])


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
            "unconfirmed": kind in MAY_BE_UNCONFIRMED and _waits_for_office(appointment),
            "when": format_when(appointment.starts_at) if appointment else None,
            "place": place(appointment) if appointment else None,
            "video_url": appointment.video_room_url() if appointment else None,
            **follow_up_links(case),
            "link_label": str(LINK_LABELS.get(kind, DEFAULT_LINK_LABEL)),
            "note": note.strip(),
            "referral": referral,
            "reason": str(DECLINE_REASONS[reason]) if reason else None,
        }
        message = OutboxMessage(
            message_id=new_message_id(),
            kind=kind,
            case_id=case.id,
            recipient=case.email,
            recipient_hash=keyed_hash(case.email),
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


def queue_staff_notice(
    case: Case, *, now: datetime, interpreting: str | None = None
) -> list[OutboxMessage]:
    """Tell counsellors a request came in: no personal data, only a link to the staff pages
    and, when an interpreter must be booked, for which language.
    At most one notice per counsellor every 15 minutes, so a flood of requests does not
    become a flood of e-mails."""
    query = select(User.id, User.email).where(User.is_active_account, User.takes_appointments)
    if case.counsellor_id is not None:
        query = query.where(User.id == case.counsellor_id)
    # Addresses only: on a busy day nearly every request finds everyone told already.
    hashes = {user_id: keyed_hash(email) for user_id, email in db.session.execute(query)}
    recently = _notified_recently(list(hashes.values()), now) if hashes else set()
    due = [user_id for user_id, digest in hashes.items() if digest not in recently]
    if not due:
        return []
    messages = []
    for user in db.session.scalars(select(User).where(User.id.in_(due)).order_by(User.id)):
        with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
            message = OutboxMessage(
                message_id=new_message_id(),
                kind="staff_notice",
                recipient=user.email,
                recipient_hash=hashes[user.id],
                subject=_("New request in the inbox"),
                body_text=render_template(
                    "mail/staff_notice.txt",
                    user=user,
                    inbox_url=absolute_url("staff.inbox.index"),
                    interpreting=language_name(interpreting) if interpreting else None,
                ),
                next_attempt_at=now,
                created_at=now,
            )
        db.session.add(message)
        messages.append(message)
    return messages


def _notified_recently(hashes: list[str], now: datetime) -> set[str]:
    """The recipient hashes among `hashes` that got a notice in the pause: one query."""
    return set(
        db.session.scalars(
            select(OutboxMessage.recipient_hash).where(
                OutboxMessage.kind == "staff_notice",
                OutboxMessage.recipient_hash.in_(hashes),
                OutboxMessage.created_at > now - STAFF_NOTICE_PAUSE,
            )
        )
    )


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


# Staff notices about one case: the reference and a link only, never personal data.
CASE_NOTICES = {
    "staff_handover": (
        _l("A case was handed to you: %(reference)s"),
        _l("A colleague has handed a case to you. Please log in to see it:"),
    ),
    "staff_proposal_declined": (
        _l("A proposed time was declined: %(reference)s"),
        _l(
            "The requester has declined the time you proposed. The request waits for you "
            "again. Please log in to see it:"
        ),
    ),
}


def queue_case_notice(kind: str, user: User, case: Case, *, now: datetime) -> OutboxMessage:
    """Tell a colleague something about a case (a kind of CASE_NOTICES), in the office's
    language."""
    subject, text = CASE_NOTICES[kind]
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            message_id=new_message_id(),
            kind=kind,
            recipient=user.email,
            recipient_hash=keyed_hash(user.email),
            subject=str(subject) % {"reference": case.reference},
            body_text=render_template(
                "mail/staff_case.txt",
                user=user,
                text=str(text),
                reference=case.reference,
                case_url=absolute_url("staff.cases.show", case_id=case.id),
            ),
            next_attempt_at=now,
            created_at=now,
        )
    db.session.add(message)
    return message


def queue_staff_unlock(user: User, unlock_url: str, *, now: datetime) -> OutboxMessage | None:
    """The owner's way in while guesses have spent the account's login budget; at most one
    message every 15 minutes, so the guesses cannot flood the owner's mailbox either."""
    recent = db.session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.kind == "staff_unlock",
            OutboxMessage.recipient_hash == keyed_hash(user.email),
            OutboxMessage.created_at > now - STAFF_NOTICE_PAUSE,
        )
        .limit(1)
    )
    if recent is not None:
        return None
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            message_id=new_message_id(),
            kind="staff_unlock",
            recipient=user.email,
            recipient_hash=keyed_hash(user.email),
            subject=_("Logging in to your staff account"),
            body_text=render_template("mail/staff_unlock.txt", user=user, unlock_url=unlock_url),
            next_attempt_at=now,
            created_at=now,
        )
    db.session.add(message)
    return message
