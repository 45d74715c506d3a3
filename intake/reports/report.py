"""The report: every table of a period, built from the SQL aggregates, optionally suppressed.

One builder per table; `TABLES` is what the page, the print view and the CSV export walk,
so all three show the same tables with the same numbers.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from intake.core.vocabulary import DECLINE_REASONS, MODES, TOPICS
from intake.extensions import db
from intake.models import ReferralService, User
from intake.reports import capacity, queries, waiting
from intake.reports.appointments import Appointments
from intake.reports.labels import (
    CHANNELS,
    OUTCOMES,
    bucket_label,
    language_label,
    mode_label,
    topic_label,
)
from intake.reports.report_periods import Period
from intake.reports.spans import Span, plan_for_the_period
from intake.reports.tables import Column, Row, Table, suppress

APPOINTMENT_KINDS = ("completed", "no_show", "cancelled_requester", "cancelled_office")


@dataclass(frozen=True)
class Context:
    """One report's period, and the aggregates its tables share (each read once)."""

    period: Period
    tz: ZoneInfo
    shared: dict = field(default_factory=dict, compare=False)

    def span(self, grain: str | None = None) -> Span:
        grain = grain or self.period.grain
        return self.once(("span", grain), lambda: Span.of(self.period, self.tz, grain))

    def once(self, key, compute):
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    def figure(self, name: str) -> dict:
        """Requests by one category (queries.FIGURES); all of them come from one statement."""
        return self.once("figures", lambda: queries.figures(self.span()))[name]

    def appointments(self, grain: str | None = None) -> Appointments:
        """The appointments by bucket (of the period's grain by default): three tables."""
        span = self.span(grain)
        return self.once(("appointments", span.grain), lambda: Appointments(span))


def _summed(counts: dict[tuple, int], position: int) -> dict[tuple, int]:
    """Counts keyed (key, outcome), summed over the other parts of the key."""
    result: dict[tuple, int] = {}
    for key, n in counts.items():
        short = (key[position], key[-1])
        result[short] = result.get(short, 0) + n
    return result


def _bucket_rows(context: Context, span: Span, values) -> list[Row]:
    labels = context.once(("labels", span.grain), lambda: _labels(span))
    return [
        Row(label, values(index), bucket.first_day.isoformat())
        for index, (bucket, label) in enumerate(zip(span.buckets, labels, strict=True))
    ]


def _labels(span: Span) -> list[str]:
    return [bucket_label(bucket.first_day, span.grain) for bucket in span.buckets]


def _sum_row(rows: list[Row], keys: list[str]) -> Row:
    sums = {key: sum(row.values.get(key) or 0 for row in rows) for key in keys}
    return Row(_("Total"), sums, "total")


def _one_way(key, title, label, counts: dict, labels, *, order=None, note="") -> Table:
    """A table of requests by one category, largest first unless an order is given."""
    codes = list(order) if order is not None else sorted(counts, key=lambda c: (-counts[c], str(c)))
    rows = [Row(labels(code), {"requests": counts.get(code, 0)}, str(code)) for code in codes]
    column = Column("requests", _("Requests"))
    total = _sum_row(rows, ["requests"]) if not note else None
    return Table(key, title, label, [column], rows, total, note=note)


def requests_table(context: Context) -> Table:
    span = context.span()
    counts = queries.pivot(queries.requests_by_bucket_and_channel(span, list(CHANNELS)))
    columns = [Column(code, str(title), part_of="total") for code, title in CHANNELS.items()]
    columns.append(Column("total", _("All requests")))

    def values(index: int) -> dict:
        found = {code: counts.get(index, {}).get(code, 0) for code in CHANNELS}
        return {**found, "total": sum(found.values())}

    rows = _bucket_rows(context, span, values)
    total = _sum_row(rows, [column.key for column in columns])
    title = _("Requests received, by channel")
    return Table("requests", title, _("Period"), columns, rows, total, chart="stacked")


def _appointment_columns() -> list[Column]:
    return [
        Column("completed", _("Held")),
        Column("no_show", _("Missed (no-show)")),
        Column("cancelled_requester", _("Cancelled by the requester")),
        Column("cancelled_office", _("Cancelled by the office")),
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
    counts = queries.pivot(_summed(context.appointments().counts, 0))
    rows = _bucket_rows(context, span, lambda index: _appointment_values(counts.get(index, {})))
    total = _sum_row(rows, list(APPOINTMENT_KINDS))
    total.values = _with_rate(total.values)
    title = _("Appointments: held, missed and cancelled")
    return Table("appointments", title, _("Period"), _appointment_columns(), rows, total)


def counsellors_table(context: Context) -> Table:
    counts = queries.pivot(_summed(context.appointments().counts, 1))
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(counts))).all())
    ordered = sorted(counts, key=lambda user_id: names.get(user_id, ""))
    rows = [Row(names.get(i, "?"), _appointment_values(counts[i]), str(i)) for i in ordered]
    total = _sum_row(rows, list(APPOINTMENT_KINDS))
    total.values = _with_rate(total.values)
    title = _("Appointments by counsellor")
    return Table("counsellors", title, _("Counsellor"), _appointment_columns(), rows, total)


def outcomes_table(context: Context) -> Table:
    counts = context.figure("outcomes")
    title = _("Requests received, by what became of them")
    return _one_way("outcomes", title, _("Outcome"), counts, lambda c: str(OUTCOMES[c]),
                    order=OUTCOMES)  # fmt: skip


def referrals_table(context: Context) -> Table:
    counts = context.figure("referrals")
    ids = [int(key) for key in counts if key is not None]
    names = {
        str(service_id): name
        for service_id, name in db.session.execute(
            select(ReferralService.id, ReferralService.name).where(ReferralService.id.in_(ids))
        )
    }
    title = _("Requests referred elsewhere, by service")
    return _one_way("referrals", title, _("Referred to"), counts,
                    lambda c: names.get(c, _("Not recorded")))  # fmt: skip


def declines_table(context: Context) -> Table:
    counts = context.figure("declines")
    title = _("Requests declined, by reason")
    return _one_way("declines", title, _("Reason"), counts, _decline_label)


def _decline_label(code: str | None) -> str:
    return str(DECLINE_REASONS.get(code, code)) if code else _("Not recorded")


def topics_table(context: Context) -> Table:
    counts = queries.topics(context.span(), list(TOPICS))
    note = _("A request can name several topics, so the rows add up to more than the requests.")
    title = _("Requests by topic")
    return _one_way("topics", title, _("Topic"), counts, topic_label, order=TOPICS, note=note)


def languages_table(context: Context) -> Table:
    counts = context.figure("languages")
    title = _("Requests by language to talk in")
    return _one_way("languages", title, _("Language"), counts, language_label)


def interpreting_table(context: Context) -> Table:
    counts = dict(context.figure("interpreting"))
    counts.pop(None, None)
    title = _("Requests needing an interpreter, by language (sign language included)")
    return _one_way("interpreting", title, _("Interpreting into"), counts, language_label)


def modes_table(context: Context) -> Table:
    counts = context.figure("modes")
    title = _("Requests by kind of consultation")
    return _one_way("modes", title, _("Kind"), counts, mode_label, order=MODES)


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
    rows = _bucket_rows(context, span, lambda index: _wait_values(found.get(index)))
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

    rows = _bucket_rows(context, span, values)
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
    total = _sum_row(rows, ["requests", "callbacks"])
    note = _("Languages whose requests often find no slot show where speakers are short.")
    title = _("Languages: requests that found no free time")
    return Table("shortage", title, _("Language"), columns, rows, total, "bars", note)


TABLES = {
    "requests": requests_table,
    "appointments": appointments_table,
    "outcomes": outcomes_table,
    "referrals": referrals_table,
    "declines": declines_table,
    "topics": topics_table,
    "languages": languages_table,
    "interpreting": interpreting_table,
    "modes": modes_table,
    "counsellors": counsellors_table,
    "waiting": waiting_table,
    "capacity": capacity_table,
    "shortage": shortage_table,
}


def build_table(
    key: str, period: Period, tz: ZoneInfo, *, threshold: int | None = None, context=None
) -> Table:
    """One table; with a threshold, small cells are held back (for publication)."""
    if context is None:
        plan_for_the_period()
        context = Context(period, tz)
    table = TABLES[key](context)
    return suppress(table, threshold) if threshold else table


def build_report(period: Period, tz: ZoneInfo, *, threshold: int | None = None) -> list[Table]:
    plan_for_the_period()
    context = Context(period, tz)
    return [build_table(key, period, tz, threshold=threshold, context=context) for key in TABLES]
