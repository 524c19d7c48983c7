"""``sco lane``: one lane, with its screen, its devices, its journal and its core.

Everything is read from the lane's config file and the store file it names.
The catalog is imported on first start when the lane's database has none.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from kiosk.config import BrokerSection, LaneConfig, StoreConfig
from kiosk.hardware import Hardware, build
from kiosk.lane import Lane, Timeouts
from kiosk.link import LaneLink
from kiosk.settings import LaneSetup
from kiosk.storage import Database, import_products
from kiosk.view import ViewContext
from pos.catalog import Product
from pos.catalog_csv import read_catalog_csv

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


class LaneApp:
    """One lane with its window: built, started, and closed together."""

    def __init__(self, lane_path: Path, *, devpanel: bool | None = None,
                 size: tuple[int, int] | None = None, storage_url: str | None = None,
                 link: bool = True) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.bridge import LaneBridge
        from kiosk.ui.devpanel import DevPanel, dock
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
        if devpanel if devpanel is not None else bool(self.hardware.sims):
            dock(self.window, DevPanel(self.hardware.sims,
                                       self.db.catalog().search("", limit=100_000)))

    def start(self) -> None:
        self.lane.start()
        self.hardware.start()

    def close(self) -> None:
        self.lane.stop()  # first: the drivers' goodbyes must not be journalled as faults
        if self.link is not None:
            self.link.stop()  # "offline", retained, so stations do not wait for the will
        self.hardware.close()
        self.window.close()
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
