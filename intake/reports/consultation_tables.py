"""Report tables of consultations held: by what was done, by referral destination, waiting
in the office after arriving, and people seen per day."""

from flask_babel import format_date
from flask_babel import gettext as _

from intake.core.vocabulary import CONSULTATION_OUTCOMES
from intake.reports import consultations
from intake.reports.context import Context, bucket_rows, sum_row
from intake.reports.tables import Column, Row, Table


def consultation_outcomes_table(context: Context) -> Table:
    counts = context.once("consultation_outcomes", lambda: consultations.by_outcome(context.span()))
    codes = [*CONSULTATION_OUTCOMES, consultations.NOT_RECORDED]
    labels = {**CONSULTATION_OUTCOMES, consultations.NOT_RECORDED: _("Not recorded")}
    rows = [Row(str(labels[code]), {"held": counts.get(code, 0)}, code) for code in codes]
    note = _("A consultation in which several things were done counts in each of them.")
    title = _("Consultations held, by what was done")
    columns = [Column("held", _("Consultations"))]
    return Table("consultation_outcomes", title, _("What was done"), columns, rows, note=note)


def consultation_referrals_table(context: Context) -> Table:
    counts = consultations.by_referral(context.span())
    names = sorted(counts, key=lambda name: (-counts[name], name))
    rows = [Row(name, {"held": counts[name]}, name) for name in names]
    columns = [Column("held", _("Consultations"))]
    total = sum_row(rows, ["held"])
    title = _("Consultations held, by service referred to")
    return Table("consultation_referrals", title, _("Referred to"), columns, rows, total)


def _wait_values(waits: list[float]) -> dict:
    ordered = sorted(waits)
    return {
        "arrived": len(ordered),
        "median": _nearest_rank(ordered, 50),
        "p90": _nearest_rank(ordered, 90),
    }


def _nearest_rank(ordered: list[float], percent: int) -> float | None:
    """The same percentile as the waiting time until the first appointment: the smallest
    value that at least `percent` % of the values do not exceed."""
    if not ordered:
        return None
    rank = -(-percent * len(ordered) // 100)  # ceil in integers
    return round(ordered[rank - 1], 1)


def office_wait_table(context: Context) -> Table:
    span = context.span()
    waits = consultations.office_waits(span)
    rows = bucket_rows(context, span, lambda index: _wait_values(waits.get(index, [])))
    everyone = [minutes for found in waits.values() for minutes in found]
    total = Row(_("Whole period"), _wait_values(everyone), "total")
    columns = [
        Column("arrived", _("People checked in")),
        Column("median", _("Median wait (minutes)"), "measure", base=("arrived",)),
        Column("p90", _("90th percentile of the wait (minutes)"), "measure", base=("arrived",)),
    ]
    note = _(
        "From checking in at reception to the appointment's start; someone who came late "
        "did not wait. Percentiles by nearest rank."
    )
    title = _("Waiting time in the office")
    return Table(
        "office_wait", title, _("Period"), columns, rows, total, "line", note, _("minutes")
    )


def seen_per_day_table(context: Context) -> Table:
    found = consultations.seen_per_day(context.span(), context.tz)
    rows = [
        Row(format_date(day, "EEE d MMM y"), {"seen": seen, "checked_in": arrived}, day.isoformat())
        for day, (seen, arrived) in sorted(found.items())
    ]
    columns = [
        Column("seen", _("People seen")),
        Column("checked_in", _("Of them checked in at reception")),
    ]
    total = sum_row(rows, ["seen", "checked_in"])
    note = _("Each person once a day, in every consultation held: booked, by phone or at the door.")
    title = _("People seen per day")
    return Table("seen_per_day", title, _("Day"), columns, rows, total, note=note)
