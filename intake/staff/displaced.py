"""The question the office answers before a closure, an absence or shorter hours is saved:
what happens to each booked appointment in the way."""

from collections.abc import Callable

from flask import render_template, request
from flask_login import current_user

from intake.booking import displacement
from intake.core import clock
from intake.core.domain import unit_of_work

_OWN_FIELDS = ("csrf_token", "confirm")


def carried_fields() -> list[tuple[str, str]]:
    """The first form's values, carried through the question unchanged."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in _OWN_FIELDS and not name.startswith(("choice-", "message-"))
    ]


def ask(appointments, change: Callable[[], None], *, title: str, back: str, error=None):
    """The page listing the appointments in the way, with nearby free times to move to."""
    page = render_template(
        "staff/displaced.html",
        title=title,
        action=request.path,
        back=back,
        hidden=carried_fields(),
        appointments=appointments,
        suggestions=displacement.suggestions(appointments, change, now=clock.now()),
        error=error,
    )
    return page, 422 if error else 200


def save_with_decisions(appointments, change: Callable[[], None], *, title: str, back: str):
    """Make the change and move or cancel every appointment in one transaction; anything
    undecided or no longer possible saves nothing and asks again. None when saved."""
    if not appointments:
        with unit_of_work():
            change()
        return None
    if "confirm" not in request.form:
        return ask(appointments, change, title=title, back=back)
    decisions = displacement.read_decisions(request.form, appointments)
    with unit_of_work() as work:
        change()
        displacement.resolve(appointments, decisions, by_id=current_user.id, now=clock.now())
    if work.failed:
        return ask(appointments, change, title=title, back=back, error=str(work.error.message))
    return None
