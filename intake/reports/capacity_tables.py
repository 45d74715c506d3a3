"""Report tables of time: waiting from request to first appointment, capacity used, and the
languages where time ran short."""

from flask_babel import gettext as _

from intake.reports import capacity, waiting
from intake.reports.context import Context, bucket_rows, sum_row
from intake.reports.labels import (
    language_label,
)
from intake.reports.tables import Column, Row, Table


def _wait_values(found: tuple | None) -> dict:
    if not found:
        return {"people": 0, "median": None, "p90": None}
    people, median, p90 = found
    return {"people": people, "median": _days(median), "p90": _days(p90)}


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 1)


def waiting_table(context: Context) -> Table:
    span = context.span()
    found, whole = waiting.waits_by_bucket(span)
    rows = bucket_rows(context, span, lambda index: _wait_values(found.get(index)))
    columns = [
        Column("people", _("People seen for the first time")),
        Column("median", _("Median wait (days)"), "measure", base=("people",)),
        Column("p90", _("90th percentile of the wait (days)"), "measure", base=("people",)),
    ]
    total = Row(_("Whole period"), _wait_values(whole), "total")
    note = _(
        "From the request to the first appointment held, counted when that appointment took "
        "place. Percentiles by nearest rank: at least half (nine in ten) waited no longer."
    )
    title = _("Waiting time until the first appointment")
    return Table("waiting", title, _("Period"), columns, rows, total, "line", note, _("days"))


def capacity_table(context: Context) -> Table:
    span = context.span("week")
    bookable = capacity.bookable_minutes_by_week(span, context.tz)
    booked = context.appointments("week").booked

    def values(index: int) -> dict:
        return _capacity_values(bookable.get(index, 0), booked.get(index, 0))

    rows = bucket_rows(context, span, values)
    whole = _capacity_values(sum(bookable.values()), sum(booked.values()))
    total = Row(_("Total"), whole, "total")
    columns = [
        Column("bookable", _("Bookable counsellor hours"), "measure"),
        Column("booked", _("Booked hours"), "measure"),
        Column("utilisation", _("Utilisation in per cent"), "measure"),
    ]
    note = _(
        "Bookable: working hours minus holidays, closures and absences of everyone who takes "
        "appointments. Booked: appointments not cancelled."
    )
    title = _("Capacity per week: bookable and booked hours")
    return Table("capacity", title, _("Week"), columns, rows, total, "capacity", note, _("hours"))


def _capacity_values(bookable: float, booked: float) -> dict:
    """Minutes in, hours and a percentage out."""
    rate = round(100 * booked / bookable, 1) if bookable else None
    return {
        "bookable": round(bookable / 60, 1),
        "booked": round(booked / 60, 1),
        "utilisation": rate,
    }


def shortage_table(context: Context) -> Table:
    requests = context.figure("languages")
    callbacks = context.figure("callbacks")
    speakers = capacity.speakers_by_language()
    codes = sorted(requests, key=lambda code: (-callbacks.get(code, 0), -requests[code], code))
    rows = [
        Row(
            language_label(code),
            {
                "requests": requests[code],
                "callbacks": callbacks.get(code, 0),
                "speakers": speakers.get(code, 0),
            },
            code,
        )
        for code in codes
    ]
    columns = [
        Column("requests", _("Requests")),
        Column("callbacks", _("No slot fitted: asked to be called back")),
        Column("speakers", _("Counsellors who speak it"), "measure"),
    ]
    total = sum_row(rows, ["requests", "callbacks"])
    note = _("Languages whose requests often find no slot show where speakers are short.")
    title = _("Languages: requests that found no free time")
    return Table("shortage", title, _("Language"), columns, rows, total, "bars", note)
