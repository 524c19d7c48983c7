"""``sco``: the one command of the self-checkout system, with a subcommand per job."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from attendant import operators_cli
from pos.errors import SCOError

log = logging.getLogger("sco")

Handler = Callable[[argparse.Namespace], int]


def _lane_db(args: argparse.Namespace) -> str:
    if getattr(args, "db", None):
        return str(args.db)
    from kiosk.config import load_lane

    return load_lane(args.lane).storage_url()


# -- handlers ------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    if args.text:
        from kiosk import demo

        return demo.run(Path(args.lane), Path(args.workdir), sys.stdout)
    from kiosk import store

    return store.run(Path(args.config_dir), Path(args.workdir),
                     seconds=args.seconds, out=sys.stdout)


def cmd_attendant(args: argparse.Namespace) -> int:
    from attendant.app import run

    size = None
    if args.size:
        width, _, height = args.size.partition("x")
        size = (int(width), int(height))
    return run(Path(args.config), windowed=args.windowed, size=size)


def cmd_config_check(args: argparse.Namespace) -> int:
    from kiosk.config import check_config_dir

    problems = check_config_dir(Path(args.dir))
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{args.dir}: all configuration files are valid")
    return 1 if problems else 0


def cmd_catalog_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kiosk.config import load_lane_with_store
    from kiosk.storage import Database, import_products
    from pos.catalog_csv import read_catalog_csv

    lane, store = load_lane_with_store(args.lane)
    csv_path = Path(args.csv) if args.csv else store.catalog_csv_path()
    url = args.db or lane.storage_url()
    with csv_path.open(newline="", encoding="utf-8") as source:
        rows = sum(1 for _ in source) - 1
    with Database.open(url) as db, csv_path.open(newline="", encoding="utf-8") as source, \
            tqdm(total=max(rows, 0), unit="products", desc="import",
                 disable=args.quiet) as bar:
        count = import_products(db, read_catalog_csv(source, store.currency,
                                                     source=str(csv_path)),
                                progress=bar.update)
    print(f"imported {count} products from {csv_path} into {url}")
    return 0


def cmd_catalog_lookup(args: argparse.Namespace) -> int:
    from kiosk.settings import LaneSetup
    from kiosk.storage import Database
    from pos.barcode import ProductCode, interpret
    from pos.money import Money, currency_exponent

    setup = LaneSetup.load(args.lane)
    with Database.open(args.db or setup.lane.storage_url()) as db:
        code = interpret(args.code, layouts=setup.layouts, country=setup.country,
                         currency_exponent=currency_exponent(setup.store.currency))
        gtin = code.gtin if isinstance(code, ProductCode) else code.code
        product = db.catalog().by_gtin(gtin) or db.catalog().by_plu(args.code)
        print(f"barcode {args.code!r}: {code}")
        if product is None:
            print(f"no product with GTIN {gtin}")
            return 1
        print(json.dumps(product.to_dict(), indent=2, ensure_ascii=False))
        print(f"price: {Money(product.price, setup.store.currency)}"
              + (" per kg" if product.sold_by.value == "weight" else ""))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from kiosk.storage import upgrade

    url = _lane_db(args)
    upgrade(url)
    print(f"{url}: schema is at the newest migration")
    return 0


def cmd_journal_show(args: argparse.Namespace) -> int:
    from kiosk.config import load_lane
    from kiosk.storage import Database

    lane_id = load_lane(args.lane).lane.id
    with Database.open(_lane_db(args), migrate=False) as db:
        journal = db.journal()
        records = (journal.records_of_txn(lane_id, args.txn) if args.txn
                   else list(journal.records(lane_id, max(0, journal.last_seq(lane_id) -
                                                          args.last))))
        for record in records:
            print(json.dumps({"seq": record.seq, "txn": record.txn_id, "kind": record.kind,
                              "at_ms": record.at_ms, "payload": record.payload},
                             ensure_ascii=False))
    return 0


def cmd_weights_explain(args: argparse.Namespace) -> int:
    from kiosk.settings import LaneSetup
    from kiosk.storage import Database
    from pos.catalog import gtin14
    from pos.security import expected_weight, learn_weight

    setup = LaneSetup.load(args.lane)
    policy = setup.settings.security
    gtin = gtin14(args.gtin)
    with Database.open(args.db or setup.lane.storage_url()) as db:
        product = db.catalog().by_gtin(gtin)
        if product is None:
            print(f"no product with GTIN {gtin}")
            return 1
        weighings = db.weights().recent(gtin, policy.learned_max_samples)
        learned = learn_weight(weighings, policy)
        expected = expected_weight(product, 1, policy, learned=learned)
    print(f"{product.name} ({gtin})")
    print(f"  catalog weight: {product.expected_weight_g} g")
    print(f"  weighings kept: {len(weighings)} (newest first): "
          + ", ".join(f"{g}{'*' if c else ''}" for g, c in weighings[:20])
          + ("  (* confirmed by an attendant)" if any(c for _, c in weighings) else ""))
    if learned is None:
        print(f"  learned weight: none yet (needs {policy.learned_min_samples} agreeing "
              "weighings)")
    else:
        print(f"  learned weight: {learned.grams} g, spread {learned.spread_g} g, from "
              f"{learned.samples} weighings, {learned.rejected} rejected as outliers")
    print(f"  the lane expects: {expected.grams} g +/- {expected.tolerance_g} g "
          f"(source: {expected.source.value})")
    return 0


def cmd_devices_list(args: argparse.Namespace) -> int:
    from devices.discovery import serial_ports, usb_devices

    backend = None
    if args.usb_backend == "simulated":
        from devices.scanner.sim_hidpos import SimHidPosBackend

        backend = SimHidPosBackend()
    found = serial_ports() + usb_devices(backend)
    if args.json:
        print(json.dumps([d.to_dict() for d in found], indent=2))
        return 0
    for device in found:
        data = device.to_dict()
        print(f"{data['bus']:6} {data['path']:20} {data['vid_pid'] or '-':10} "
              f"{(data['guess'] or '?'):17} {device.manufacturer or ''} {device.product or ''}"
              .rstrip())
        for link in device.by_id:
            print(f"{'':28}by-id: {link}")
        if device.serial_number:
            print(f"{'':28}serial number: {device.serial_number}")
        print(f"{'':28}{'; '.join(device.notes)}")
    if not found:
        print("no serial ports or USB devices found")
    return 0


def cmd_devices_probe(args: argparse.Namespace) -> int:
    from kiosk.probe import probe_lane

    results = probe_lane(args.lane, wait_s=args.wait)
    role_w = max((len(r.role) for r in results), default=0)  # columns as wide as the longest
    id_w = max((len(r.device_id) for r in results), default=0)
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        print(f"{mark} {result.role:{role_w}}  {result.device_id:{id_w}}  {result.health:8} "
              f"{result.detail}")
    return 0 if all(r.ok for r in results) else 1


def cmd_lane(args: argparse.Namespace) -> int:
    from kiosk.app import run

    size = None
    if args.size:
        width, _, height = args.size.partition("x")
        size = (int(width), int(height))
    return run(Path(args.config), windowed=args.windowed,
               devpanel=False if args.no_devpanel else None, size=size,
               link=not args.no_link)


def cmd_scenario_run(args: argparse.Namespace) -> int:
    from kiosk.scenario import run_files

    paths = [Path(p) for p in args.files]
    shots = None if args.no_screenshots else Path(args.screenshots)
    return run_files(paths, shots, screens=not args.no_screenshots)


SIMULATORS = {
    "scanner": ("devices.scanner.sim_serial", "a serial scanner sending AIM-framed codes"),
    "scale": ("devices.scale.sim", "a Toledo 8217 or MT-SICS bagging scale"),
    "printer": ("devices.printer.sim", "an ESC/POS receipt printer (TCP 9100 style or pty)"),
    "payment": ("devices.payment.sim_zvt", "a ZVT card terminal with scripted outcomes"),
}


def cmd_sim(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(SIMULATORS[args.device][0])
    rest = list(args.args)
    if rest[:1] == ["--"]:
        rest = rest[1:]
    result: int = module.main(rest)
    return result


def cmd_machine_diagram(args: argparse.Namespace) -> int:
    from pos.transaction import diagram, table

    text = diagram() if args.format == "dot" else table()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


# -- the parser --------------------------------------------------------------------------

LANE_HELP = "the lane's configuration file (default: %(default)s)"
DEFAULT_LANE = "config/lanes/lane-1.toml"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sco", description="Open self-checkout: lanes, attendant station and store tools.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser("demo", help="run the whole store: the station and its lanes",
                          description="Starts the attendant station and every lane it "
                          "watches, each a process with simulated devices, through the "
                          "store's broker (a local one is started when none answers). "
                          "With --text: one scripted visit through the core, as text.")
    demo.add_argument("--config-dir", default="config",
                      help="the store's configuration directory (default: %(default)s)")
    demo.add_argument("--seconds", type=float, default=None,
                      help="stop the store after this many seconds (default: run until "
                      "the station closes)")
    demo.add_argument("--text", action="store_true",
                      help="instead: play one scripted visit through the core, as text")
    demo.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP + " (with --text)")
    demo.add_argument("--workdir", default="var/demo", help="where demo files go")
    demo.set_defaults(handler=cmd_demo)

    station = sub.add_parser("attendant", help="run the attendant station",
                             description="The attendant station: a tile per lane, the "
                             "intervention queue, operator sign-in and shift figures, "
                             "linked to the lanes through the store's MQTT broker.")
    station.add_argument("--config", default="config/attendant.toml",
                         help="the station's configuration file (default: %(default)s)")
    station.add_argument("--windowed", action="store_true", help="a window, not full screen")
    station.add_argument("--size", help="window size such as 1920x1080")
    station.set_defaults(handler=cmd_attendant)

    config = sub.add_parser("config", help="check configuration files",
                            description="Validate the store's configuration.")
    config_sub = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = config_sub.add_parser("check", help="validate a configuration directory",
                                  description="Load store.toml, lanes/*.toml, attendant.toml, "
                                  "the catalog and the promotions, and list every problem.")
    check.add_argument("dir", nargs="?", default="config", help="the directory (default: config)")
    check.set_defaults(handler=cmd_config_check)

    catalog = sub.add_parser("catalog", help="import and look up products",
                             description="Work with a lane's product catalog.")
    catalog_sub = catalog.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = catalog_sub.add_parser("import", help="replace the lane's catalog from CSV",
                                 description="Import a catalog CSV atomically: the old catalog "
                                 "stays until the new one is complete and valid.")
    imp.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    imp.add_argument("--csv", help="the CSV file (default: the store's catalog.csv)")
    imp.add_argument("--db", help="a SQLAlchemy URL instead of the lane's own database")
    imp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(handler=cmd_catalog_import)
    lookup = catalog_sub.add_parser("lookup", help="interpret a barcode and find its product",
                                    description="Show how a barcode is read and which product "
                                    "it finds.")
    lookup.add_argument("code", help="barcode digits, GS1 element string or PLU")
    lookup.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    lookup.add_argument("--db", help="a SQLAlchemy URL instead of the lane's own database")
    lookup.set_defaults(handler=cmd_catalog_lookup)

    db = sub.add_parser("db", help="lane database maintenance",
                        description="Maintain a lane's database.")
    db_sub = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="migrate the schema to the newest version",
                                description="Run the Alembic migrations up to head.")
    upgrade.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    upgrade.add_argument("--db", help="a SQLAlchemy URL instead of the lane's own database")
    upgrade.set_defaults(handler=cmd_db_upgrade)

    journal = sub.add_parser("journal", help="read a lane's journal",
                             description="Read the append-only journal of a lane.")
    journal_sub = journal.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = journal_sub.add_parser("show", help="print journal records as JSON lines",
                                  description="Print the last records, or one transaction's.")
    show.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    show.add_argument("--db", help="a SQLAlchemy URL instead of the lane's own database")
    show.add_argument("--txn", help="only this transaction")
    show.add_argument("--last", type=int, default=50, help="how many records (default: 50)")
    show.set_defaults(handler=cmd_journal_show)

    weights = sub.add_parser("weights", help="explain learned item weights",
                             description="Show what the bagging area expects of a product "
                             "and why.")
    weights_sub = weights.add_subparsers(dest="action", metavar="ACTION", required=True)
    explain = weights_sub.add_parser("explain", help="expected weight of a product, and why",
                                     description="Catalog weight, weighings, learned weight "
                                     "and the expectation the lane uses.")
    explain.add_argument("gtin", help="the product's GTIN")
    explain.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    explain.add_argument("--db", help="a SQLAlchemy URL instead of the lane's own database")
    explain.set_defaults(handler=cmd_weights_explain)

    devices = sub.add_parser("devices", help="find and check devices",
                             description="List what is plugged in; probe a lane's devices.")
    devices_sub = devices.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = devices_sub.add_parser("list", help="serial ports and USB devices, with guesses",
                                     description="Serial ports (VID:PID, serial number, "
                                     "by-id names) and USB devices, marking what looks like a "
                                     "scanner, scale, printer or terminal.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--usb-backend", choices=["libusb", "simulated"], default="libusb",
                         help="where USB devices are looked for: libusb (the default), or "
                         "the simulated HID POS scanner of devices/scanner/sim_hidpos.py, to "
                         "see the listing without hardware")
    listing.set_defaults(handler=cmd_devices_list)
    probe = devices_sub.add_parser("probe", help="open each configured device and report",
                                   description="Start every device of a lane as the lane "
                                   "would, and report health and a reading.")
    probe.add_argument("--lane", default=DEFAULT_LANE, help=LANE_HELP)
    probe.add_argument("--wait", type=float, default=5.0,
                       help="seconds to wait for devices to come online (default: 5)")
    probe.set_defaults(handler=cmd_devices_probe)

    lane = sub.add_parser("lane", help="run one self-checkout lane (the kiosk)",
                          description="Start a lane: full screen, its devices (real or "
                          "simulated as its config says), its journal and its core. With "
                          "simulated devices a developer panel drives them.")
    lane.add_argument("--config", default=DEFAULT_LANE, help=LANE_HELP)
    lane.add_argument("--windowed", action="store_true", help="a window, not full screen")
    lane.add_argument("--size", help="window size such as 1024x768 (default: the config's)")
    lane.add_argument("--no-devpanel", action="store_true",
                      help="no developer panel even with simulated devices")
    lane.add_argument("--no-link", action="store_true",
                      help="do not connect to the store's MQTT broker (a lane on its own)")
    lane.set_defaults(handler=cmd_lane)

    scenario = sub.add_parser("scenario", help="play scripted shopper visits",
                              description="Play shopper visits written as data (TOML, see "
                              "docs/scenarios.md) against a headless lane with simulated "
                              "devices.")
    scenario_sub = scenario.add_subparsers(dest="action", metavar="ACTION", required=True)
    play = scenario_sub.add_parser("run", help="run scenario files, stop at the first failure",
                                   description="Exit non-zero on the first unmet expectation, "
                                   "naming it; save a screenshot of every screen reached.")
    play.add_argument("files", nargs="+", help="scenario files (.toml)")
    play.add_argument("--screenshots", default="var/scenarios",
                      help="where screenshots go, one folder per scenario (default: "
                      "%(default)s)")
    play.add_argument("--no-screenshots", action="store_true",
                      help="no screens: check the lane only (faster)")
    play.set_defaults(handler=cmd_scenario_run)

    sim = sub.add_parser(
        "sim", help="run a device simulator on a pty or a TCP port",
        description="Start a simulator speaking the device's real protocol on a pty (the "
        "default) or a TCP port; it prints the pty path or socket URL to put in a lane's "
        "config, then reads commands from stdin (`help` lists them, `quit` stops it). "
        "Arguments after the device go to the simulator: `sco sim payment -- --help`.")
    sim.add_argument("device", choices=sorted(SIMULATORS),
                     help="; ".join(f"{k}: {v[1]}" for k, v in sorted(SIMULATORS.items())))
    sim.add_argument("args", nargs=argparse.REMAINDER, help="the simulator's own options")
    sim.set_defaults(handler=cmd_sim)

    operators_cli.add_parser(sub)

    machine = sub.add_parser("machine", help="the transaction state machine",
                             description="Print the transaction state machine.")
    machine_sub = machine.add_subparsers(dest="action", metavar="ACTION", required=True)
    diagram = machine_sub.add_parser("diagram", help="print the diagram or transition table",
                                     description="Graphviz source (dot) or a text table.")
    diagram.add_argument("--format", choices=["dot", "text"], default="text")
    diagram.add_argument("-o", "--output", help="write to this file")
    diagram.set_defaults(handler=cmd_machine_diagram)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler: Handler = args.handler
    try:
        return handler(args)
    except SCOError as exc:
        print(f"sco: {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"sco: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
