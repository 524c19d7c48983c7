"""Discovery: guesses from USB ids and classes, by-id names, and the udev rules file."""

from __future__ import annotations

import re
from pathlib import Path

from devices.discovery import VENDOR_KINDS, by_id_links, guess_kind, serial_ports

ROOT = Path(__file__).resolve().parents[2]


def test_guesses_name_their_reason():
    assert guess_kind(0x04B8) == ("printer", "vendor Seiko Epson")
    assert guess_kind(None, [0x07]) == ("printer", "USB printer class")
    kind, reason = guess_kind(0x0403)
    assert kind is None
    assert "FTDI" in reason
    assert guess_kind(None, [0x03])[0] is None
    assert guess_kind(0x9999) == (None, "unknown")


def test_by_id_links_map_nodes_to_stable_names(tmp_path):
    node = tmp_path / "ttyUSB7"
    node.touch()
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-Mettler_Toledo_Scale_1234-if00-port0").symlink_to(node)
    assert by_id_links(by_id) == {str(node): (str(by_id / "usb-Mettler_Toledo_Scale_"
                                                        "1234-if00-port0"),)}
    assert by_id_links(tmp_path / "missing") == {}


def test_serial_ports_lists_without_failing():
    for port in serial_ports():
        assert port.bus == "serial"
        assert port.path.startswith("/dev/")


def test_udev_rules_cover_every_known_vendor_and_exclude_modemmanager():
    rules = (ROOT / "deploy" / "udev" / "99-open-sco.rules").read_text()
    vendors = set(re.findall(r'idVendor\}=="([0-9a-f]{4})"', rules))
    assert {f"{vid:04x}" for vid in VENDOR_KINDS} - {"1fc9"} <= vendors
    for line in rules.splitlines():
        if line.startswith('SUBSYSTEM=="tty"'):
            assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in line, line
            assert 'MODE="0660"' in line
