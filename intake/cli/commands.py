"""Registration of the application's flask commands."""

import logging
import sys
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intake.cli import demo
from intake.cli.purge import purge
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import db
from intake.mail import reminders, sender
from intake.models import Role, User
from intake.models.audit import record

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12


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
    """Create a staff account; the password is asked for, or read from standard input."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"a user with e-mail {email} exists already")
    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        email=email, name=name.strip(), role=role, takes_appointments=role == Role.COUNSELLOR
    )
    user.set_password(password)
    user.set_languages([code.strip() for code in languages.split(",") if code.strip()])
    db.session.add(user)
    db.session.flush()
    record("account_created", obj=user, detail=f"role={role}")
    db.session.commit()
    click.echo(f"created {role} {email}")


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


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)
    app.cli.add_command(purge)
