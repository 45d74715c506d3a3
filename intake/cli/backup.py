"""`flask --app wsgi backup PATH`: a consistent copy of the SQLite database while the app runs.

SQLite's online backup API copies page by page under a read transaction, so writers carry
on and the copy is one moment's database (WAL included). PostgreSQL is backed up with its
own tools (`pg_dump -Fc`, see the README); this command says so instead of copying."""

import sqlite3
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import make_url

from intake.extensions import db

PAGES_PER_STEP = 1024


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH (a new file) with SQLite's online backup API."""
    url = make_url(str(db.engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            "flask backup copies a SQLite file; back up PostgreSQL with "
            "pg_dump -Fc (see README, Backup and restore)"
        )
    if path.exists():
        raise click.ClickException(f"{path} exists already; choose a new file")
    copy_sqlite(Path(url.database), path)
    click.echo(f"backed up {url.database} to {path}")


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy `source` to the new file `target` as one consistent snapshot."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy, pages=PAGES_PER_STEP)
        # A plain file: no -wal or -shm beside it is needed to restore it.
        copy.execute("PRAGMA journal_mode = DELETE")
