"""`flask directory-check EMAIL`: what intake sees of one person in the directory, for the
city's administrator; no password is asked or sent."""

import click
from sqlalchemy import func, select

from intake.directory import client, people, settings
from intake.directory.client import DirectoryDown
from intake.extensions import db
from intake.models import User


@click.command("directory-check")
@click.argument("login")
def directory_check(login: str) -> None:
    """Look LOGIN (an e-mail address, or a user name if configured) up in the directory:
    found or not, disabled, groups, the role intake would give, languages, intake's account."""
    if not settings.configured():
        raise click.ClickException("LDAP_URL is not set: staff sign in with local accounts only")
    config = settings.current()
    try:
        person = client.find(login, config)
    except DirectoryDown as error:
        raise click.ClickException(f"the directory cannot be reached: {error}") from error
    if person is None:
        click.echo(f"not found: no single entry under {config.user_base} matches {login!r}")
        raise SystemExit(1)
    for line in describe(person, config):
        click.echo(line)


def describe(person: people.Person, config: settings.DirectorySettings) -> list[str]:
    role = people.role_of(person, config)
    wanted = {people.normalise_dn(config.counsellor_group), people.normalise_dn(config.lead_group)}
    groups = sorted(person.groups & wanted)
    account = db.session.scalar(select(User).where(func.lower(User.email) == person.email))
    return [
        f"found: {person.dn}",
        f"name: {person.name or '-'}",
        f"e-mail: {person.email or '- (none: cannot sign in)'}",
        f"disabled: {'yes' if person.disabled else 'no'}",
        f"intake groups: {', '.join(groups) if groups else '- (in neither group)'}",
        f"role: {role or '- (no access)'}",
        f"languages: {', '.join(person.languages) or '-'}",
        f"may sign in: {'yes' if people.may_sign_in(person, config) else 'no'}",
        f"intake account: {_account_state(account)}",
    ]


def _account_state(account: User | None) -> str:
    if account is None:
        return "none yet (made at the first sign-in)"
    state = "active" if account.is_active else "inactive"
    return f"{account.account_source}, {state}, role {account.role}"
