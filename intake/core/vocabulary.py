"""The words of the domain: topics, modes, statuses, contact channels, interpreting languages."""

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from intake.models import Mode

TOPICS = {
    "residence": _l("Residence and status"),
    "work": _l("Work and recognition of qualifications"),
    "language_courses": _l("Language and integration courses"),
    "housing": _l("Housing"),
    "school": _l("School and childcare"),
    "health": _l("Health"),
    "family": _l("Family"),
    "discrimination": _l("Discrimination"),
    "other": _l("Something else"),
}

MODES = {
    Mode.IN_PERSON: _l("In person at the office"),
    Mode.PHONE: _l("By phone"),
    Mode.VIDEO: _l("By video call"),
}

CONTACT_CHANNELS = {"email": _l("E-mail"), "phone": _l("Phone")}

SIGN_LANGUAGE = "dgs"
# Languages people often ask for beyond the site's own; interpreters are booked on demand.
INTERPRETER_LANGUAGES = (
    "ar", "fa", "ps", "ku", "uk", "ru", "tr", "vi", "fr", "en", "es", "ti", "so", "sq", "ro",
    "bg", "pl", "ur", "hi", "zh",
)  # fmt: skip


def language_name(code: str) -> str:
    """A language's name in the visitor's language; German Sign Language is not in Babel."""
    if code == SIGN_LANGUAGE:
        return str(_l("German Sign Language (DGS)"))
    locale = get_locale() or Locale.parse("en")
    name = Locale.parse(code).get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def interpreter_choices() -> list[tuple[str, str]]:
    choices = sorted(
        ((code, language_name(code)) for code in INTERPRETER_LANGUAGES), key=lambda c: c[1]
    )
    return [
        ("", str(_l("No interpreter needed"))),
        (SIGN_LANGUAGE, language_name(SIGN_LANGUAGE)),
    ] + choices


APPOINTMENT_STATUSES = {
    "requested": _l("Requested, waiting for confirmation by the office"),
    "confirmed": _l("Confirmed"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Took place"),
    "no_show": _l("Missed"),
}

CASE_STATUSES = {
    "new": _l("Received"),
    "scheduled": _l("Appointment arranged"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for your answer"),
    "referred": _l("Referred to another office"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "closed": _l("Closed"),
}
