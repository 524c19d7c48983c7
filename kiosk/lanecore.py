"""The lane's core: the transaction machine, its journal, and the facts it is fed.

``LaneCore`` is the one place where an event becomes part of the lane's
history.  It asks the pure machine first (an illegal event changes nothing),
commits the event to the journal, and only then tells its caller.  If the
commit fails the machine is rebuilt from the journal, so memory never runs
ahead of the disk.  On start it replays the journal and appends
``LaneRestarted``, which turns a payment that was in flight into one that is
*in doubt*.

Run as ``python -m kiosk.lanecore`` it serves one JSON line per event on
stdin/stdout: the process the crash tests kill with SIGKILL.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pos import events as ev
from pos.barcode import CouponCode, Symbology, VariableMeasureLayout, interpret
from pos.catalog import Catalog, Product, SoldBy
from pos.errors import CatalogError, SCOError
from pos.journal import CheckpointStore, JournalRecord, JournalStore
from pos.money import currency_exponent
from pos.receipt import Receipt, StoreHeader, build_receipt
from pos.security import expected_weight, learn_weight
from pos.transaction import Decision, LaneSettings, State, TransactionMachine

log = logging.getLogger(__name__)


class JournalCorrupt(SCOError):
    code = "JOURNAL_CORRUPT"


class WeightLog(Protocol):
    def add(self, gtin: str, grams: int, *, confirmed_by_attendant: bool, lane_id: str,
            at_ms: int) -> None: ...

    def recent(self, gtin: str, limit: int) -> list[tuple[int, bool]]: ...


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class LaneCore:
    settings: LaneSettings
    journal: JournalStore
    catalog: Catalog | None = None
    weights: WeightLog | None = None
    store: StoreHeader = field(default_factory=lambda: StoreHeader("Self-checkout"))
    layouts: tuple[VariableMeasureLayout, ...] = ()
    country: str | None = None
    clock: Callable[[], int] = wall_ms
    machine: TransactionMachine = field(init=False)
    seq: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.machine = TransactionMachine(self.settings)
        self.log = logging.LoggerAdapter(log, {"lane": self.settings.lane_id})

    # -- history ---------------------------------------------------------------

    def start(self) -> Decision:
        """Replay the journal, then record that the lane (re)started."""
        self.machine, self.seq = self._replay()
        if self.seq == 0:
            return self.submit(ev.LaneOpened())
        self.log.info("recovered %d journal records; state %s, transaction %s",
                      self.seq, self.machine.state.value, self.machine.txn_id or "-")
        return self.submit(ev.LaneRestarted())

    def _replay(self) -> tuple[TransactionMachine, int]:
        machine = TransactionMachine(self.settings)
        seq = 0
        if isinstance(self.journal, CheckpointStore):
            saved = self.journal.checkpoint(self.settings.lane_id)
            if saved is not None:
                seq, state = saved
                machine = TransactionMachine.restore(self.settings, state)
        for record in self.journal.records(self.settings.lane_id, seq):
            if record.seq != seq + 1:
                raise JournalCorrupt(f"journal record {seq + 1} is missing")
            try:
                machine.handle(ev.decode(record.kind, dict(record.payload)))
            except SCOError as exc:
                raise JournalCorrupt(f"journal record {record.seq} ({record.kind}) "
                                     f"cannot be replayed: {exc.message}") from exc
            seq = record.seq
        return machine, seq

    # -- the one way in ------------------------------------------------------------

    def submit(self, event: ev.Event) -> Decision:
        """Accept ``event`` durably, or raise (illegal event, storage error) changing nothing."""
        txn_before = self.machine.txn_id
        decision = self.machine.handle(event)
        record = JournalRecord(self.settings.lane_id, self.seq + 1,
                               self.machine.txn_id or txn_before, type(event).__name__,
                               ev.encode(event), self.clock())
        committed = False
        try:
            self.journal.append(record)
            committed = True
        finally:
            if not committed:
                # Memory must never run ahead of the disk: start again from what was kept.
                self.machine, self.seq = self._replay()
        self.seq = record.seq
        self._learn(decision)
        self._checkpoint(event, decision)
        return decision

    def _checkpoint(self, event: ev.Event, decision: Decision) -> None:
        """After a visit ends, save the idle lane so that a restart replays only what follows."""
        if not isinstance(self.journal, CheckpointStore):
            return
        ended = isinstance(event, ev.VisitEnded | ev.LaneOpened | ev.LaneClosed) or any(
            isinstance(e, ev.TransactionEnded) for e in decision.effects)
        state = self.machine.checkpoint() if ended else None
        if state is not None:
            self.journal.save_checkpoint(self.settings.lane_id, self.seq, state)

    def _learn(self, decision: Decision) -> None:
        if self.weights is None:
            return
        for effect in decision.effects:
            if isinstance(effect, ev.RecordWeighing):
                self.weights.add(effect.gtin, effect.grams,
                                 confirmed_by_attendant=effect.confirmed,
                                 lane_id=self.settings.lane_id, at_ms=self.clock())

    # -- facts from the shop floor -------------------------------------------------

    def item_event(self, product: Product, *, quantity: int = 1, weight_g: int | None = None,
                   price: int | None = None, code: str = "",
                   weight_from_barcode: bool = False) -> ev.ItemAdded:
        """The ``ItemAdded`` fact for a product, with the weight the bagging area should see."""
        learned = None
        if self.weights is not None and product.sold_by is SoldBy.UNIT:
            policy = self.settings.security
            learned = learn_weight(self.weights.recent(product.gtin, policy.learned_max_samples),
                                   policy)
        expected = expected_weight(product, quantity, self.settings.security, learned=learned,
                                   weighed_g=weight_g, from_barcode=weight_from_barcode)
        return ev.ItemAdded(product, expected, quantity, weight_g, price, code)

    def scan(self, text: str, symbology: Symbology = Symbology.UNKNOWN, *,
             weigh: Callable[[Product], int | None] | None = None) -> Decision:
        """A barcode was read: interpret, look up, and add it (or raise a clear error).

        ``weigh`` gives the stable weight of an item sold by weight whose code carries no
        weight or price (the scanner-scale's reading); it may refuse the item itself.  None
        or no weight: such an item is refused.
        """
        if self.catalog is None:
            raise CatalogError("this lane has no catalog", code="CATALOG_MISSING")
        code = interpret(text, symbology, layouts=self.layouts, country=self.country,
                         currency_exponent=currency_exponent(self.settings.currency))
        if isinstance(code, CouponCode):
            coupon = self.settings.promotions.coupon(code.code.zfill(14))
            if coupon is None:
                raise CatalogError("This coupon is not valid in this store.",
                                   code="CATALOG_UNKNOWN_COUPON")
            return self.submit(ev.CouponAdded(coupon))
        product = self.catalog.by_gtin(code.gtin)
        if product is None:
            raise CatalogError("This item is not in our catalog. Please ask for help.",
                               code="CATALOG_UNKNOWN_ITEM")
        # A zero value is the product's own key printed as a barcode, not a scale label.
        grams = code.weight_g or None
        price = code.price or None
        if product.sold_by is SoldBy.WEIGHT and grams is None and price is None:
            grams = weigh(product) if weigh is not None else None
            if grams is None:
                raise CatalogError(f"{product.name} is sold by weight: place it on the scale.",
                                   code="CATALOG_NEEDS_WEIGHT")
        event = self.item_event(product, weight_g=grams, price=price, code=text,
                                weight_from_barcode=bool(code.weight_g))
        return self.submit(event)

    def add_by_plu(self, plu: str, *, weight_g: int | None = None, quantity: int = 1) -> Decision:
        if self.catalog is None:
            raise CatalogError("this lane has no catalog", code="CATALOG_MISSING")
        product = self.catalog.by_plu(plu)
        if product is None:
            raise CatalogError(f"There is no product with the code {plu}.",
                               code="CATALOG_UNKNOWN_PLU")
        if product.sold_by is SoldBy.WEIGHT and weight_g is None:
            raise CatalogError(f"{product.name} is sold by weight: place it on the scale.",
                               code="CATALOG_NEEDS_WEIGHT")
        return self.submit(self.item_event(product, weight_g=weight_g, quantity=quantity,
                                           code=plu))

    # -- receipts ---------------------------------------------------------------------

    def receipt(self, txn_id: str | None = None, *, reprint: bool = False) -> Receipt:
        """The receipt of ``txn_id`` (default: the current or last paid transaction).

        A past transaction is rebuilt by replaying its own journal records.
        """
        machine = self.machine
        txn_id = txn_id or machine.txn_id or machine.last_receipt_txn
        issued = self.clock()
        if txn_id != machine.txn_id:
            machine, issued = self._replay_txn(txn_id)
        return build_receipt(store=self.store, lane_id=self.settings.lane_id, txn_id=txn_id,
                             basket=machine.basket, ledger=machine.ledger,
                             issued_at=datetime.fromtimestamp(issued / 1000, UTC),
                             reprint=reprint)

    def _replay_txn(self, txn_id: str) -> tuple[TransactionMachine, int]:
        machine = TransactionMachine(self.settings)
        machine.state = State.ATTRACT
        paid_at = 0
        records = getattr(self.journal, "records_of_txn", None)
        source: Iterator[JournalRecord] = (
            records(self.settings.lane_id, txn_id) if records is not None else
            (r for r in self.journal.records(self.settings.lane_id) if r.txn_id == txn_id))
        for record in source:
            event = ev.decode(record.kind, dict(record.payload))
            if isinstance(event, ev.ReceiptIssued | ev.VisitEnded):
                break
            try:
                decision = machine.handle(event)
            except SCOError:
                continue  # lane-level events (a device fault) do not shape a receipt
            if decision.state is State.PAID:
                paid_at = record.at_ms
        if not paid_at:
            raise CatalogError(f"transaction {txn_id} was not paid", code="TXN_NO_RECEIPT")
        return machine, paid_at


# -- the stdio server used by crash tests ------------------------------------------------


def serve(core: LaneCore, lines: Iterator[str], write: Callable[[str], None]) -> None:
    """One JSON request per line: ``{"event": kind, "payload": {...}}`` or ``{"cmd": ...}``."""
    for line in lines:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            reply = _answer(core, request)
        except json.JSONDecodeError as exc:
            reply = {"ok": False, "code": "REQUEST", "message": str(exc)}
        except SCOError as exc:
            reply = {"ok": False, "code": exc.code, "message": exc.message}
        write(json.dumps(reply, sort_keys=True) + "\n")


def _answer(core: LaneCore, request: dict[str, Any]) -> dict[str, Any]:
    if "event" in request:
        decision = core.submit(ev.decode(request["event"], request.get("payload", {})))
        return {"ok": True, "seq": core.seq, "state": decision.state.value}
    if request.get("cmd") == "snapshot":
        return {"ok": True, "seq": core.seq, "snapshot": core.machine.snapshot()}
    return {"ok": False, "code": "REQUEST", "message": f"unknown request {request!r}"}


def main(argv: list[str] | None = None) -> int:
    import argparse

    from kiosk.settings import lane_settings_from_store
    from kiosk.storage import Database

    parser = argparse.ArgumentParser(prog="python -m kiosk.lanecore",
                                     description="Serve a headless lane core on stdin/stdout.")
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the lane database")
    parser.add_argument("--lane", default="lane-1")
    parser.add_argument("--store", default="config/store.toml")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = lane_settings_from_store(args.store, args.lane)
    with Database.open(args.db) as db:
        core = LaneCore(settings, db.journal())
        core.start()
        sys.stdout.write(json.dumps({"ok": True, "ready": True, "seq": core.seq}) + "\n")
        sys.stdout.flush()

        def write(text: str) -> None:
            sys.stdout.write(text)
            sys.stdout.flush()

        serve(core, iter(sys.stdin.readline, ""), write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
