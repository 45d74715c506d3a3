"""Report tables of requests: by period, topic, language, interpreting, mode, referral and
decline reason."""

from flask_babel import gettext as _
from sqlalchemy import select

from intake.core.vocabulary import DECLINE_REASONS, MODES, TOPICS
from intake.extensions import db
from intake.models import ReferralService
from intake.reports import queries
from intake.reports.context import Context, bucket_rows, one_way, sum_row
from intake.reports.labels import (
    CHANNELS,
    language_label,
    mode_label,
    topic_label,
)
from intake.reports.tables import Column, Table


def requests_table(context: Context) -> Table:
    span = context.span()
    counts = queries.pivot(queries.requests_by_bucket_and_channel(span, list(CHANNELS)))
    columns = [Column(code, str(title), part_of="total") for code, title in CHANNELS.items()]
    columns.append(Column("total", _("All requests")))

    def values(index: int) -> dict:
        found = {code: counts.get(index, {}).get(code, 0) for code in CHANNELS}
        return {**found, "total": sum(found.values())}

    rows = bucket_rows(context, span, values)
    total = sum_row(rows, [column.key for column in columns])
    title = _("Requests received, by channel")
    return Table("requests", title, _("Period"), columns, rows, total, chart="stacked")


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
    return one_way(
        "referrals", title, _("Referred to"), counts, lambda c: names.get(c, _("Not recorded"))
    )


def declines_table(context: Context) -> Table:
    counts = context.figure("declines")
    title = _("Requests declined, by reason")
    return one_way("declines", title, _("Reason"), counts, _decline_label)


def _decline_label(code: str | None) -> str:
    return str(DECLINE_REASONS.get(code, code)) if code else _("Not recorded")


def topics_table(context: Context) -> Table:
    counts = queries.topics(context.span(), list(TOPICS))
    note = _("A request can name several topics, so the rows add up to more than the requests.")
    title = _("Requests by topic")
    return one_way("topics", title, _("Topic"), counts, topic_label, order=TOPICS, note=note)


def languages_table(context: Context) -> Table:
    counts = context.figure("languages")
    title = _("Requests by language to talk in")
    return one_way("languages", title, _("Language"), counts, language_label)


def interpreting_table(context: Context) -> Table:
    counts = dict(context.figure("interpreting"))
    counts.pop(None, None)
    title = _("Requests needing an interpreter, by language (sign language included)")
    return one_way("interpreting", title, _("Interpreting into"), counts, language_label)


def modes_table(context: Context) -> Table:
    counts = context.figure("modes")
    title = _("Requests by kind of consultation")
    return one_way("modes", title, _("Kind"), counts, mode_label, order=MODES)
