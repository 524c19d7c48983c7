"""``sco operators add|list|remove``: store IT manages who may sign in at a station.

The PIN is asked twice on a terminal, never taken as an argument (it would
stay in the shell history and show in ``ps``); a script gives it as one line
on standard input with ``--pin-stdin``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import TYPE_CHECKING

from pos.operators import ROLES, OperatorError, check_pin

if TYPE_CHECKING:
    from attendant.storage import StationDatabase

DEFAULT_CONFIG = "config/attendant.toml"
CONFIG_HELP = "the station's configuration file (default: %(default)s)"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``operators`` and its actions to the ``sco`` parser's subcommands."""
    operators = sub.add_parser(
        "operators", help="add, list and remove the people who may sign in",
        description="Manage the operators of an attendant station: who may sign in with "
        "which PIN or badge, and with which role. PINs and badges are stored only as "
        "salted slow hashes.")
    actions = operators.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="add an operator (asks the PIN twice)",
        description="Add an operator. The PIN (4 to 8 digits) is asked twice on the "
        "terminal, or read as one line from standard input with --pin-stdin.")
    add.add_argument("--config", default=DEFAULT_CONFIG, help=CONFIG_HELP)
    add.add_argument("--id", required=True, dest="operator_id", metavar="ID",
                     help="the operator's id, e.g. a staff number; shown in the audit")
    add.add_argument("--name", required=True, help="the name shown on screens")
    add.add_argument("--role", choices=ROLES, default="attendant",
                     help="what the operator may do (default: %(default)s)")
    add.add_argument("--badge", help="what the operator's badge barcode reads (optional)")
    add.add_argument("--pin-stdin", action="store_true",
                     help="read the PIN as one line from standard input (for scripts)")
    add.set_defaults(handler=cmd_operators_add)

    listing = actions.add_parser(
        "list", help="list the operators and whether they are locked out",
        description="List the operators who may sign in; no PIN or badge is shown.")
    listing.add_argument("--config", default=DEFAULT_CONFIG, help=CONFIG_HELP)
    listing.set_defaults(handler=cmd_operators_list)

    remove = actions.add_parser(
        "remove", help="remove an operator",
        description="Remove an operator. The id stays reserved, so the audit keeps naming "
        "one person; the PIN and badge hashes are wiped.")
    remove.add_argument("--config", default=DEFAULT_CONFIG, help=CONFIG_HELP)
    remove.add_argument("--id", required=True, dest="operator_id", metavar="ID",
                        help="the operator's id")
    remove.set_defaults(handler=cmd_operators_remove)


# -- handlers --------------------------------------------------------------------------


def cmd_operators_add(args: argparse.Namespace) -> int:
    try:
        pin = _read_pin(args.operator_id, from_stdin=args.pin_stdin)
    except (EOFError, KeyboardInterrupt):
        print("\ncancelled; nothing was added", file=sys.stderr)
        return 1
    with _open(args.config) as db:
        info = db.operators.add(args.operator_id, args.name, args.role, pin, args.badge)
        version = db.operators.version
    badge = "with a badge" if info.has_badge else "no badge"
    print(f"added operator {info.id} ({info.name}, {info.role}, {badge}); "
          f"operator list version {version}")
    return 0


def cmd_operators_list(args: argparse.Namespace) -> int:
    with _open(args.config) as db:
        operators = db.operators.list()
        version = db.operators.version
        limit = db.operators.lockout.max_failures
    if not operators:
        print("no operators yet; add one with: sco operators add --id ID --name NAME")
        return 0
    now = time.time()
    rows = [("ID", "NAME", "ROLE", "BADGE", "ADDED", "SIGN-IN")]
    for info in operators:
        if info.locked(now):
            assert info.locked_until is not None
            state = f"locked until {_clock(info.locked_until)}"
        elif info.failed_attempts:
            state = f"{info.failed_attempts} of {limit} wrong PINs"
        else:
            state = "ok"
        rows.append((info.id, info.name, info.role, "yes" if info.has_badge else "no",
                     time.strftime("%Y-%m-%d %H:%M", time.localtime(info.created_at)), state))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
    print(f"{len(operators)} operators, operator list version {version}")
    return 0


def cmd_operators_remove(args: argparse.Namespace) -> int:
    with _open(args.config) as db:
        db.operators.remove(args.operator_id)
        version = db.operators.version
    print(f"removed operator {args.operator_id}; the id stays reserved; "
          f"operator list version {version}")
    return 0


# -- helpers ---------------------------------------------------------------------------


def _open(config: str) -> StationDatabase:
    from kiosk.config import load_attendant

    url = load_attendant(config).database_url()
    return _open_url(url)


def _open_url(url: str) -> StationDatabase:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from attendant.storage import StationDatabase
    from pos.errors import SCOError

    try:
        return StationDatabase.open(url)
    except SQLAlchemyError as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = str(exc).splitlines()[0]
        raise SCOError(f"cannot open the station database {shown}: {reason}",
                       code="STATION_DATABASE") from exc


def _read_pin(operator_id: str, *, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise OperatorError("No PIN on standard input (expected one line).",
                                code="OPERATOR_NO_PIN")
        return check_pin(line.rstrip("\r\n"))
    if not sys.stdin.isatty():
        raise OperatorError("The PIN is asked on a terminal, and there is none; give "
                            "--pin-stdin to read it from standard input.",
                            code="OPERATOR_NO_TERMINAL")
    pin = check_pin(getpass.getpass(f"PIN for {operator_id} (4 to 8 digits): "))
    if getpass.getpass("The same PIN again: ") != pin:
        raise OperatorError("The two PINs differ; nothing was added.",
                            code="OPERATOR_PIN_MISMATCH")
    return pin


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))
