"""The workspace's database: the engine (SQLite by default, PostgreSQL by URL) and its migrations.

SQLite runs in WAL mode with a busy timeout, and every transaction that writes takes the write
lock when it begins (``BEGIN IMMEDIATE``), so two esep runs at once wait for each other instead of
failing halfway. PostgreSQL is reached through psycopg 3: ``postgresql://user@host/db``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from model.errors import EsepError
from model.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_S = 120  # a collect of hundreds of forms holds the write lock for a few seconds


class StoreError(EsepError):
    """The workspace's database cannot be opened or written."""


def engine_for(url: str) -> Engine:
    """Return an engine for `url` (``sqlite:///path`` or ``postgresql://…``)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(_("'{url}' is not a database URL; give postgresql://user@host/db or "
                           "leave --db out for the workspace's own SQLite file")
                         .format(url=_safe(url))) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
    if backend != "sqlite":
        raise StoreError(_("esep keeps its workspace in SQLite or PostgreSQL, not {backend}")
                         .format(backend=backend))
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling would begin late and defer the lock; esep begins itself
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the database whole on power loss
    cursor.close()


def _sqlite_begin(connection) -> None:
    # a reader needs no lock (WAL); a writer takes it at once, so it never fails halfway
    if connection.get_execution_options().get("esep_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine_connection) -> Config:
    """Return the Alembic configuration that migrates over `engine_connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = engine_connection
    return config


def head_revision() -> str:
    """Return the newest migration's revision id."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (default the newest); refuse one newer than esep knows."""
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            known = {s.revision for s in ScriptDirectory.from_config(
                alembic_config(conn)).walk_revisions()}
            if current is not None and current not in known:
                raise StoreError(_("the workspace was made by a newer esep (database revision "
                                   "{revision}); update esep to open it").format(revision=current))
            if current == head_revision() and revision == "head":
                return
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    except OperationalError as exc:
        raise StoreError(_("cannot open the database ({reason})").format(reason=_reason(exc))) \
            from None


def guarded(cls):
    """Return `cls` with every public method's database errors raised as one-line StoreErrors."""
    for name, fn in list(vars(cls).items()):
        if name.startswith("_") or not callable(fn):
            continue

        @functools.wraps(fn)
        def method(*args, __fn=fn, **kwargs):
            try:
                return __fn(*args, **kwargs)
            except SQLAlchemyError as exc:
                raise StoreError(_("the workspace's database failed ({reason}); nothing of this "
                                   "step was recorded: run it again")
                                 .format(reason=_reason(exc))) from None
        setattr(cls, name, method)
    return cls


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]


def _safe(url: str) -> str:
    """Return `url` without its password, to be printed."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]
