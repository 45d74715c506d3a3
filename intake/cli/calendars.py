"""`flask sync-calendars [--loop]`: read counsellors' own calendars and write appointments."""

import logging
import time

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from intake.calendar_sync import passwords, sync
from intake.core import clock
from intake.extensions import db

log = logging.getLogger(__name__)


@click.command("sync-calendars")
@click.option("--loop", is_flag=True, help="Keep reading every CALENDAR_SYNC_MINUTES.")
@click.option("--every", type=int, default=None, help="Seconds between runs (overrides).")
def sync_calendars(loop: bool, every: int | None) -> None:
    """Read busy time from every connected calendar and write confirmed appointments to the
    calendars chosen for them; a failing server delays nobody else."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    passwords.refuse_start_without_key(current_app)
    pause = every if every is not None else current_app.config["CALENDAR_SYNC_MINUTES"] * 60
    while True:
        try:
            run = sync.sync_all(now=clock.now())
        except SQLAlchemyError as error:
            if not loop:
                raise
            db.session.rollback()
            log.warning("calendar run stopped by the database (%s); next run", type(error).__name__)
        else:
            click.echo(
                f"read {run.read} calendar(s), {len(run.failed)} failing, {run.written} write(s)"
            )
        if not loop:
            return
        db.session.remove()
        time.sleep(pause)
