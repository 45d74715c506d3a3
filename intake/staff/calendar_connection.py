"""The counsellor's own calendar at /staff/account/calendar: connect it, choose what counts as
busy and where confirmed appointments go, see whether reading it works, disconnect."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.calendar_sync import connections, status
from intake.core import clock
from intake.core.domain import DomainError, attach_error, unit_of_work
from intake.staff.calendar_forms import ChooseForm, ConnectForm

bp = Blueprint("calendar_connection", __name__, url_prefix="/account/calendar")


def _page(connect_form: ConnectForm, choose_form: ChooseForm | None = None, *, code: int = 200):
    connection = status.connection_of(current_user.id)
    if connection is not None and choose_form is None:
        choose_form = _choose_form(connection)
    page = render_template(
        "staff/calendar_connection.html",
        connection=connection,
        state=status.of(connection, now=clock.now()),
        connect_form=connect_form,
        choose_form=choose_form,
    )
    return page, code


def _choose_form(connection, formdata=None) -> ChooseForm:
    form = ChooseForm(formdata=formdata) if formdata is not None else ChooseForm()
    form.fill(connection.calendars, nothing_label=_("Do not write appointments"))
    if formdata is None:
        form.busy.data = [calendar.id for calendar in connection.calendars if calendar.busy]
        written = [c.id for c in connection.calendars if c.url == connection.write_url]
        form.write.data = written[0] if written else 0
    return form


@bp.route("", methods=["GET", "POST"])
def index():
    form = ConnectForm()
    if form.validate_on_submit():
        details = {
            "kind": form.kind.data,
            "url": form.url.data.strip(),
            "username": (form.username.data or "").strip(),
            "password": form.password.data or "",
        }
        try:  # the server is asked before the write transaction opens
            found = connections.discover(**details)
        except DomainError as error:
            attach_error(form, error)
            return _page(form, code=422)
        with unit_of_work(form) as work:
            connections.connect(current_user._get_current_object(), found=found, **details)
        if not work.failed:
            flash(_("Your calendar is connected. Its busy time is read within minutes."), "info")
            return redirect(url_for(".index"), code=303)
    return _page(form, code=422 if form.errors else 200)


@bp.post("/choose")
def choose():
    connection = status.connection_of(current_user.id)
    if connection is None:
        return redirect(url_for(".index"), code=303)

    form = _choose_form(connection, formdata=request.form)
    if form.validate():
        with unit_of_work(form):
            connections.choose(
                connection, busy_ids=set(form.busy.data or []), write_id=form.write.data or None
            )
        flash(_("Your calendar choices are saved."), "info")
        return redirect(url_for(".index"), code=303)
    return _page(ConnectForm(formdata=None), form, code=422)


@bp.post("/disconnect")
def disconnect():
    with unit_of_work():
        connections.disconnect(current_user._get_current_object())
    flash(_("Your calendar is disconnected; its password and busy time are deleted."), "info")
    return redirect(url_for(".index"), code=303)
