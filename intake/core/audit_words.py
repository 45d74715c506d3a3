"""What the audit log and a case's timeline call each recorded action, and how a row's coded
detail ("deputy_for=3", "outcome=wrong_password") is said in words, with people by name."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.core.vocabulary import CASE_ACTIONS

AUDIT_ACTIONS = {
    **CASE_ACTIONS,
    "case_viewed": _l("Case opened"),
    "case_opened_as_deputy": _l("Case opened as deputy"),
    "inbox_opened_as_deputy": _l("Inbox opened as deputy"),
    "calendar_opened_as_deputy": _l("Calendar opened as deputy"),
    "case_closed_as_duplicate": _l("Closed as a duplicate"),
    "case_linked_same_person": _l("Linked as the same person"),
    "case_exported": _l("Personal data exported"),
    "case_erased": _l("Personal data erased on request"),
    "case_anonymised": _l("Personal data anonymised"),
    "appointment_moved_by_office": _l("Appointment moved by the office"),
    "waitlist_offers_made": _l("Free time offered to people waiting"),
    "waitlist_offer_accepted": _l("Offered free time accepted"),
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password reset"),
    "password_set": _l("Password chosen"),
    "second_factor_enrolled": _l("Second factor set up"),
    "second_factor_reset": _l("Second factor reset"),
    "account_created": _l("Staff account created"),
    "account_changed": _l("Staff account changed"),
    "account_renamed": _l("Name corrected"),
    "account_activated": _l("Staff account activated"),
    "account_deactivated": _l("Staff account deactivated"),
    "working_hours_added": _l("Working hours added"),
    "working_hours_changed": _l("Working hours changed"),
    "working_hours_deleted": _l("Working hours deleted"),
    "absence_added": _l("Absence added"),
    "absence_deleted": _l("Absence deleted"),
    "absence_deputy_set": _l("Deputy of an absence set"),
    "closure_added": _l("Closure day added"),
    "closure_deleted": _l("Closure day deleted"),
    "settings_changed": _l("Office settings changed"),
    "referral_service_added": _l("Referral service added"),
    "referral_service_changed": _l("Referral service changed"),
    "feed_token_renewed": _l("Calendar subscription renewed"),
    "office_feed_renewed": _l("Office calendar address renewed"),
    "office_feed_revoked": _l("Office calendar address switched off"),
    "report_viewed": _l("Report viewed"),
    "report_printed": _l("Report printed"),
    "report_exported": _l("Report exported"),
    "purge": _l("Retention purge"),
}

LOGIN_OUTCOMES = {
    "unknown_account": _l("unknown account"),
    "wrong_password": _l("wrong password"),
    "inactive": _l("deactivated account"),
    "wrong_code": _l("wrong code"),
}


def action_words(code: str) -> str:
    """The action in the page's language; an unknown code is shown as it is."""
    label = AUDIT_ACTIONS.get(code) or AUDIT_ACTIONS.get(code.removeprefix("appointment_"))
    return str(label) if label else code


def user_ids_in(detail: str) -> set[int]:
    """The staff ids a detail names (user=, deputy_for=, deputy=), to look their names up."""
    ids = set()
    for part in detail.replace(",", " ").split():
        key, _sep, value = part.partition("=")
        if key in ("user", "deputy_for", "deputy") and value.isdigit():
            ids.add(int(value))
    return ids


def detail_words(detail: str, names: dict[int, str]) -> str:
    """ "deputy_for=3 outcome=wrong_password address=…" in words, people by name; parts
    without words (an address, a period) stay as they are."""
    return " · ".join(_part_words(part, names) for part in detail.split(",") if part) or ""


def _part_words(detail: str, names: dict[int, str]) -> str:
    words = []
    for part in detail.split():
        key, _sep, value = part.partition("=")
        name = names.get(int(value)) if value.isdigit() else None
        if key == "deputy_for" and name:
            words.append(_("as deputy for %(name)s", name=name))
        elif key == "deputy" and name:
            words.append(_("deputy: %(name)s", name=name))
        elif key == "user" and name:
            words.append(name)
        elif key == "outcome" and value in LOGIN_OUTCOMES:
            words.append(str(LOGIN_OUTCOMES[value]))
        else:
            words.append(part)
    return " ".join(words)
