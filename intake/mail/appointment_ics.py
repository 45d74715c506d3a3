"""The calendar file of an appointment for the requester: the event, its place and status."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from intake.calendar_files.ical import EventText, appointment_event, new_calendar, serialise
from intake.core.clock import office_tz
from intake.core.vocabulary import MODES
from intake.mail.text import follow_up_links, isolating
from intake.models import Appointment, AppointmentStatus, Case


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
    if is_follow_up(case, appointment):
        summary = _("Follow-up appointment: %(office)s", office=config["OFFICE_NAME"])
    else:
        summary = _("First consultation: %(office)s", office=config["OFFICE_NAME"])
    return EventText(
        summary=summary,
        description="\n".join(lines),
        location=place(appointment),
    )


def is_follow_up(case: Case, appointment: Appointment) -> bool:
    """An appointment after one that took place is a follow-up, not a first consultation."""
    return any(
        other.status == AppointmentStatus.COMPLETED and other.starts_at < appointment.starts_at
        for other in case.appointments
        if other is not appointment
    )


def calendar_status(appointment: Appointment, method: str) -> str:
    """TENTATIVE until the office has confirmed the time, then CONFIRMED."""
    if method == "CANCEL":
        return "CANCELLED"
    return "TENTATIVE" if waits_for_office(appointment) else "CONFIRMED"


def waits_for_office(appointment: Appointment | None) -> bool:
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
