"""The ``sco`` command as store IT runs it: a real subprocess each time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCO = Path(sys.executable).parent / "sco"
SUBCOMMANDS = ["demo", "attendant", "config", "catalog", "db", "journal", "weights", "devices",
               "lane", "scenario", "sim", "operators", "machine"]


def sco(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(SCO), *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_help_lists_every_subcommand_each_with_its_own_help():
    listing = sco("--help").stdout
    # The command list: the indented lines after "COMMAND", up to the options.
    commands = listing.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[0] for line in commands.splitlines()] == SUBCOMMANDS
    for name in SUBCOMMANDS:
        assert sco(name, "--help").stdout.startswith("usage: sco " + name)


def test_demo_plays_a_visit_and_recovers_it(tmp_path):
    out = sco("demo", "--text", "--workdir", str(tmp_path / "demo")).stdout
    assert "weight_mismatch" in out
    assert "age_check" in out
    assert "payment_in_doubt" in out
    assert "TOTAL EUR" in out
    assert "identical to before the restart" in out
    assert out.rstrip().endswith("-> attract")


def test_config_check_names_file_and_key_of_a_mistake(tmp_path):
    assert "valid" in sco("config", "check", "config").stdout
    broken = tmp_path / "config"
    subprocess.run(["cp", "-r", str(ROOT / "config"), str(broken)], check=True)
    store = broken / "store.toml"
    store.write_text(store.read_text().replace("tolerance_abs_g = 20",
                                               'tolerance_abs_g = "twenty"'))
    result = sco("config", "check", str(broken), check=False)
    assert result.returncode == 1
    assert "store.toml" in result.stdout
    assert "security.tolerance_abs_g" in result.stdout


def test_catalog_import_lookup_and_journal(tmp_path):
    url = f"sqlite:///{tmp_path / 'lane.db'}"
    assert "imported 385 products" in sco("catalog", "import", "--db", url, "--quiet").stdout
    found = sco("catalog", "lookup", "4031750000176", "--db", url).stdout
    assert "Vollmilch" in found
    assert "1.15 EUR" in found
    missing = sco("catalog", "lookup", "4031750000171", "--db", url, check=False)
    assert missing.returncode == 2
    assert "BARCODE_CHECK_DIGIT" in missing.stderr
    assert sco("journal", "show", "--db", url).stdout == ""  # nothing sold yet


def test_journal_show_prints_json_lines(tmp_path):
    sco("demo", "--text", "--workdir", str(tmp_path / "demo"))
    url = f"sqlite:///{tmp_path / 'demo' / 'lane-1.db'}"
    lines = sco("journal", "show", "--db", url, "--txn", "lane-1-000001").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["kind"] == "OwnBagDeclared"
    assert {r["kind"] for r in records} >= {"ItemAdded", "PaymentApproved", "ReceiptIssued"}
    assert [r["seq"] for r in records] == sorted(r["seq"] for r in records)


@pytest.mark.parametrize("fmt", ["dot", "text"])
def test_machine_diagram(fmt, tmp_path):
    target = tmp_path / f"machine.{fmt}"
    sco("machine", "diagram", "--format", fmt, "-o", str(target))
    text = target.read_text()
    assert "payment_in_doubt" in text
    if fmt == "dot":
        assert text.startswith("digraph transaction {")


def test_devices_probe_reports_simulated_devices_ok():
    result = sco("devices", "probe", "--lane", "config/lanes/lane-1.toml")
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["scanner", "scale", "printer", "payment"]
    assert all(line.startswith("ok") for line in lines)
    assert "registered" in result.stdout


def test_devices_probe_lines_up_its_columns_with_a_scanner_scale():
    result = sco("devices", "probe", "--lane", "config/lanes/lane-4.toml")
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["scanner", "scale", "scanner_scale",
                                                   "printer", "payment"]
    assert len({line.index("lane-4-") for line in lines}) == 1  # the ids in one column
    assert len({line.index("online") for line in lines}) == 1


def test_devices_probe_names_what_is_missing(tmp_path):
    lane = tmp_path / "lane-9.toml"
    lane.write_text(f"""
[lane]
id = "lane-9"
name = "Lane 9"
store = "{ROOT / 'config' / 'store.toml'}"
[devices.scanner]
driver = "serial-aim"
url = "/dev/serial/by-id/usb-no-such-scanner"
[devices.scale]
driver = "toledo8217"
url = "{tmp_path / 'no-scale'}"
[devices.printer]
driver = "escpos-network"
host = "127.0.0.1"
port = 1
[devices.payment]
driver = "zvt-tcp"
host = "127.0.0.1"
port = 1
""")
    result = sco("devices", "probe", "--lane", str(lane), "--wait", "1", check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(line.startswith("FAIL") for line in lines)
    assert "no-such-scanner" in lines[0]
    assert "DEVICE_NOT_FOUND" in result.stdout


def test_devices_list_prints_json():
    data = json.loads(sco("devices", "list", "--json").stdout)
    assert isinstance(data, list)
    for device in data:
        assert device["bus"] in ("serial", "usb")


def test_devices_list_shows_the_simulated_usb_hid_pos_scanner():
    data = json.loads(sco("devices", "list", "--json", "--usb-backend", "simulated").stdout)
    usb = [device for device in data if device["bus"] == "usb"]
    assert [(d["vid_pid"], d["manufacturer"], d["product"], d["serial_number"]) for d in usb] \
        == [("1209:0001", "open-sco", "Simulated HID POS scanner", "SIM0001")]
    assert usb[0]["notes"] == ["HID device (a scanner in HID POS or keyboard mode, or a keyboard)"]


@pytest.mark.parametrize("device", ["scanner", "scale", "printer", "payment"])
def test_sim_prints_where_to_connect_and_stops_on_quit(device):
    args = ["8217"] if device == "scale" else []  # the scale's protocol; a pty for all
    result = subprocess.run([str(SCO), "sim", device, *args], cwd=ROOT, input="help\nquit\n",
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("/dev/pts/")
    assert lines[1] == f"sco sim {device} commands (one per line on stdin):"
    assert lines[-1].split() == ["quit", "stop", "the", "simulator", "(also:", "exit)"]
