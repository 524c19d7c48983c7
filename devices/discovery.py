"""Finding devices: serial ports and USB devices, with a guess at what each one is.

Discovery is kept apart from the drivers (as in Odoo's IoT box): it only
lists and guesses, so store IT can see what is plugged in before writing a
lane's config (`sco devices list`).  Guesses come from the USB vendor id and
the interface classes; a serial adapter chip says nothing about what is
behind it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import serial.tools.list_ports

# Vendors whose USB ids mean the device kind with fair confidence.
VENDOR_KINDS: Mapping[int, tuple[str, str]] = {
    0x0C2E: ("Honeywell (Metrologic)", "scanner"),
    0x0536: ("Honeywell (Hand Held Products)", "scanner"),
    0x05E0: ("Zebra (Symbol)", "scanner"),
    0x05F9: ("Datalogic", "scanner"),
    0x080C: ("Datalogic ADC", "scanner"),
    0x1EAB: ("Newland", "scanner"),
    0x0EB8: ("Mettler Toledo", "scale"),
    0x1FC9: ("NXP (used by some scales)", "scale"),
    0x04B8: ("Seiko Epson", "printer"),
    0x0519: ("Star Micronics", "printer"),
    0x1504: ("Bixolon", "printer"),
    0x1D90: ("Citizen", "printer"),
    0x0DD4: ("Custom Engineering", "printer"),
    0x0B00: ("Ingenico", "payment terminal"),
    0x11CA: ("Verifone", "payment terminal"),
    0x2FB8: ("PAX", "payment terminal"),
}
SERIAL_ADAPTERS: Mapping[int, str] = {
    0x0403: "FTDI", 0x067B: "Prolific", 0x1A86: "QinHeng CH340", 0x10C4: "Silicon Labs CP210x",
}
USB_CLASS_PRINTER = 0x07
USB_CLASS_HID = 0x03
USB_CLASS_CDC = 0x02


@dataclass(frozen=True)
class FoundDevice:
    bus: str  # "serial" or "usb"
    path: str  # /dev/ttyUSB0, or bus:address for USB
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    product: str | None = None
    by_id: tuple[str, ...] = ()
    interface_classes: tuple[int, ...] = ()
    guess: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bus": self.bus, "path": self.path,
            "vid_pid": f"{self.vid:04x}:{self.pid:04x}" if self.vid is not None
            and self.pid is not None else None,
            "serial_number": self.serial_number, "manufacturer": self.manufacturer,
            "product": self.product, "by_id": list(self.by_id), "guess": self.guess,
            "notes": list(self.notes),
        }


def guess_kind(vid: int | None, interface_classes: Iterable[int] = ()) -> tuple[str | None, str]:
    """A device kind and the reason for it, or (None, reason)."""
    classes = set(interface_classes)
    if vid is not None and vid in VENDOR_KINDS:
        vendor, kind = VENDOR_KINDS[vid]
        return kind, f"vendor {vendor}"
    if USB_CLASS_PRINTER in classes:
        return "printer", "USB printer class"
    if vid is not None and vid in SERIAL_ADAPTERS:
        return None, f"{SERIAL_ADAPTERS[vid]} serial adapter: probe it to know what is behind it"
    if USB_CLASS_HID in classes:
        return None, "HID device (a scanner in HID POS or keyboard mode, or a keyboard)"
    if USB_CLASS_CDC in classes:
        return None, "USB serial (CDC ACM): scanners, scales and terminals use it"
    return None, "unknown"


def by_id_links(directory: Path = Path("/dev/serial/by-id")) -> dict[str, tuple[str, ...]]:
    """Device node -> the stable by-id names that point at it."""
    links: dict[str, list[str]] = {}
    if directory.is_dir():
        for entry in sorted(directory.iterdir()):
            with contextlib.suppress(OSError):
                target = os.path.realpath(entry)
                links.setdefault(target, []).append(str(entry))
    return {k: tuple(v) for k, v in links.items()}


def serial_ports(by_id_dir: Path = Path("/dev/serial/by-id")) -> list[FoundDevice]:
    """Serial ports the OS knows (ptys are not listed: pyserial cannot see them)."""
    links = by_id_links(by_id_dir)
    found = []
    for port in serial.tools.list_ports.comports():
        kind, reason = guess_kind(port.vid)
        found.append(FoundDevice(
            "serial", port.device, port.vid, port.pid, port.serial_number, port.manufacturer,
            port.product or port.description, links.get(os.path.realpath(port.device), ()),
            (), kind, (reason,)))
    return found


def usb_devices(backend: Any = None) -> list[FoundDevice]:
    """USB devices through pyusb (libusb from the libusb-package wheel if the system has none)."""
    import usb.core

    if backend is None:
        backend = _default_backend()
    if backend is None:
        return []
    found = []
    try:
        devices = list(usb.core.find(find_all=True, backend=backend) or [])
    except usb.core.NoBackendError:
        return []
    for device in devices:
        classes = _interface_classes(device)
        kind, reason = guess_kind(device.idVendor, classes)
        found.append(FoundDevice(
            "usb", f"{device.bus:03d}:{device.address:03d}", device.idVendor, device.idProduct,
            _string(device, "serial_number"), _string(device, "manufacturer"),
            _string(device, "product"), (), tuple(sorted(classes)), kind, (reason,)))
    return found


def _default_backend() -> Any:
    import usb.backend.libusb1

    backend = usb.backend.libusb1.get_backend()
    if backend is None:
        with contextlib.suppress(ImportError):
            import libusb_package

            backend = libusb_package.get_libusb1_backend()
    return backend


def _interface_classes(device: Any) -> set[int]:
    classes: set[int] = set()
    import usb.core

    # Descriptors of odd devices (or without access rights) fail to read.
    with contextlib.suppress(usb.core.USBError, ValueError, NotImplementedError):
        for configuration in device:
            for interface in configuration:
                classes.add(int(interface.bInterfaceClass))
    return classes


def _string(device: Any, name: str) -> str | None:
    import usb.core

    # Reading string descriptors needs access rights; without them pyusb raises.
    with contextlib.suppress(usb.core.USBError, ValueError, NotImplementedError):
        value = getattr(device, name)
        return str(value) if value else None
    return None
