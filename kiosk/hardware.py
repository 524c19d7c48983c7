"""A lane's devices, built from its config: real drivers, or real drivers on simulators.

``simulated`` in a lane file does not mean a fake: the lane starts the
device's simulator on a pty or a loopback port and connects the very driver
it would use with hardware, so the demo and the tests exercise the real
protocol bytes.  The simulators stay reachable (``Hardware.sims``) for the
developer panel and the scenario runner.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from devices.events import EventSink
from devices.lifecycle import Device
from devices.payment.sim_zvt import ZvtSimulator
from devices.payment.zvt import Framing, ZvtSettings, ZvtTerminal
from devices.printer.driver import (
    EscPosPrinter,
    NetworkTarget,
    PrinterSettings,
    SerialTarget,
    UsbTarget,
)
from devices.printer.render import ReceiptStyle
from devices.printer.sim import PrinterSim
from devices.scale.driver import MtSicsScale, ScaleOptions, Toledo8217Scale
from devices.scale.sim import MtSicsSim
from devices.scanner.aim import Framing as ScanFraming
from devices.scanner.hidpos import HidPosScanner
from devices.scanner.serial_aim import SerialAimScanner
from devices.scanner.sim_serial import SerialScannerSim
from devices.scanner.wedge import WedgeScanner
from devices.serialport import SerialSettings
from devices.simlink import PtyEndpoint, TcpEndpoint
from kiosk.config import LaneConfig, PaymentSection, PrinterSection, ScaleSection, ScannerSection
from kiosk.lane import LaneDevices
from pos.errors import SCOError

log = logging.getLogger(__name__)

SCANNER, SCALE, PRINTER, PAYMENT = "scanner", "scale", "printer", "payment"
SCANNER_SCALE = "scanner_scale"  # optional: the scale under the scanner's platter

# [produce] weigh_on -> the role of the scale whose stable reading prices produce.
PRODUCE_SCALES = {"bagging_scale": SCALE, "scanner_scale": SCANNER_SCALE}


@dataclass
class Hardware:
    """The drivers of one lane (and the simulators behind the simulated ones)."""

    drivers: dict[str, Device] = field(default_factory=dict)  # role -> driver
    sims: dict[str, Any] = field(default_factory=dict)  # role -> simulator
    produce_scale: str = SCALE  # the role of the scale that weighs produce sold by weight

    def lane_devices(self) -> LaneDevices:
        printer = self.drivers.get(PRINTER)
        terminal = self.drivers.get(PAYMENT)
        return LaneDevices(
            printer=printer if isinstance(printer, EscPosPrinter) else None,
            terminal=terminal if isinstance(terminal, ZvtTerminal) else None,
            names={driver.device_id: role for role, driver in self.drivers.items()},
            produce_scale=self.produce_scale,
        )

    def start(self) -> None:
        """Open, claim and enable every driver; each connects (and reconnects) by itself."""
        for driver in self.drivers.values():
            driver.start()

    def close(self, *, keep_sims: bool = False) -> None:
        # Closing must reach every device even when one of them fails to close.
        for driver in self.drivers.values():
            with contextlib.suppress(SCOError, OSError):
                driver.close()
        if keep_sims:
            return
        for sim in self.sims.values():
            with contextlib.suppress(SCOError, OSError):
                sim.stop()


def build(lane: LaneConfig, sink: EventSink, *, reuse: dict[str, Any] | None = None,
          ) -> Hardware:
    """Drivers for the lane's devices; simulators started for the simulated ones.

    Four devices always, and a scanner-scale when ``[devices.scanner_scale]`` declares one.

    ``reuse`` hands over running simulators (by role) from an earlier build: a lane that
    restarts finds the same devices, with the memory they have (the terminal's last
    transaction), as it would with hardware.
    """
    hardware = Hardware()
    hardware.sims.update(reuse or {})
    lane_id = lane.lane.id
    devices = lane.devices
    try:
        _scanner(hardware, devices.scanner, f"{lane_id}-scanner", sink)
        _scale(hardware, SCALE, devices.scale, f"{lane_id}-scale", sink)
        if devices.scanner_scale is not None:
            _scale(hardware, SCANNER_SCALE, devices.scanner_scale, f"{lane_id}-scanner-scale",
                   sink)
        _printer(hardware, devices.printer, f"{lane_id}-printer", sink)
        _payment(hardware, devices.payment, f"{lane_id}-payment", sink)
    except BaseException:
        hardware.close()
        raise
    hardware.produce_scale = PRODUCE_SCALES[lane.produce.weigh_on]
    return hardware


def _scanner(hw: Hardware, cfg: ScannerSection, device_id: str, sink: EventSink) -> None:
    framing = ScanFraming(prefix=cfg.prefix.encode("latin-1"),
                          suffix=cfg.suffix.encode("latin-1") or b"\r")
    if cfg.driver == "simulated":
        sim = hw.sims.get(SCANNER) or SerialScannerSim.on_pty(framing=framing)
        if SCANNER not in hw.sims:
            sim.start()
        hw.sims[SCANNER] = sim
        hw.drivers[SCANNER] = SerialAimScanner(device_id, sink, sim.url, framing=framing)
    elif cfg.driver == "serial-aim":
        hw.drivers[SCANNER] = SerialAimScanner(
            device_id, sink, cfg.url, framing=framing,
            settings=SerialSettings(baudrate=cfg.baudrate, timeout=0.05))
    elif cfg.driver == "hid-pos":
        assert cfg.usb_vid is not None
        assert cfg.usb_pid is not None
        hw.drivers[SCANNER] = HidPosScanner(device_id, sink, cfg.usb_vid, cfg.usb_pid)
    else:
        hw.drivers[SCANNER] = WedgeScanner(device_id, sink, cfg.url)


def _scale(hw: Hardware, role: str, cfg: ScaleSection, device_id: str, sink: EventSink,
           ) -> None:
    """The bagging scale or the scanner-scale: the same protocols, each on its own port."""
    options = ScaleOptions(poll_hz=cfg.poll_hz)
    if cfg.driver == "simulated":
        # MT-SICS streams (SIR): a stable weight reaches the lane in ~30 ms, not ~90 ms.
        # A scanner-scale is a 15 kg scale; the bagging area takes 30 kg.
        sim = hw.sims.get(role) or MtSicsSim(
            PtyEndpoint(), capacity_g=15_000 if role == SCANNER_SCALE else 30_000)
        if role not in hw.sims:
            sim.start()
        hw.sims[role] = sim
        hw.drivers[role] = MtSicsScale(device_id, sink, sim.endpoint.url, options)
    elif cfg.driver == "toledo8217":
        hw.drivers[role] = Toledo8217Scale(device_id, sink, cfg.url, options)
    else:
        hw.drivers[role] = MtSicsScale(device_id, sink, cfg.url, options)


def _printer(hw: Hardware, cfg: PrinterSection, device_id: str, sink: EventSink) -> None:
    settings = PrinterSettings(style=ReceiptStyle(width=cfg.width_chars),
                               connect_timeout_s=float(cfg.timeout_s))
    target: NetworkTarget | SerialTarget | UsbTarget
    if cfg.driver == "simulated":
        sim = hw.sims.get(PRINTER) or PrinterSim(TcpEndpoint(), columns=cfg.width_chars)
        if PRINTER not in hw.sims:
            sim.start()
        hw.sims[PRINTER] = sim
        endpoint = sim.endpoint
        assert isinstance(endpoint, TcpEndpoint)  # the simulated printer listens on TCP
        target = NetworkTarget("127.0.0.1", endpoint.port)
    elif cfg.driver == "escpos-network":
        target = NetworkTarget(cfg.host, cfg.port)
    elif cfg.driver == "escpos-serial":
        target = SerialTarget(cfg.url)
    else:
        assert cfg.usb_vid is not None
        assert cfg.usb_pid is not None
        target = UsbTarget(cfg.usb_vid, cfg.usb_pid)
    hw.drivers[PRINTER] = EscPosPrinter(device_id, sink, target, settings)


def _payment(hw: Hardware, cfg: PaymentSection, device_id: str, sink: EventSink) -> None:
    settings = ZvtSettings(password=cfg.password, result_timeout_s=float(cfg.timeout_s))
    if cfg.driver == "simulated":
        sim = hw.sims.get(PAYMENT) or ZvtSimulator(TcpEndpoint(), password=cfg.password)
        if PAYMENT not in hw.sims:
            sim.start()
        hw.sims[PAYMENT] = sim
        hw.drivers[PAYMENT] = ZvtTerminal(device_id, sink, sim.url, framing=Framing.BARE,
                                          settings=settings)
    elif cfg.driver == "zvt-tcp":
        hw.drivers[PAYMENT] = ZvtTerminal(device_id, sink, f"socket://{cfg.host}:{cfg.port}",
                                          framing=Framing.BARE, settings=settings)
    else:
        hw.drivers[PAYMENT] = ZvtTerminal(device_id, sink, cfg.url, framing=Framing.FRAMED,
                                          settings=settings)
