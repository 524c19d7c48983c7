"""Receipt printers speaking ESC/POS: codec, receipt rendering, driver and simulator.

- ``escpos_codec``: the bytes (commands, status decoding, parser, code pages, errors)
- ``render``: ``pos.receipt.Receipt`` -> ESC/POS bytes via python-escpos
- ``driver``: ``EscPosPrinter`` on TCP 9100, serial or USB
- ``sim``: ``PrinterSim`` on a pty or TCP, with a PNG preview of what it printed
"""

from devices.printer.driver import (
    EscPosPrinter,
    NetworkTarget,
    PrinterSettings,
    PrinterTarget,
    SerialTarget,
    UsbTarget,
    target_from_url,
)
from devices.printer.escpos_codec import (
    PrinterCoverOpen,
    PrinterError,
    PrinterFault,
    PrinterOffline,
    PrinterPaperOut,
    PrinterPaperOutDuring,
    PrinterStatus,
    PrinterUnknown,
)
from devices.printer.render import ReceiptStyle, render_receipt

__all__ = [
    "EscPosPrinter", "NetworkTarget", "PrinterCoverOpen", "PrinterError", "PrinterFault",
    "PrinterOffline", "PrinterPaperOut", "PrinterPaperOutDuring", "PrinterSettings",
    "PrinterStatus", "PrinterTarget", "PrinterUnknown", "ReceiptStyle", "SerialTarget",
    "UsbTarget", "render_receipt", "target_from_url",
]
