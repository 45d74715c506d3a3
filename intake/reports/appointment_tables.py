"""Report tables of appointments: held, missed and cancelled by period, by counsellor, and
outcomes."""

from flask_babel import gettext as _
from sqlalchemy import select

from intake.extensions import db
from intake.models import User
from intake.reports import queries
from intake.reports.context import Context, bucket_rows, one_way, sum_row, summed
from intake.reports.labels import (
    OUTCOMES,
)
from intake.reports.tables import Column, Row, Table

APPOINTMENT_KINDS = (
    "completed",
    "no_show",
    "cancelled_requester",
    "cancelled_office",
    "moved_requester",
    "moved_office",
)


def _appointment_columns() -> list[Column]:
    return [
        Column("completed", _("Held")),
        Column("no_show", _("Missed (no-show)")),
        Column("cancelled_requester", _("Cancelled by the requester")),
        Column("cancelled_office", _("Cancelled by the office")),
        Column("moved_requester", _("Moved by the requester")),
        Column("moved_office", _("Moved by the office")),
        Column(
            "no_show_rate", _("No-show rate in per cent"), "measure", base=("completed", "no_show")
        ),
    ]


def _appointment_values(found: dict) -> dict:
    values = {kind: found.get(kind, 0) for kind in APPOINTMENT_KINDS}
    return _with_rate(values)


def _with_rate(values: dict) -> dict:
    attended = values["completed"] + values["no_show"]
    rate = round(100 * values["no_show"] / attended, 1) if attended else None
    return {**values, "no_show_rate": rate}


def appointments_table(context: Context) -> Table:
    span = context.span()
    counts = queries.pivot(summed(context.appointments().counts, 0))
    rows = bucket_rows(context, span, lambda index: _appointment_values(counts.get(index, {})))
    total = sum_row(rows, list(APPOINTMENT_KINDS))
    total.values = _with_rate(total.values)
    title = _("Appointments: held, missed, cancelled and moved")
    return Table("appointments", title, _("Period"), _appointment_columns(), rows, total)


def counsellors_table(context: Context) -> Table:
    counts = queries.pivot(summed(context.appointments().counts, 1))
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(counts))).all())
    ordered = sorted(counts, key=lambda user_id: names.get(user_id, ""))
    rows = [Row(names.get(i, "?"), _appointment_values(counts[i]), str(i)) for i in ordered]
    total = sum_row(rows, list(APPOINTMENT_KINDS))
    total.values = _with_rate(total.values)
    title = _("Appointments by counsellor")
    return Table("counsellors", title, _("Counsellor"), _appointment_columns(), rows, total)


def outcomes_table(context: Context) -> Table:
    counts = context.figure("outcomes")
    title = _("Requests received, by what became of them")
    return one_way(
        "outcomes", title, _("Outcome"), counts, lambda c: str(OUTCOMES[c]), order=OUTCOMES
    )
