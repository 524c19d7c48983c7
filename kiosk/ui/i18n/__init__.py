"""The shopper's languages: Qt Linguist files beside this module, switched live.

Sources are English.  ``sco_<lang>.ts`` files are extracted from the code with
``pyside6-lupdate`` and translated in Qt Linguist (or by hand: they are XML);
``pyside6-lrelease`` compiles each into the ``.qm`` the screens load.  Both
are committed, so a lane needs no Qt tools to run; ``compile_translations``
rebuilds a ``.qm`` older than its ``.ts`` (run it after editing a ``.ts``).

After changing strings in the code, ``update_sources()`` re-runs lupdate
(new strings arrive as ``type="unfinished"``; a test fails until they are
translated), then translate them and run ``compile_translations()``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent
UI_DIR = I18N_DIR.parent
CATALOG = "sco"
SOURCE_LANGUAGE = "en"

# Each language named in itself: a shopper looks for their own word, not ours.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "vi": "Tiếng Việt",
    "ru": "Русский",
    "fil": "Filipino",
    "de": "Deutsch",
    "tr": "Türkçe",
    "uk": "Українська",
    "pl": "Polski",
}


def native_name(language: str) -> str:
    return NATIVE_NAMES.get(language, language)


def qm_path(language: str, directory: Path = I18N_DIR) -> Path:
    return directory / f"{CATALOG}_{language}.qm"


def _tool(name: str) -> str:
    beside_python = Path(sys.executable).with_name(f"pyside6-{name}")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} not found: install PySide6 in this venv")
    return found


def ui_sources(root: Path = UI_DIR) -> list[Path]:
    return sorted(root.rglob("*.py"))


def update_sources(directory: Path = I18N_DIR, sources: list[Path] | None = None) -> None:
    """Extract the strings of kiosk/ui into every ``sco_<lang>.ts`` (pyside6-lupdate).

    lupdate finds Python files only when named (``-extensions py`` on a folder does
    not work for Python), hence the explicit list.
    """
    files = [str(path) for path in (sources or ui_sources())]
    for ts in sorted(directory.glob(f"{CATALOG}_*.ts")):
        subprocess.run([_tool("lupdate"), *files, "-no-obsolete", "-locations", "relative",
                        "-ts", str(ts)], check=True, capture_output=True, text=True)


def compile_translations(directory: Path = I18N_DIR, *, force: bool = False) -> list[Path]:
    """Run lrelease for every ``.ts`` whose ``.qm`` is missing or older; the ``.qm`` written."""
    written: list[Path] = []
    for ts in sorted(directory.glob(f"{CATALOG}_*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True,
                       capture_output=True, text=True)
        log.info("compiled %s", qm)
        written.append(qm)
    return written


class Translations:
    """The one translator of the shopper's language, installed on the application.

    English is the source language and needs no translator; any other language
    loads ``sco_<lang>.qm``.  A missing file is logged and the screens stay in
    English rather than showing nothing.
    """

    def __init__(self, directory: Path = I18N_DIR) -> None:
        self._directory = directory
        self._translator: QTranslator | None = None
        self.language = SOURCE_LANGUAGE

    def switch(self, language: str) -> bool:
        """Install ``language``'s translator; True when the language changed."""
        if language == self.language:
            return False
        translator: QTranslator | None = None
        if language != SOURCE_LANGUAGE:
            translator = QTranslator()
            if not translator.load(str(qm_path(language, self._directory))):
                log.warning("no translation for %r in %s; showing English",
                            language, self._directory)
                translator = None
        self.remove()
        if translator is not None:
            QCoreApplication.installTranslator(translator)
            self._translator = translator
        self.language = language
        return True

    def remove(self) -> None:
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
