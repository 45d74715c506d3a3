"""What each message says, in the requester's language; never a topic or a description."""

from datetime import datetime, timedelta
from uuid import uuid4

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intake.calendar_files.ical import EventText, appointment_event, new_calendar, serialise
from intake.core import links
from intake.core.clock import office_tz
from intake.core.i18n import format_when
from intake.core.links import absolute_url
from intake.core.security import manage_token
from intake.core.vocabulary import MODES
from intake.extensions import db
from intake.models import Appointment, Case, OutboxMessage, User

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
    "reminder": (
        _l("Reminder: your appointment tomorrow (%(reference)s)"),
        _l("This is a reminder of your appointment tomorrow."),
        None,
    ),
}
STAFF_NOTICE_PAUSE = timedelta(minutes=15)


def manage_url(case: Case) -> str:
    """Links in e-mails use the configured public address, never the request's Host header."""
    return links.manage_url(case, manage_token(case))


def place(appointment: Appointment) -> str:
    config = current_app.config
    if appointment.mode == "in_person":
        return (
            f"{config['OFFICE_NAME']}, {config['OFFICE_STREET']}, {config['OFFICE_POSTCODE_CITY']}"
        )
    return str(MODES[appointment.mode])


def event_text(case: Case, appointment: Appointment) -> EventText:
    """Summary, description and place of the event, in the current (forced) locale."""
    config = current_app.config
    lines = [
        _("Reference number: %(reference)s", reference=case.reference),
        _("Phone: %(phone)s", phone=config["OFFICE_PHONE"]),
        _("See, move or cancel: %(url)s", url=manage_url(case)),
    ]
    return EventText(
        summary=_("First consultation: %(office)s", office=config["OFFICE_NAME"]),
        description="\n".join(lines),
        location=place(appointment),
    )


def appointment_ics(case: Case, appointment: Appointment, *, method: str, now: datetime) -> bytes:
    config = current_app.config
    event = appointment_event(
        uid=appointment.ical_uid,
        sequence=appointment.ical_sequence,
        start=appointment.starts_at,
        end=appointment.ends_at,
        tz=office_tz(),
        text=event_text(case, appointment),
        stamp=now,
        cancelled=method == "CANCEL",
        organizer=(config["OFFICE_NAME"], config["MAIL_DEFAULT_SENDER"]),
    )
    return serialise(new_calendar(office_tz().key, method=method), [event])


def queue_for_requester(
    kind: str, case: Case, appointment: Appointment | None, *, now: datetime
) -> OutboxMessage | None:
    """Add the message to the session, so the caller's commit writes it with the change;
    nothing when the requester gave no e-mail address."""
    if not case.email:
        return None
    subject, intro, method = REQUESTER_MESSAGES[kind]
    with force_locale(case.locale):
        context = {
            "case": case,
            "intro": str(intro),
            "appointment": appointment,
            "when": format_when(appointment.starts_at) if appointment else None,
            "place": place(appointment) if appointment else None,
            "manage_url": manage_url(case),
        }
        message = OutboxMessage(
            message_id=f"<{uuid4()}@intake>",
            kind=kind,
            case_id=case.id,
            recipient=case.email,
            subject=str(subject) % {"reference": case.reference},
            body_text=render_template("mail/requester.txt", **context),
            body_html=render_template("mail/requester.html", **context),
            created_at=now,
            next_attempt_at=now,
        )
        if appointment is not None and method:
            message.ics = appointment_ics(case, appointment, method=method, now=now).decode()
            message.ics_method = method
    db.session.add(message)
    return message


def queue_staff_notice(case: Case, *, now: datetime) -> list[OutboxMessage]:
    """Tell counsellors a request came in: no personal data, only a link to the staff pages.
    At most one notice per counsellor every 15 minutes, so a flood of requests does not
    become a flood of e-mails."""
    query = select(User).where(User.is_active_account, User.takes_appointments)
    if case.counsellor_id is not None:
        query = query.where(User.id == case.counsellor_id)
    messages = []
    for user in db.session.scalars(query):
        if _notified_recently(user.email, now):
            continue
        with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
            message = OutboxMessage(
                message_id=f"<{uuid4()}@intake>",
                kind="staff_notice",
                recipient=user.email,
                subject=_("New request in the inbox"),
                body_text=render_template(
                    "mail/staff_notice.txt", user=user, inbox_url=absolute_url("staff.index")
                ),
                next_attempt_at=now,
                created_at=now,
            )
        db.session.add(message)
        messages.append(message)
    return messages


def _notified_recently(email: str, now: datetime) -> bool:
    return (
        db.session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.kind == "staff_notice",
                OutboxMessage.recipient == email,
                OutboxMessage.created_at > now - STAFF_NOTICE_PAUSE,
            )
            .limit(1)
        )
        is not None
    )
