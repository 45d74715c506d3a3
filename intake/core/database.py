"""Engine settings per database: PostgreSQL a sized, pre-pinged pool; SQLite foreign keys, a
busy timeout and explicit BEGIN."""

import logging
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 15_000
WRITE_LOCK = {"sqlite_write_lock": True}


def configure_engine(app: Flask) -> None:
    """Choose engine options from the database URL before Flask-SQLAlchemy builds the engine."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if url.startswith("postgresql"):
        # A connection killed by the server (restart, failover) is noticed at checkout.
        options.setdefault("pool_pre_ping", True)
        # Per worker process: size it to the worker's threads; all workers of all servers
        # together must stay below PostgreSQL's max_connections.
        options.setdefault("pool_size", app.config["DATABASE_POOL_SIZE"])
        options.setdefault("max_overflow", app.config["DATABASE_MAX_OVERFLOW"])
        options.setdefault("pool_timeout", app.config["DATABASE_POOL_TIMEOUT"])
        options.setdefault("pool_recycle", 1800)
    elif url.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _prepare_sqlite(dbapi_connection, _record) -> None:
    """Let SQLAlchemy's "begin" event emit BEGIN, so writers can take the lock up front."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers never block a writer's commit, and a writer never blocks readers.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection) -> None:
    """BEGIN IMMEDIATE for writers (no lock upgrade deadlock), a plain BEGIN for readers."""
    if connection.dialect.name != "sqlite":
        return
    immediate = connection.get_execution_options().get("sqlite_write_lock", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write() -> None:
    """Open the request's write transaction now, so that SQLite takes its lock up front and
    concurrent writers queue on the busy timeout instead of failing with "database is locked".
    A read-only transaction already open is ended first; pending changes are a bug."""
    from intake.extensions import db

    session = db.session()
    if session.in_transaction():
        if session.info.get("wrote"):
            return  # this transaction writes already (a flush, or an earlier call): keep it
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unsaved changes in the session")
        session.rollback()
    session.connection(execution_options=WRITE_LOCK)
    session.info["wrote"] = True  # a second call in this transaction keeps what it did


def init_app(app: Flask) -> None:
    """After Flask-SQLAlchemy: its teardown runs after ours (teardowns run in reverse)."""
    app.teardown_appcontext(_close_session_quietly)


def _close_session_quietly(_error: BaseException | None) -> None:
    """A connection the server killed after the answer was made (restart, failover,
    pg_terminate_backend) must not turn a committed 201 into a 500 while the session is put
    away: SQLAlchemy has invalidated the dead connection; the next checkout opens a new one."""
    from intake.extensions import db

    try:
        db.session.remove()
    except DBAPIError as error:
        log.warning("database connection lost while closing a session: %s", type(error).__name__)
        db.session.registry.clear()


@event.listens_for(Session, "after_flush")
def _note_written(session: Session, _context) -> None:
    """A flush wrote rows: begin_write() must not roll this transaction back."""
    session.info["wrote"] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_written(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("wrote", None)
