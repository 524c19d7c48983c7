"""Running the station's Alembic migrations from Python, on the station's own engine."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from kiosk.storage.engine import make_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def alembic_config() -> Config:
    """An Alembic configuration built in code, so no alembic.ini is needed at run time."""
    config = Config()
    # Config is a ConfigParser: a '%' in the install path must not be read as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def upgrade(engine_or_url: Engine | str | URL) -> None:
    """Migrate the station database to the newest schema (``alembic upgrade head``)."""
    owned = not isinstance(engine_or_url, Engine)
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    config = alembic_config()
    try:
        # One transaction for the whole upgrade (kiosk.storage.engine makes
        # SQLite's DDL transactional too): it commits entirely or not at all.
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if owned:
            engine.dispose()
    log.info("station database %s is at head", engine.url.render_as_string(hide_password=True))
