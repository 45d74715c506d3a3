"""`flask --app wsgi purge [--dry-run]`: apply the retention periods (cron, once a night)."""

import click
from flask.cli import with_appcontext
from sqlalchemy import text

from intake.cases import retention
from intake.core import clock
from intake.core.database import begin_write
from intake.extensions import db


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be anonymised; change nothing.")
@with_appcontext
def purge(dry_run: bool) -> None:
    """Anonymise cases past their retention period and delete audit rows past theirs."""
    begin_write()
    report = retention.purge(clock.now())
    verb = "would anonymise" if dry_run else "anonymised"
    click.echo(f"{verb} {len(report.closed)} closed case(s): {' '.join(report.closed) or '-'}")
    click.echo(
        f"{verb} {len(report.ended)} cancelled or declined request(s): "
        f"{' '.join(report.ended) or '-'}"
    )
    click.echo(
        f"{verb} {len(report.unanswered)} unanswered request(s): "
        f"{' '.join(report.unanswered) or '-'}"
    )
    deleted = "would delete" if dry_run else "deleted"
    click.echo(f"{deleted} {report.audit_rows} audit row(s) past their retention period")
    if dry_run:
        db.session.rollback()
        return
    db.session.commit()
    refresh_statistics()


def refresh_statistics() -> None:
    """SQLite has no autovacuum: refresh the planner's statistics where they are stale, so
    that the inbox and reports keep choosing their indexes as the tables grow."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
