"""The words of the domain: topics, modes, statuses, contact channels, interpreting languages."""

import enum
from functools import cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from intake.core.collation import sort_key


class Mode(enum.StrEnum):
    """How a consultation takes place."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


TOPICS = {
    "residence": _l("Residence and status"),
    "work": _l("Work and recognition of qualifications"),
    "language_courses": _l("Language and integration courses"),
    # i18n: a topic of a question: matters of finding or keeping a flat
    "housing": _l("Housing"),
    "school": _l("School and childcare"),
    # i18n: a topic of a question: health care and health insurance
    "health": _l("Health"),
    # i18n: a topic of a question: family matters such as reunification
    "family": _l("Family"),
    "discrimination": _l("Discrimination"),
    "other": _l("Something else"),
}

MODES = {
    Mode.IN_PERSON: _l("In person at the office"),
    Mode.PHONE: _l("By phone"),
    Mode.VIDEO: _l("By video call"),
}

CONTACT_CHANNELS = {
    # i18n: e-mail as a way to be contacted; the same word labels e-mail address fields
    "email": _l("E-mail"),
    # i18n: phone as a way to be contacted; the same word labels phone number fields
    "phone": _l("Phone"),
}

# How a request reached the office.
CHANNELS = {
    "web": _l("Online form"),
    "phone": _l("By phone"),
    "walk_in": _l("In person at the door"),
    "email": _l("By e-mail"),
}

SIGN_LANGUAGE = "dgs"
# Languages people often ask for beyond the site's own; interpreters are booked on demand.
INTERPRETER_LANGUAGES = (
    "ar",
    "fa",
    "ps",
    "ku",
    "uk",
    "ru",
    "tr",
    "vi",
    "fr",
    "en",
    "es",
    "ti",
    "so",
    "sq",
    "ro",
    "bg",
    "pl",
    "ur",
    "hi",
    "zh",
)


def language_name(code: str) -> str:
    """A language's name in the visitor's language; German Sign Language is not in Babel."""
    if code == SIGN_LANGUAGE:
        return str(_l("German Sign Language (DGS)"))
    return _display_name(code, str(get_locale() or "en"))


@cache
def _display_name(code: str, locale: str) -> str:
    name = Locale.parse(code).get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def sorted_language_choices(codes) -> list[tuple[str, str]]:
    """Languages named and sorted in the visitor's language, as the visitor's alphabet has it."""
    key = sort_key(str(get_locale() or "en"))
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: key(c[1]))


def interpreter_choices() -> list[tuple[str, str]]:
    """No interpreter, DGS, then the languages in the visitor's alphabetical order."""
    key = sort_key(str(get_locale() or "en"))
    choices = sorted(
        ((code, language_name(code)) for code in INTERPRETER_LANGUAGES), key=lambda c: key(c[1])
    )
    return [
        ("", str(_l("No interpreter needed"))),
        (SIGN_LANGUAGE, language_name(SIGN_LANGUAGE)),
    ] + choices


APPOINTMENT_STATUSES = {
    "requested": _l("Requested, waiting for confirmation by the office"),
    # i18n: status of an appointment, shown to the person who asked for it
    "confirmed": _l("Confirmed"),
    # i18n: status of an appointment or of a whole request: called off
    "cancelled": _l("Cancelled"),
    # i18n: status of an appointment: the consultation was held
    "completed": _l("Took place"),
    # i18n: status of an appointment: the person did not come
    "no_show": _l("Missed"),
}

CASE_STATUSES = {
    # i18n: status of a request: the office has received it, nobody has answered yet
    "new": _l("Received"),
    "scheduled": _l("Appointment arranged"),
    # i18n: status of a request: a counsellor is working on it
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for your answer"),
    "referred": _l("Referred to another office"),
    # i18n: status of a request: the office will not take it on
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    # i18n: status of a request (a case): work on it is finished; not "the office is closed"
    "closed": _l("Closed"),
}

# The same statuses as counsellors name them on staff pages.
STAFF_CASE_STATUSES = {
    "new": _l("New"),
    "scheduled": _l("Scheduled"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for the requester"),
    "referred": _l("Referred"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "closed": _l("Closed"),
}

STAFF_APPOINTMENT_STATUSES = {
    "requested": _l("Requested, not confirmed yet"),
    "confirmed": _l("Confirmed"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Took place"),
    "no_show": _l("Did not come"),
}

# What was done in a consultation held (recorded with "took place"; the report counts them).
CONSULTATION_OUTCOMES = {
    "information": _l("Information given"),
    "application": _l("Application or letter written with the person"),
    "referral": _l("Referred to a service"),
    "follow_up": _l("Follow-up agreed"),
    "nothing_further": _l("Nothing further"),
}

# Why the office declines a request (the requester's mail explains each in their language).
DECLINE_REASONS = {
    "not_our_task": _l("Not a matter for this office"),
    "no_capacity": _l("No capacity"),
    "duplicate": _l("Duplicate request"),
    "no_contact": _l("Could not reach the person"),
    "other": _l("Other reason (see message)"),
}

# What the timeline of a case says for each recorded action.
CASE_ACTIONS = {
    "request_created": _l("Request received"),
    "request_cancelled": _l("Cancelled by the requester"),
    "request_moved": _l("Moved by the requester"),
    "appointment_confirmed": _l("Appointment confirmed"),
    "appointment_cancelled": _l("Appointment cancelled by the office"),
    "appointment_completed": _l("Appointment took place"),
    "appointment_no_show": _l("Requester did not come"),
    "time_proposed": _l("Another time proposed"),
    "offer_accepted": _l("Offered time accepted by the requester"),
    "offer_declined": _l("Offered time declined by the requester"),
    "case_taken": _l("Taken over"),
    "case_handed_over": _l("Handed to a colleague"),
    "case_referred": _l("Referred to another service"),
    "case_declined": _l("Declined"),
    "case_closed": _l("Closed"),
    "case_reopened": _l("Reopened"),
    "follow_up_booked": _l("Follow-up appointment booked"),
    "note_added": _l("Note added"),
    "note_edited": _l("Note corrected"),
    "note_deleted": _l("Note deleted"),
    "case_access_denied": _l("Access refused"),
    "confirmation_printed": _l("Confirmation shown for printing"),
    "consultation_recorded": _l("Consultation recorded as it happened"),
    "consultation_outcome": _l("What was done recorded"),
    "arrival_checked_in": _l("Arrived at the office"),
}

# E-mails as the timeline names them, and their delivery state.
MAIL_KINDS = {
    "received": _l("Confirmation of receipt"),
    "confirmed": _l("Confirmation of the appointment"),
    "follow_up": _l("Follow-up appointment"),
    "moved": _l("New time"),
    "proposed": _l("Proposal of another time"),
    "cancelled": _l("Cancellation"),
    "reminder": _l("Reminder"),
    "referred": _l("Referral"),
    "declined": _l("Decline letter"),
    "proposal_declined": _l("Answer to a proposed time"),
}
MAIL_STATES = {
    "queued": _l("waiting to be sent"),
    "sending": _l("being sent"),
    "sent": _l("sent"),
    "failed": _l("could not be delivered"),
}

# Why the office is closed: chosen from this list, so that every language shows it translated.
CLOSURE_REASONS = {
    "team_day": _l("Team day"),
    "training": _l("Staff training"),
    "public_holiday": _l("Public holiday"),
    "other": _l("Other reason"),
}
