"""python-escpos' printer database, parsed once per machine instead of once per start.

Importing ``escpos.printer`` loads escpos' printer database (``capabilities.json``, 1 MB)
with PyYAML's pure-Python parser: 0.2–0.4 s of interpreter time on every lane start,
taken on the printer's thread while the window builds its first screen, so the screen
waits for it too.  escpos skips the parse when it finds a pickle of the database in
``ESCPOS_CAPABILITIES_PICKLE_DIR``; left unset, it makes a new temporary directory on
every import and never finds one.

escpos writes that pickle itself without care: four lanes starting together read one
another's half-written file (EOFError on the printer's thread).  So the pickle is written
here, before escpos is imported, to a temporary name and renamed into place: a reader sees
the whole file or none.  The file is ``json``'s reading of the database (JSON is YAML, and
the two give the same data, which a test checks), which takes milliseconds.  escpos finds
the pickle newer than its database and loads it; after an escpos upgrade with a newer
database the pickle is written again.

Nothing here is needed for escpos to work: if the cache cannot be written (no home
directory, a read-only one), escpos parses its database as it always did.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import pickle
import platform
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"
_lock = threading.Lock()
_prepared = False


def database_path() -> Path | None:
    """escpos' ``capabilities.json``, found without importing escpos (or None)."""
    spec = importlib.util.find_spec("escpos")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"
    return path if path.is_file() else None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "open-sco" / "escpos"


def pickle_path(directory: Path) -> Path:
    """The name escpos looks for (``escpos.capabilities.pickle_path``)."""
    return directory / f"{platform.python_version()}.capabilities.pickle"


def write_pickle(database: Path, target: Path) -> None:
    """``database`` parsed and pickled to ``target``, which appears whole or not at all."""
    with database.open(encoding="utf-8") as source:
        capabilities = json.load(source)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".capabilities-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(capabilities, out, protocol=2)  # the protocol escpos writes
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prepare() -> None:
    """Point escpos at a ready pickle of its database; call before importing escpos.

    Idempotent and thread-safe; a store's own ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is left alone.
    """
    global _prepared
    with _lock:
        if _prepared:
            return
        _prepared = True
        if PICKLE_DIR_VARIABLE in os.environ:
            return
        database = database_path()
        if database is None:
            return
        try:
            directory = cache_dir()
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            target = pickle_path(directory)
            if not target.exists() or target.stat().st_mtime < database.stat().st_mtime:
                write_pickle(database, target)
        except (OSError, RuntimeError, ValueError) as error:
            # RuntimeError: no home directory; ValueError: a database that is not JSON.
            log.info("escpos' printer database is parsed on each start: %s", error)
            return
        os.environ[PICKLE_DIR_VARIABLE] = str(directory)
