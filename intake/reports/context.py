"""What one report's tables share: its period, spans and aggregates (each read once), and the
row and table shapes they are built from."""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from intake.reports import queries
from intake.reports.appointments import Appointments
from intake.reports.labels import (
    bucket_label,
)
from intake.reports.report_periods import Period
from intake.reports.spans import Span
from intake.reports.tables import Column, Row, Table


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


def summed(counts: dict[tuple, int], position: int) -> dict[tuple, int]:
    """Counts keyed (key, outcome), summed over the other parts of the key."""
    result: dict[tuple, int] = {}
    for key, n in counts.items():
        short = (key[position], key[-1])
        result[short] = result.get(short, 0) + n
    return result


def bucket_rows(context: Context, span: Span, values) -> list[Row]:
    labels = context.once(("labels", span.grain), lambda: _labels(span))
    return [
        Row(label, values(index), bucket.first_day.isoformat())
        for index, (bucket, label) in enumerate(zip(span.buckets, labels, strict=True))
    ]


def _labels(span: Span) -> list[str]:
    return [bucket_label(bucket.first_day, span.grain) for bucket in span.buckets]


def sum_row(rows: list[Row], keys: list[str]) -> Row:
    sums = {key: sum(row.values.get(key) or 0 for row in rows) for key in keys}
    return Row(_("Total"), sums, "total")


def one_way(key, title, label, counts: dict, labels, *, order=None, note="") -> Table:
    """A table of requests by one category, largest first unless an order is given."""
    codes = list(order) if order is not None else sorted(counts, key=lambda c: (-counts[c], str(c)))
    rows = [Row(labels(code), {"requests": counts.get(code, 0)}, str(code)) for code in codes]
    column = Column("requests", _("Requests"))
    total = sum_row(rows, ["requests"]) if not note else None
    return Table(key, title, label, [column], rows, total, note=note)
