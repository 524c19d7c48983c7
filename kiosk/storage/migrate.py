"""Running the Alembic migrations from Python, on the application's own engine.

A lane opens its database on every start, and nearly always it is at head already.
Asking Alembic costs an import of Alembic (and of SQLAlchemy's PostgreSQL dialect
it pulls in), loading every migration script and ``env.py``: a tenth of a second
of the lane's start.  So ``upgrade`` first compares the database's
``alembic_version`` with the head revision read from the scripts' ``revision`` and
``down_revision`` assignments, and runs Alembic only when they differ, when the
table is missing, or when the history is anything but one straight line.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from kiosk.storage.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py does not rename it


def alembic_config() -> Config:
    """An Alembic configuration built in code, so no alembic.ini is needed at run time."""
    from alembic.config import Config

    config = Config()
    # Config is a ConfigParser: a '%' in the install path must not be read as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def script_head(versions: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The one head revision of the migration scripts, or None when it is not plain to see.

    Reads each script's module-level ``revision = "..."`` and ``down_revision = ...``
    without importing it.  None (so Alembic decides) for branches, merges, or a script
    whose revisions are not string literals.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in versions.glob("*.py"):
        found: dict[str, object] = {}
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            target, value = None, None
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                target, value = node.target.id, node.value
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name)):
                target, value = node.targets[0].id, node.value
            if target in ("revision", "down_revision") and isinstance(value, ast.Constant):
                found[target] = value.value
        revision, parent = found.get("revision"), found.get("down_revision", ...)
        if not isinstance(revision, str) or not (parent is None or isinstance(parent, str)):
            return None
        revisions.add(revision)
        if parent is not None:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def database_revision(engine: Engine) -> str | None:
    """The revision the database is at; None if it has no (single) version row yet."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade(engine_or_url: Engine | str | URL) -> None:
    """Migrate the database to the newest schema (``alembic upgrade head``)."""
    owned = not isinstance(engine_or_url, Engine)
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    try:
        head = script_head()
        if head is None or database_revision(engine) != head:
            _alembic_upgrade(engine)
    finally:
        if owned:
            engine.dispose()
    log.info("database %s is at head", engine.url.render_as_string(hide_password=True))


def _alembic_upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    # One transaction for the whole upgrade: with SQLite's BEGIN taken over
    # in database.py even the DDL of a batch migration commits or not at all.
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
