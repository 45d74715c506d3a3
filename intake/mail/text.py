"""What every message to a requester shares: its id, the links to the request's page, and
the direction marks that keep Latin text in order in a right-to-left mail."""

from collections.abc import Callable
from email.utils import make_msgid

from flask import current_app

from intake.core import links
from intake.core.i18n import direction
from intake.core.links import absolute_url
from intake.core.security import manage_token
from intake.models import Case, CaseStatus

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
