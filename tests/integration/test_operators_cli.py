"""``sco operators`` as store IT runs it: the real entry point in a subprocess each time.

Each test works on its own copy of config/, so the station database lands in
the copy's var/ (attendant.toml says ``sqlite:///../var/{station}.db``).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attendant.station import SignInRefused
from attendant.storage import StationDatabase

ROOT = Path(__file__).resolve().parents[2]
SCO = Path(sys.executable).parent / "sco"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    subprocess.run(["cp", "-r", str(ROOT / "config"), str(tmp_path / "config")], check=True)
    return tmp_path / "config" / "attendant.toml"


def sco(*args: str, stdin: str | None = None, check: bool = True,
        ) -> subprocess.CompletedProcess[str]:
    # A new session has no controlling terminal: nothing can wait on /dev/tty.
    result = subprocess.run([str(SCO), *args], cwd=ROOT, input=stdin, capture_output=True,
                            text=True, timeout=120, start_new_session=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def add(config: Path, operator_id: str, name: str, pin: str, *extra: str,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return sco("operators", "add", "--config", str(config), "--id", operator_id, "--name", name,
               "--pin-stdin", *extra, stdin=pin + "\n", check=check)


def table(config: Path) -> list[list[str]]:
    lines = sco("operators", "list", "--config", str(config)).stdout.splitlines()
    return [line.split("  ") for line in lines]


def test_help_lists_the_actions() -> None:
    assert "operators" in sco("--help").stdout
    listing = sco("operators", "--help").stdout
    for action in ("add", "list", "remove"):
        assert action in listing
        assert sco("operators", action, "--help").stdout.startswith(
            f"usage: sco operators {action}")


def test_add_list_and_remove(config: Path) -> None:
    out = add(config, "alice", "Alice", "1234", "--badge", "OP-ALICE-0001").stdout
    assert out == ("added operator alice (Alice, attendant, with a badge); "
                   "operator list version 1\n")
    add(config, "bob", "Bob Smith", "987654", "--role", "supervisor")
    assert (config.parent.parent / "var" / "station-1.db").is_file()

    listing = sco("operators", "list", "--config", str(config)).stdout
    assert "scrypt" not in listing
    assert "1234" not in listing
    lines = listing.splitlines()
    assert lines[0].split() == ["ID", "NAME", "ROLE", "BADGE", "ADDED", "SIGN-IN"]
    assert lines[1].split()[:4] == ["alice", "Alice", "attendant", "yes"]
    assert lines[1].endswith("ok")
    assert lines[2].split()[:5] == ["bob", "Bob", "Smith", "supervisor", "no"]
    assert lines[3] == "2 operators, operator list version 2"

    out = sco("operators", "remove", "--config", str(config), "--id", "alice").stdout
    assert out == ("removed operator alice; the id stays reserved; "
                   "operator list version 3\n")
    assert [row[0] for row in table(config)[1:-1]] == ["bob"]


def test_the_pins_added_sign_in(config: Path) -> None:
    add(config, "alice", "Alice", "1234", "--badge", "OP-ALICE-0001")
    url = f"sqlite:///{config.parent.parent / 'var' / 'station-1.db'}"
    with StationDatabase.open(url) as db:
        assert db.operators.verify_pin("alice", "1234", time.time()).name == "Alice"
        assert db.operators.verify_badge("OP-ALICE-0001", time.time()).id == "alice"


def test_an_empty_list_says_how_to_add(config: Path) -> None:
    out = sco("operators", "list", "--config", str(config)).stdout
    assert out == "no operators yet; add one with: sco operators add --id ID --name NAME\n"


def test_list_shows_wrong_pins_and_locks(config: Path) -> None:
    add(config, "alice", "Alice", "1234")
    add(config, "bob", "Bob", "9876")
    url = f"sqlite:///{config.parent.parent / 'var' / 'station-1.db'}"
    now = time.time()
    with StationDatabase.open(url) as db:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                db.operators.verify_pin("alice", "0000", now)
        for _ in range(2):
            with pytest.raises(SignInRefused):
                db.operators.verify_pin("bob", "0000", now)
    lines = sco("operators", "list", "--config", str(config)).stdout.splitlines()
    until = time.strftime("%H:%M:%S", time.localtime(now + 300))
    assert lines[1].endswith(f"locked until {until}")
    assert lines[2].endswith("2 of 5 wrong PINs")


REFUSALS = [
    (("--id", "carol", "--name", "Carol"), "123", "OPERATOR_WEAK_PIN"),
    (("--id", "carol", "--name", "Carol"), "12345678901", "OPERATOR_WEAK_PIN"),
    (("--id", "carol", "--name", "Carol"), "", "OPERATOR_WEAK_PIN"),
    (("--id", "alice", "--name", "Alice again"), "5555", "OPERATOR_DUPLICATE"),
    (("--id", "carol", "--name", "Carol", "--badge", "OP-ALICE-0001"), "5555",
     "OPERATOR_BADGE_TAKEN"),
    (("--id", "no way", "--name", "Carol"), "5555", "OPERATOR_BAD_ID"),
]


def test_add_refusals_name_their_code(config: Path) -> None:
    # One database for all the cases: each run of sco costs most of a second.
    add(config, "alice", "Alice", "1234", "--badge", "OP-ALICE-0001")
    for args, pin, code in REFUSALS:
        result = sco("operators", "add", "--config", str(config), "--pin-stdin", *args,
                     stdin=pin + "\n", check=False)
        assert result.returncode == 2, (args, pin)
        assert result.stderr.startswith(f"sco: {code}: "), (args, pin, result.stderr)
    assert [row[0] for row in table(config)[1:-1]] == ["alice"]


def test_no_pin_on_stdin_is_refused(config: Path) -> None:
    result = sco("operators", "add", "--config", str(config), "--id", "carol", "--name",
                 "Carol", "--pin-stdin", stdin="", check=False)
    assert (result.returncode, result.stderr) == (
        2, "sco: OPERATOR_NO_PIN: No PIN on standard input (expected one line).\n")


def test_without_a_terminal_the_pin_must_come_with_pin_stdin(config: Path) -> None:
    result = sco("operators", "add", "--config", str(config), "--id", "carol", "--name",
                 "Carol", stdin="1234\n", check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("sco: OPERATOR_NO_TERMINAL: ")
    assert "--pin-stdin" in result.stderr


def test_a_bad_role_is_refused_by_the_parser(config: Path) -> None:
    result = add(config, "carol", "Carol", "1234", "--role", "manager", check=False)
    assert result.returncode == 2
    assert "invalid choice: 'manager'" in result.stderr


def test_remove_of_an_unknown_id(config: Path) -> None:
    result = sco("operators", "remove", "--config", str(config), "--id", "nobody", check=False)
    assert (result.returncode, result.stderr) == (
        2, "sco: OPERATOR_UNKNOWN: There is no operator 'nobody' to remove.\n")


def test_the_database_key_of_attendant_toml_is_used(config: Path, tmp_path: Path) -> None:
    text = config.read_text()
    assert 'database = "sqlite:///../var/{station}.db"' in text
    elsewhere = tmp_path / "elsewhere" / "ops.db"
    config.write_text(text.replace('"sqlite:///../var/{station}.db"',
                                   f'"sqlite:///{elsewhere}"'))
    add(config, "alice", "Alice", "1234")
    assert elsewhere.is_file()
    assert not (config.parent.parent / "var" / "station-1.db").exists()
    assert "valid" in sco("config", "check", str(config.parent)).stdout


def test_a_bad_config_file_is_named(config: Path) -> None:
    config.write_text(config.read_text().replace('database = "sqlite', 'database = 5 # "'))
    result = sco("operators", "list", "--config", str(config), check=False)
    assert result.returncode == 2
    assert f"{config}: station.database: expected a non-empty string (got 5)" in result.stderr


# -- the PIN asked twice on a terminal --------------------------------------------------


def _wait_for(fd: int, text: bytes, seen: bytearray, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {text!r} in {bytes(seen)!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"stream closed before {text!r}: {bytes(seen)!r}"
            seen.extend(chunk)


def add_on_a_terminal(config: Path, first: str, second: str,
                      ) -> tuple[int, str, str]:
    """Run ``sco operators add`` with a pty as its terminal; type the PIN when asked."""
    master, slave = os.openpty()
    try:
        # No controlling terminal (new session): getpass uses stdin, the pty, with
        # echo off, and prompts on stderr.
        process = subprocess.Popen(
            [str(SCO), "operators", "add", "--config", str(config), "--id", "carol",
             "--name", "Carol"], cwd=ROOT, stdin=slave, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True)
        os.close(slave)
        assert process.stderr is not None
        prompts = bytearray()
        # Type only once asked: getpass flushes what was typed before it turned echo off.
        _wait_for(process.stderr.fileno(), b"PIN for carol (4 to 8 digits): ", prompts)
        os.write(master, first.encode() + b"\n")
        if first.isdigit() and 4 <= len(first) <= 8:
            _wait_for(process.stderr.fileno(), b"The same PIN again: ", prompts)
            os.write(master, second.encode() + b"\n")
        out, err = process.communicate(timeout=60)
        return process.returncode, out.decode(), prompts.decode() + err.decode()
    finally:
        os.close(master)


def test_the_pin_is_asked_twice_on_a_terminal(config: Path) -> None:
    code, out, err = add_on_a_terminal(config, "2468", "2468")
    assert code == 0, err
    assert out.startswith("added operator carol (Carol, attendant, no badge)")
    assert "2468" not in out + err  # echo was off
    url = f"sqlite:///{config.parent.parent / 'var' / 'station-1.db'}"
    with StationDatabase.open(url) as db:
        assert db.operators.verify_pin("carol", "2468", time.time()).id == "carol"


def test_two_different_pins_add_nobody(config: Path) -> None:
    code, _, err = add_on_a_terminal(config, "2468", "2469")
    assert code == 2
    assert "sco: OPERATOR_PIN_MISMATCH: The two PINs differ; nothing was added." in err
    assert "no operators yet" in sco("operators", "list", "--config", str(config)).stdout


def test_a_weak_pin_on_a_terminal_is_refused_at_once(config: Path) -> None:
    code, _, err = add_on_a_terminal(config, "12", "")
    assert code == 2
    assert "sco: OPERATOR_WEAK_PIN: A PIN must be 4 to 8 digits" in err
    assert "The same PIN again" not in err
