"""Registration of the application's flask commands."""

import logging
import sys
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from intake.accounts import services as accounts
from intake.cases.waitlist import offering
from intake.cli import demo
from intake.cli.backup import backup
from intake.cli.calendars import sync_calendars
from intake.cli.directory import directory_check
from intake.cli.purge import purge
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import db
from intake.mail import reminders, sender
from intake.models import Role

log = logging.getLogger(__name__)


def _read_password() -> str:
    """Prompt on a terminal; read one line from standard input otherwise (for scripts)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice([role.value for role in Role]), default=Role.COUNSELLOR.value
)
@click.option("--languages", default="de", help="Comma-separated language codes, e.g. de,ar")
def create_user(email: str, name: str, role: str, languages: str) -> None:
    """Create a staff account; the password is asked for, or read from standard input.
    The same service and rules as the team page (intake.accounts.services)."""
    password = _read_password()
    with unit_of_work() as work:
        accounts.create_account(
            email=email,
            name=name,
            role=role,
            languages=languages.split(","),
            password=password,
            now=clock.now(),
        )
    if work.failed:
        raise click.ClickException(str(work.error.message))
    click.echo(f"created {role} {email.strip().lower()}")


@click.command("seed-demo")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Create the demo accounts (with the passwords printed in README.md) in production.",
)
@with_appcontext
def seed_demo(allow_production: bool) -> None:
    """Create demo staff, hours, a closure and sample requests unless the database has staff."""
    if current_app.config["ENV_NAME"] == "production" and not allow_production:
        raise click.ClickException(
            "refusing to create demo accounts with published passwords in production; "
            "pass --allow-production if you really mean it"
        )
    if demo.seed():
        click.echo("demo data created; logins are listed in README.md")
    else:
        click.echo("database has staff already; nothing changed")


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep sending every --every seconds.")
@click.option("--every", default=30, show_default=True)
def send_mail(loop: bool, every: int) -> None:
    """Send the e-mails that are due; failed ones stay queued for a later run."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    while True:
        try:
            sent = sender.send_due(clock.now())
        except SQLAlchemyError as error:
            if not loop:
                raise
            # A busy or briefly unreachable database is no reason to stop sending for good.
            log.warning("mail run stopped by the database (%s); next run", type(error).__name__)
        else:
            click.echo(f"sent {sent} message(s)")
        if not loop:
            return
        db.session.remove()
        time.sleep(every)


@click.command("send-reminders")
def send_reminders() -> None:
    """Queue reminders for tomorrow's appointments (safe to run more than once a day)."""
    with unit_of_work():
        queued = reminders.queue_reminders(clock.now())
    click.echo(f"queued {queued} reminder(s)")


@click.command("offer-slots")
@click.option("--loop", is_flag=True, help="Keep matching every --every seconds.")
@click.option("--every", default=60, show_default=True)
def offer_slots(loop: bool, every: int) -> None:
    """Offer freed slots to waiting requests and end expired offers (safe to run twice)."""
    while True:
        with unit_of_work():
            run = offering.offer_slots(now=clock.now())
            offering.record_run(run)
        click.echo(f"offered {len(run.offered)} slot(s), {run.expired} offer(s) expired")
        if not loop:
            return
        db.session.remove()
        time.sleep(every)


def register(app: Flask) -> None:
    app.cli.add_command(offer_slots)
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)
    app.cli.add_command(purge)
    app.cli.add_command(directory_check)
    app.cli.add_command(sync_calendars)
    app.cli.add_command(backup)
