"""The week calendar's entries written by Jinja macros (entries.html beside this file): what
`intake.staff.calendar_entries.EntryWriter` writes by hand."""

from pathlib import Path

from flask import current_app, url_for
from jinja2 import FileSystemLoader
from markupsafe import Markup

from intake.core.vocabulary import (
    CLOSURE_REASONS,
    MODES,
    STAFF_APPOINTMENT_STATUSES,
    language_name,
)
from intake.staff.calendar_entries import booking_url

HERE = Path(__file__).parent


def macros(app):
    """entries.html in the app's own Jinja environment (its filters, globals and gettext)."""
    environment = app.extensions.get("reference_jinja")
    if environment is None:
        environment = app.jinja_env.overlay(loader=FileSystemLoader(HERE))
        app.extensions["reference_jinja"] = environment
    return environment.get_template("entries.html").module


class TemplateEntries:
    """The same two calls as EntryWriter (`cell`, `body`), rendered by the macros."""

    def __init__(self, case_id: int | None, user_id: int, *, links: bool = True):
        module = macros(current_app)
        self._cell, self._body = module.cell, module.body
        self.page = {
            "case_id": case_id,
            "user_id": user_id,
            "links": links,
            "case_path": url_for("staff.cases.show", case_id=0)[:-1],
            "booking_url": booking_url,
            "modes": MODES,
            "statuses": STAFF_APPOINTMENT_STATUSES,
            "reasons": CLOSURE_REASONS,
            "language_name": language_name,
        }

    def cell(self, items, context: str = "") -> Markup:
        return self._cell(items, context, self.page)

    def body(self, view) -> Markup:
        return self._body(view, self.page)
