"""A simulated USB HID POS scanner: a pyusb backend of our own.

``usb.core.find(backend=SimHidPosBackend())`` finds one USB device with the
descriptors of a HID POS scanner (device, configuration, HID interface 0 with
its HID descriptor, one interrupt IN endpoint, and on request the HID report
descriptor of usage page 0x8C).  Its interrupt IN endpoint yields the 64-byte
reports ``devices.scanner.hidpos.encode_reports`` makes, so the driver runs
the same code here as on libusb.  Tests steer it::

    backend = SimHidPosBackend()
    driver = HidPosScanner("scanner", bus.publish, SIM_VID, SIM_PID, backend=backend)
    backend.scan("4006381333931")           # one report
    backend.scan("x" * 150, aim="]Q1")      # three reports, continued
    backend.unplug(); backend.replug()      # reads fail with ENODEV, find() misses it

It lives in the driver's process: there is no pty or port to hand to another
program, so a ``sco sim`` command cannot serve it; a lane uses it through its
constructor (``backend=SimHidPosBackend()``).  The backend is passive: the
driver's reads pull the queued reports, so ``start``/``stop`` only plug and
unplug the device.
"""

from __future__ import annotations

import array
import errno
import threading
from collections import deque
from dataclasses import dataclass
from typing import Final

import usb.backend
import usb.core

from devices.events import now_ns
from devices.scanner.hidpos import COMMON_LAYOUT, ReportLayout, encode_reports

# pid.codes test VID:PID (https://pid.codes: 0x1209/0x0001 is the shared test PID).
SIM_VID: Final = 0x1209
SIM_PID: Final = 0x0001
IN_ENDPOINT: Final = 0x81

# Our own descriptor of the common 64-byte scanned-data report (see hidpos.py).
HIDPOS_REPORT_DESCRIPTOR: Final = bytes([
    0x05, 0x8C,        # Usage Page (Bar Code Scanner)
    0x09, 0x02,        # Usage (Bar Code Scanner)
    0xA1, 0x01,        # Collection (Application)
    0x09, 0x12,        #   Usage (Scanned Data Report)
    0xA1, 0x02,        #   Collection (Logical)
    0x85, 0x02,        #     Report ID (2)
    0x15, 0x00,        #     Logical Minimum (0)
    0x26, 0xFF, 0x00,  #     Logical Maximum (255)
    0x75, 0x08,        #     Report Size (8)
    0x95, 0x01,        #     Report Count (1)
    0x05, 0x01,        #     Usage Page (Generic Desktop)
    0x09, 0x3B,        #     Usage (Byte Count)
    0x81, 0x02,        #     Input (Data, Var, Abs)
    0x95, 0x03,        #     Report Count (3)
    0x05, 0x8C,        #     Usage Page (Bar Code Scanner)
    0x09, 0xFB,        #     Usage (Symbology Identifier 1)
    0x09, 0xFC,        #     Usage (Symbology Identifier 2)
    0x09, 0xFD,        #     Usage (Symbology Identifier 3)
    0x81, 0x02,        #     Input (Data, Var, Abs)
    0x95, 0x38,        #     Report Count (56)
    0x09, 0xFE,        #     Usage (Decoded Data)
    0x82, 0x02, 0x01,  #     Input (Data, Var, Abs, Buffered Bytes)
    0x95, 0x02,        #     Report Count (2)
    0x81, 0x01,        #     Input (Constant): the vendor bytes 61-62
    0x25, 0x01,        #     Logical Maximum (1)
    0x75, 0x01,        #     Report Size (1)
    0x95, 0x01,        #     Report Count (1)
    0x09, 0xFF,        #     Usage (Decode Data Continued)
    0x81, 0x02,        #     Input (Data, Var, Abs)
    0x95, 0x07,        #     Report Count (7)
    0x81, 0x01,        #     Input (Constant): padding to the byte
    0xC0,              #   End Collection
    0xC0,              # End Collection
])

# A keyboard's report descriptor: what a scanner left in keyboard-wedge mode describes.
KEYBOARD_REPORT_DESCRIPTOR: Final = bytes([
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00,
    0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01,
    0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65,
    0x81, 0x00, 0xC0,
])

# libusb's codes and texts, so the driver sees what it would see on hardware.
_NO_DEVICE = (-4, "No such device (it may have been disconnected)", errno.ENODEV)
_TIMEOUT = (-7, "Operation timed out", errno.ETIMEDOUT)
_PIPE = (-9, "Pipe error", errno.EPIPE)
LANGID_EN_US: Final = 0x0409


@dataclass(frozen=True, slots=True)
class DeviceDescriptor:
    idVendor: int
    idProduct: int
    address: int
    bus: int = 1
    port_number: int = 1
    port_numbers: tuple[int, ...] = (1,)
    speed: int = 2  # full speed
    bLength: int = 18
    bDescriptorType: int = 0x01
    bcdUSB: int = 0x0200
    bDeviceClass: int = 0  # the class is given per interface
    bDeviceSubClass: int = 0
    bDeviceProtocol: int = 0
    bMaxPacketSize0: int = 64
    bcdDevice: int = 0x0100
    iManufacturer: int = 1  # string descriptor indexes, see SimHidPosBackend.strings
    iProduct: int = 2
    iSerialNumber: int = 3
    bNumConfigurations: int = 1


@dataclass(frozen=True, slots=True)
class ConfigurationDescriptor:
    bLength: int = 9
    bDescriptorType: int = 0x02
    wTotalLength: int = 9 + 9 + 9 + 7
    bNumInterfaces: int = 1
    bConfigurationValue: int = 1
    iConfiguration: int = 0
    bmAttributes: int = 0x80  # bus powered
    bMaxPower: int = 250  # 500 mA
    extra_descriptors: bytes = b""


@dataclass(frozen=True, slots=True)
class InterfaceDescriptor:
    extra_descriptors: bytes  # the HID descriptor (HID 1.11 §6.2.1)
    bLength: int = 9
    bDescriptorType: int = 0x04
    bInterfaceNumber: int = 0
    bAlternateSetting: int = 0
    bNumEndpoints: int = 1
    bInterfaceClass: int = 0x03  # HID
    bInterfaceSubClass: int = 0  # no boot protocol: HID POS is not a keyboard
    bInterfaceProtocol: int = 0
    iInterface: int = 0


@dataclass(frozen=True, slots=True)
class EndpointDescriptor:
    bLength: int = 7
    bDescriptorType: int = 0x05
    bEndpointAddress: int = IN_ENDPOINT
    bmAttributes: int = 0x03  # interrupt
    wMaxPacketSize: int = 64
    bInterval: int = 1
    bRefresh: int = 0
    bSynchAddress: int = 0
    extra_descriptors: bytes = b""


@dataclass(frozen=True, slots=True)
class _DeviceId:
    generation: int  # a replugged device is a new device: old handles stay dead


@dataclass(frozen=True, slots=True)
class _Handle:
    generation: int


class SimHidPosBackend(usb.backend.IBackend):  # type: ignore[misc]  # pyusb is untyped
    """One simulated HID POS scanner on a pyusb backend.

    ``kernel_driver=True`` makes it report the kernel's HID driver bound to
    interface 0 until detached (as on Linux); by default it answers
    ``NotImplementedError`` there, as libusb does where it cannot tell.
    """

    def __init__(self, vid: int = SIM_VID, pid: int = SIM_PID, *,
                 layout: ReportLayout = COMMON_LAYOUT,
                 report_descriptor: bytes = HIDPOS_REPORT_DESCRIPTOR,
                 kernel_driver: bool = False, plugged: bool = True) -> None:
        self.vid, self.pid = vid, pid
        self.layout = layout
        self.report_descriptor = report_descriptor
        self.kernel_driver = kernel_driver
        self._kernel_driver_bound = kernel_driver
        self._cond = threading.Condition()
        self._reports: deque[bytes] = deque()
        self._generation = 1
        self._plugged = plugged
        self._configuration = 0
        self.claimed: set[int] = set()
        self.detaches = 0
        self.reads = 0
        # String descriptors 1-3 (manufacturer, product, serial number), as `sco devices list`
        # shows them.
        self.strings = {1: "open-sco", 2: "Simulated HID POS scanner", 3: "SIM0001"}

    # -- what a test does ---------------------------------------------------------------

    def start(self) -> None:
        self.replug()

    def stop(self) -> None:
        self.unplug()

    @property
    def plugged(self) -> bool:
        return self._plugged

    def scan(self, data: str | bytes, aim: str | None = "]E0") -> int:
        """Queue the reports of one barcode; returns ``now_ns()`` just before the last one."""
        raw = data.encode("latin-1") if isinstance(data, str) else data
        reports = encode_reports(raw, aim, self.layout)
        for report in reports[:-1]:
            self.send_report(report)
        stamp = now_ns()
        self.send_report(reports[-1])
        return stamp

    def send_report(self, report: bytes) -> None:
        """Queue one raw input report (any bytes: for faults)."""
        with self._cond:
            if self._plugged:
                self._reports.append(bytes(report))
                self._cond.notify_all()

    def unplug(self) -> None:
        """Pull the cable: reads fail with ENODEV and ``find()`` no longer sees the device."""
        with self._cond:
            self._plugged = False
            self._generation += 1
            self._reports.clear()
            self.claimed.clear()
            self._configuration = 0
            self._cond.notify_all()

    def replug(self) -> None:
        with self._cond:
            if self._plugged:
                return
            self._generation += 1
            self._plugged = True
            self._kernel_driver_bound = self.kernel_driver  # the kernel binds a new device

    @property
    def kernel_driver_bound(self) -> bool:
        return self._kernel_driver_bound

    # -- descriptors ------------------------------------------------------------------------

    def enumerate_devices(self) -> list[_DeviceId]:
        with self._cond:
            return [_DeviceId(self._generation)] if self._plugged else []

    def get_device_descriptor(self, dev: _DeviceId) -> DeviceDescriptor:
        return DeviceDescriptor(self.vid, self.pid, address=dev.generation % 127 + 1)

    def get_configuration_descriptor(self, dev: _DeviceId, config: int) -> ConfigurationDescriptor:
        if config != 0:
            raise IndexError("one configuration")
        return ConfigurationDescriptor()

    def get_interface_descriptor(self, dev: _DeviceId, intf: int, alt: int, config: int,
                                 ) -> InterfaceDescriptor:
        if intf != 0 or alt != 0 or config != 0:
            raise IndexError("one interface, no alternate settings")
        length = len(self.report_descriptor).to_bytes(2, "little")
        hid = bytes([9, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22]) + length  # HID 1.11, one report
        return InterfaceDescriptor(extra_descriptors=hid)

    def get_endpoint_descriptor(self, dev: _DeviceId, ep: int, intf: int, alt: int,
                                config: int) -> EndpointDescriptor:
        if ep != 0:
            raise IndexError("one endpoint")
        return EndpointDescriptor(wMaxPacketSize=self.layout.size)

    # -- handles -------------------------------------------------------------------------------

    def open_device(self, dev: _DeviceId) -> _Handle:
        self._check(dev.generation)
        return _Handle(dev.generation)

    def close_device(self, dev_handle: _Handle) -> None:
        """Closing a handle of a vanished device is fine, as with libusb."""

    def set_configuration(self, dev_handle: _Handle, config_value: int) -> None:
        self._check(dev_handle.generation)
        self._configuration = config_value

    def get_configuration(self, dev_handle: _Handle) -> int:
        self._check(dev_handle.generation)
        return self._configuration

    def set_interface_altsetting(self, dev_handle: _Handle, intf: int, altsetting: int) -> None:
        self._check(dev_handle.generation)

    def claim_interface(self, dev_handle: _Handle, intf: int) -> None:
        self._check(dev_handle.generation)
        if self._kernel_driver_bound:
            raise usb.core.USBError("Resource busy", -6, errno.EBUSY)
        self.claimed.add(intf)

    def release_interface(self, dev_handle: _Handle, intf: int) -> None:
        self._check(dev_handle.generation)
        self.claimed.discard(intf)

    def is_kernel_driver_active(self, dev_handle: _Handle, intf: int) -> bool:
        if not self.kernel_driver:
            raise NotImplementedError("is_kernel_driver_active")
        self._check(dev_handle.generation)
        return self._kernel_driver_bound

    def detach_kernel_driver(self, dev_handle: _Handle, intf: int) -> None:
        if not self.kernel_driver:
            raise NotImplementedError("detach_kernel_driver")
        self._check(dev_handle.generation)
        self._kernel_driver_bound = False
        self.detaches += 1

    def attach_kernel_driver(self, dev_handle: _Handle, intf: int) -> None:
        if not self.kernel_driver:
            raise NotImplementedError("attach_kernel_driver")
        self._check(dev_handle.generation)
        self._kernel_driver_bound = True

    # -- transfers -------------------------------------------------------------------------------

    def ctrl_transfer(self, dev_handle: _Handle, bmRequestType: int, bRequest: int,  # noqa: N803
                      wValue: int, wIndex: int, data: array.array[int], timeout: int) -> int:
        """GET_DESCRIPTOR of the report descriptor or a string; SET_IDLE; anything else stalls."""
        self._check(dev_handle.generation)
        if (bmRequestType, bRequest, wValue, wIndex) == (0x81, 0x06, 0x2200, 0):
            return _fill(data, self.report_descriptor)
        if (bmRequestType, bRequest, wValue >> 8) == (0x80, 0x06, 0x03):  # a string (USB 2.0 9.6.7)
            index = wValue & 0xFF
            if index == 0:  # the languages the strings come in
                return _fill(data, bytes([4, 0x03]) + LANGID_EN_US.to_bytes(2, "little"))
            if index in self.strings and wIndex == LANGID_EN_US:
                text = self.strings[index].encode("utf-16-le")
                return _fill(data, bytes([2 + len(text), 0x03]) + text)
        if (bmRequestType, bRequest) == (0x21, 0x0A):  # HID SET_IDLE
            return 0
        raise usb.core.USBError(_PIPE[1], _PIPE[0], _PIPE[2])

    def intr_read(self, dev_handle: _Handle, ep: int, intf: int, buff: array.array[int],
                  timeout: int) -> int:
        """The next queued report; ``USBTimeoutError`` after ``timeout`` ms without one."""
        with self._cond:
            self._check(dev_handle.generation)
            if ep != IN_ENDPOINT or intf not in self.claimed:
                raise usb.core.USBError(_PIPE[1], _PIPE[0], _PIPE[2])
            wait_s = timeout / 1000 if timeout > 0 else None  # libusb: 0 waits forever
            self._cond.wait_for(lambda: bool(self._reports) or not self._alive(dev_handle),
                                wait_s)
            self._check(dev_handle.generation)
            if not self._reports:
                raise usb.core.USBTimeoutError(_TIMEOUT[1], _TIMEOUT[0], _TIMEOUT[2])
            report = self._reports.popleft()
            self.reads += 1
        size = min(len(buff), len(report))
        buff[:size] = array.array("B", report[:size])
        return size

    def _alive(self, handle: _Handle) -> bool:
        return self._plugged and handle.generation == self._generation

    def _check(self, generation: int) -> None:
        if not self._plugged or generation != self._generation:
            raise usb.core.USBError(_NO_DEVICE[1], _NO_DEVICE[0], _NO_DEVICE[2])


def _fill(buffer: array.array[int], descriptor: bytes) -> int:
    """Copy as much of ``descriptor`` as ``buffer`` holds, as a control IN transfer does."""
    size = min(len(buffer), len(descriptor))
    buffer[:size] = array.array("B", descriptor[:size])
    return size
