"""The report: every table of a period, built from the SQL aggregates, optionally suppressed.

One builder per table; `TABLES` is what the page, the print view and the CSV export walk,
so all three show the same tables with the same numbers.
"""

from zoneinfo import ZoneInfo

from intake.reports.appointment_tables import appointments_table, counsellors_table, outcomes_table
from intake.reports.capacity_tables import capacity_table, shortage_table, waiting_table
from intake.reports.consultation_tables import (
    consultation_outcomes_table,
    consultation_referrals_table,
    office_wait_table,
    seen_per_day_table,
)
from intake.reports.context import Context
from intake.reports.report_periods import Period
from intake.reports.request_tables import (
    declines_table,
    interpreting_table,
    languages_table,
    modes_table,
    referrals_table,
    requests_table,
    topics_table,
)
from intake.reports.spans import plan_for_the_period
from intake.reports.tables import Table, suppress

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
    "consultation_outcomes": consultation_outcomes_table,
    "consultation_referrals": consultation_referrals_table,
    "office_wait": office_wait_table,
    "seen_per_day": seen_per_day_table,
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
