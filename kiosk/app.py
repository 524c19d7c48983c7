"""``sco lane``: one lane, with its screen, its devices, its journal and its core.

Everything is read from the lane's config file and the store file it names.
The catalog is imported on first start when the lane's database has none.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import BrokerSection, LaneConfig, StoreConfig
from kiosk.lane import Lane, Timeouts
from kiosk.link import LaneLink
from kiosk.settings import LaneSetup
from kiosk.storage import Database, import_products
from kiosk.view import ViewContext
from pos.catalog import Product
from pos.catalog_csv import read_catalog_csv

if TYPE_CHECKING:
    from kiosk.hardware import Hardware

log = logging.getLogger(__name__)


def timeouts(store: StoreConfig, lane: LaneConfig) -> Timeouts:
    security = lane.security_settings(store)
    return Timeouts(bagging_s=float(security.bagging_timeout_s),
                    idle_s=float(store.timeouts.idle_s),
                    still_there_s=float(store.timeouts.still_there_s),
                    thank_you_s=float(store.timeouts.thank_you_s))


def import_store_catalog(db: Database, store: StoreConfig) -> int:
    """Replace the lane's catalog with the store's catalog CSV."""
    path = store.catalog_csv_path()
    with path.open(newline="", encoding="utf-8") as source:
        return import_products(db, read_catalog_csv(source, store.currency, source=str(path)))


def open_lane_database(lane: LaneConfig, store: StoreConfig, url: str | None = None,
                       ) -> Database:
    db = Database.open(url or lane.storage_url())
    if db.catalog().count() == 0:
        count = import_store_catalog(db, store)
        log.info("first start: imported %d products from %s", count, store.catalog_csv_path())
    return db


def assemble(setup: LaneSetup, db: Database, *, lane_timeouts: Timeouts | None = None,
             reuse: dict[str, Any] | None = None) -> tuple[Lane, Hardware]:
    """The lane (core, view context, timers) and its devices, wired but not started."""
    from kiosk.hardware import build

    store = setup.store
    context = ViewContext(setup.lane.lane.name, store.store.name, tuple(store.store.languages))
    lane = Lane(setup.core(db), context, timeouts=lane_timeouts or timeouts(store, setup.lane),
                lookup_items=lookup_items(db))
    hardware = build(setup.lane, lane.sink, reuse=reuse)
    lane.devices = hardware.lane_devices()
    return lane, hardware


def make_link(setup: LaneSetup, db: Database, lane: Lane, *,
              broker: BrokerSection | None = None) -> LaneLink:
    """The lane's link to the attendant stations, attached to ``lane`` (started with it)."""
    link = LaneLink(store=setup.store.store.id, lane=setup.lane.lane.id,
                    broker=broker or setup.lane.broker_settings(setup.store),
                    outbox=db.outbox(), journal=db.journal(), lane_name=setup.lane.lane.name)
    lane.link = link
    return link


def lookup_items(db: Database) -> tuple[Product, ...]:
    catalog = db.catalog()
    return tuple(catalog.by_category("produce")) + tuple(catalog.by_category("bakery"))


IDLE_SCREENS = frozenset({"attract", "lane_closed"})

MIN_TOUCH_MM = 15.0  # EN 301 549 (after ISO 9241-9): a fingertip's target


def touch_target_mm(pixels: int, dots_per_inch: float) -> float | None:
    """How wide ``pixels`` are on a screen of ``dots_per_inch`` (None: size unknown)."""
    if dots_per_inch <= 0:
        return None
    return pixels / dots_per_inch * 25.4


def check_touch_targets(window: Any) -> float | None:
    """Warn store IT when the lane's screen makes the smallest touch target under 15 mm.

    The layouts are drawn in pixels, with targets of at least ``TOUCH_MIN`` (64 px): 15 mm
    up to 108 dpi, e.g. a 1920x1080 panel of 20.4" or more, or 1024x768 of 11.9" or more.
    A denser panel (15.6" 1080p: 141 dpi) gets a warning at start, with the figures.
    """
    from kiosk.ui.controls import TOUCH_MIN

    screen = window.screen()
    if screen is None:
        return None
    size = screen.physicalSize()  # from the panel's EDID; 0 x 0 when it does not say
    if size.width() <= 0:
        return None
    mm = touch_target_mm(TOUCH_MIN, screen.geometry().width() / (size.width() / 25.4))
    if mm is not None and mm < MIN_TOUCH_MM:
        log.warning("touch targets are %.1f mm wide on this screen (%s, %.0f x %.0f mm), "
                    "under the %.0f mm EN 301 549 asks for: use a larger panel, or run "
                    "this one at 1024x768 (the compact layout)", mm, screen.name(),
                    size.width(), size.height(), MIN_TOUCH_MM)
    return mm


class IdleCollector:
    """Python's cycle collector runs while the lane waits for a shopper, not during a visit.

    A full collection walks every object the lane holds, tens of milliseconds, and Python
    starts one whenever enough objects have outlived the younger collections: in the middle
    of a scan, as likely as not.  Here the full collection waits until the lane has shown an
    idle screen (``attract``, ``lane_closed``) for ``delay_s``; the automatic one is put off
    to ``OLDEST_THRESHOLD`` younger collections, a safety net for a lane that never idles.
    The two younger generations stay automatic: they take a millisecond or two.
    """

    OLDEST_THRESHOLD = 1000  # collections of the middle generation (Python's default: 10)

    def __init__(self, window: Any, *, delay_s: float = 0.5) -> None:
        from PySide6.QtCore import QTimer

        self._thresholds = gc.get_threshold()
        young, middle, _oldest = self._thresholds
        gc.set_threshold(young, middle, self.OLDEST_THRESHOLD)
        self.window = window
        self.collections = 0
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(delay_s * 1000))
        self._timer.timeout.connect(self._collect)
        window.screenChanged.connect(self._screen_changed)

    def _screen_changed(self, screen_id: str) -> None:
        if screen_id in IDLE_SCREENS:
            self._timer.start()
        else:
            self._timer.stop()

    def _collect(self) -> None:
        if self.window.current_screen_id() in IDLE_SCREENS:
            gc.collect()
            self.collections += 1

    def close(self) -> None:
        self._timer.stop()
        gc.set_threshold(*self._thresholds)


class LaneApp:
    """One lane with its window: built, started, and closed together."""

    def __init__(self, lane_path: Path, *, devpanel: bool | None = None,
                 size: tuple[int, int] | None = None, storage_url: str | None = None,
                 link: bool = True) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.bridge import LaneBridge
        from kiosk.ui.window import KioskWindow

        setup = LaneSetup.load(lane_path)
        self.config = setup.lane
        self.db = open_lane_database(self.config, setup.store, storage_url)
        self.lane, self.hardware = assemble(setup, self.db)
        self.link = make_link(setup, self.db, self.lane) if link else None
        items = self.lane.lookup_items
        self.qt = QApplication.instance() or QApplication(sys.argv[:1])
        from kiosk.sound import Sounds

        ui = self.config.ui
        self.sounds = Sounds(cues=ui.sounds, speech=ui.speech)
        self.window = KioskWindow(self.lane, lookup_items=items, size=size or ui.size,
                                  sounds=self.sounds)
        self.window.attach(LaneBridge(self.lane))
        self.collector = IdleCollector(self.window)
        if devpanel if devpanel is not None else bool(self.hardware.sims):
            # A developer's tool: only if asked, and docked once the first screen is up.
            self.window.after_first_paint(self._dock_devpanel)

    def _dock_devpanel(self) -> None:
        from kiosk.ui.devpanel import DevPanel, dock

        dock(self.window, DevPanel(self.hardware.sims,
                                   self.db.catalog().search("", limit=100_000)))

    def start(self) -> None:
        # What start-up built (modules, widgets, the catalog's look-up items) lives as long as
        # the lane: out of the collector's sight, a full collection takes milliseconds instead
        # of the ~120 ms that would otherwise stall a scan every few hundred.  Start-up leaves
        # a few hundred unreachable objects behind; not worth a 90 ms collection first.
        gc.freeze()
        self.lane.start()
        self.hardware.start()

    def close(self) -> None:
        self.lane.stop()  # first: the drivers' goodbyes must not be journalled as faults
        if self.link is not None:
            self.link.stop()  # "offline", retained, so stations do not wait for the will
        self.hardware.close()
        self.window.close()
        self.collector.close()
        self.sounds.close()
        self.db.close()


def quit_on_signals(qt: Any) -> None:
    """SIGTERM and SIGINT end Qt's event loop, so the caller's clean-up runs.

    Python runs signal handlers only between bytecodes; a timer gives it that chance
    while Qt's loop sits in C++.
    """
    from PySide6.QtCore import QTimer

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda _sig, _frame: qt.quit())
    timer = QTimer(qt)
    timer.setInterval(200)
    timer.timeout.connect(lambda: None)
    timer.start()


def run(lane_path: Path, *, windowed: bool = False, devpanel: bool | None = None,
        size: tuple[int, int] | None = None, link: bool = True) -> int:
    app = LaneApp(lane_path, devpanel=devpanel, size=size, link=link)
    app.start()
    quit_on_signals(app.qt)
    if windowed or not app.config.ui.fullscreen:
        app.window.show()
    else:
        app.window.showFullScreen()
    check_touch_targets(app.window)
    try:
        code = int(app.qt.exec())
    finally:
        app.close()
    # Everything is committed and every device released.  Leave without the interpreter's
    # teardown: PySide6 6.12 with the None work-around (kiosk.ui.qtfix) can crash while
    # Python frees Qt objects in arbitrary order, turning a clean exit into a core dump.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
