"""Render every shopper screen in every language at each lane screen size, as PNGs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out docs/screenshots]
        [--size 768x1024] [--lang ru] [--screen scanning]

Writes ``<out>/<width>x<height>/<lang>/<screen>.png`` for each screen id of
``kiosk.view.SCREENS`` (and a few variants such as ``payment-declined``),
from ``LaneView``s built in ``kiosk.ui.samples`` with the demo catalog.  No
lane, no devices: the window only renders views, and a recording stub takes
the intents.  Compiles stale translations first.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402 (the platform must be chosen first)
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.ui.i18n import compile_translations  # noqa: E402
from kiosk.ui.samples import LANGUAGES, Samples, load_products, lookup_items  # noqa: E402
from kiosk.ui.window import KioskWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1920, 1080), (1024, 768), (768, 1024))  # full HD; a 1024x768 panel either way round
log = logging.getLogger("screenshots")


class NoIntents:
    """Takes every intent and does nothing: screenshots press no buttons."""

    def __getattr__(self, name: str) -> object:
        def intent(*args: object, **kwargs: object) -> None:
            log.debug("intent %s%r", name, args)

        return intent


def save(pixmap: QPixmap, path: Path) -> None:
    """A PNG; with Pillow, reduced to a 256-colour palette (a third of the size, and a
    flat UI looks the same), since 324 of them are kept in the repository."""
    pixmap.save(str(path), "PNG")
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def render_all(out: Path, languages: tuple[str, ...] = LANGUAGES,
               only: tuple[str, ...] = (), sizes: tuple[tuple[int, int], ...] = SIZES
               ) -> list[Path]:
    products = load_products()
    written: list[Path] = []
    for width, height in sizes:
        window = KioskWindow(NoIntents(), lookup_items=lookup_items(products),  # type: ignore[arg-type]
                             size=(width, height))
        window.show()
        for language in languages:
            samples = Samples(products, language)
            views = samples.all() | samples.variants()
            folder = out / f"{width}x{height}" / language
            folder.mkdir(parents=True, exist_ok=True)
            for name, view in views.items():
                if only and name.split("-")[0] not in only:
                    continue
                window.show_view(view)
                for _round in range(3):  # layouts settle in rounds (wrapped labels grow)
                    QApplication.processEvents()
                path = folder / f"{name}.png"
                save(window.grab(), path)
                written.append(path)
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        window.close()
        window.deleteLater()
        # Delete it now, while the application still exists: left to interpreter exit, the
        # window would outlive QApplication and crash on the way out.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", action="append", choices=LANGUAGES,
                        help="only this language (repeatable)")
    parser.add_argument("--screen", action="append", default=[],
                        help="only this screen id (repeatable)")
    parser.add_argument("--size", action="append", choices=[f"{w}x{h}" for w, h in SIZES],
                        help="only this screen size (repeatable)")
    args = parser.parse_args(argv)
    sizes = tuple(size for size in SIZES if not args.size or f"{size[0]}x{size[1]}" in args.size)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    compile_translations()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    render_all(args.out, tuple(args.lang or LANGUAGES), tuple(args.screen), sizes)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
