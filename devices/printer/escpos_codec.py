"""ESC/POS: the subset the lane emits and the simulator parses, and the status bytes.

One module for both sides of the wire (STYLE.md: no framing written twice):
``render.py`` builds receipts with python-escpos and these constants, the
driver asks for and decodes status with them, and the simulator parses
everything with ``EscPosParser`` and answers with ``encode_status``.

References (section names of the Epson ESC/POS Command Reference, TM series):
"DLE EOT  Transmit real-time status", "GS r  Transmit status",
"GS ( k  Set up and print the symbol" (QR: cn 49, fn 65/67/69/80/81),
"GS k  Print barcode", "GS v 0  Print raster bit image", "ESC t  Select
character code table".  Status bit positions were checked against a second
source: the Epson TM-T88III/TM-L60II technical references and the Bixolon
SRP-350 and Citizen CT-S2000 manuals, which agree bit for bit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum

from devices.errors import DeviceError
from devices.events import PrinterStatusEvent

# -- control bytes ------------------------------------------------------------------

NUL = 0x00
EOT = 0x04
ENQ = 0x05
HT = 0x09
LF = 0x0A
FF = 0x0C
CR = 0x0D
DLE = 0x10
DC4 = 0x14
ESC = 0x1B
FS = 0x1C
GS = 0x1D

# -- commands we emit -----------------------------------------------------------------

INIT = bytes((ESC, 0x40))  # ESC @: clear the buffer, reset every mode (and the code page)


class Align(IntEnum):
    """ESC a n; printers also accept the ASCII digits 48..50."""

    LEFT = 0
    CENTER = 1
    RIGHT = 2


# ESC ! n bits ("Select print mode(s)"): one byte sets font, bold, size and underline.
MODE_FONT_B = 0x01
MODE_EMPHASIZED = 0x08
MODE_DOUBLE_HEIGHT = 0x10
MODE_DOUBLE_WIDTH = 0x20
MODE_UNDERLINE = 0x80


def print_mode(n: int) -> bytes:
    return bytes((ESC, 0x21, n & 0xFF))


def bold(on: bool) -> bytes:
    return bytes((ESC, 0x45, int(on)))


def align(where: Align) -> bytes:
    return bytes((ESC, 0x61, int(where)))


def underline(dots: int) -> bytes:
    """ESC - n: 0 off, 1 one dot, 2 two dots."""
    return bytes((ESC, 0x2D, dots))


def feed_lines(n: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    return bytes((ESC, 0x64, n))


def drawer_pulse(pin: int = 2, on_ms: int = 100, off_ms: int = 100) -> bytes:
    """ESC p m t1 t2: pulse drawer pin 2 (m=0) or 5 (m=1); times in 2 ms units."""
    return bytes((ESC, 0x70, 0 if pin == 2 else 1, min(255, on_ms // 2), min(255, off_ms // 2)))


def char_size(width: int, height: int) -> bytes:
    """GS ! n: magnification 1..8 in each direction (high nibble width, low nibble height)."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character magnification is 1..8")
    return bytes((GS, 0x21, (width - 1) << 4 | (height - 1)))


def select_code_page(number: int) -> bytes:
    return bytes((ESC, 0x74, number))


FULL_CUT = bytes((GS, 0x56, 0))  # GS V 0 (python-escpos' PAPER_FULL_CUT)
PARTIAL_CUT = bytes((GS, 0x56, 1))


def feed_and_cut(feed: int = 0, partial: bool = False) -> bytes:
    """GS V 65/66 n: feed to the cutter plus ``n`` dots, then cut."""
    return bytes((GS, 0x56, 66 if partial else 65, feed))


# GS k m: function B barcodes carry a length byte; CODE128 needs a code-set prefix.
BARCODE_CODE128 = 73
CODE128_SET_B = b"{B"


def code128_b(data: str) -> bytes:
    """The GS k payload for ``data`` in code set B (ASCII 32..127); "{" is sent as "{{"."""
    raw = data.encode("ascii")
    if any(byte < 0x20 for byte in raw):
        raise ValueError("code set B carries printable ASCII only")
    return CODE128_SET_B + raw.replace(b"{", b"{{")


def barcode_code128(data: str) -> bytes:
    payload = code128_b(data)
    if len(payload) > 255:
        raise ValueError("a GS k function B barcode holds at most 255 bytes")
    return bytes((GS, 0x6B, BARCODE_CODE128, len(payload))) + payload


def decode_code128(payload: bytes) -> str:
    """Human-readable data of a CODE128 GS k payload: code-set switches dropped, "{{" -> "{"."""
    out = bytearray()
    i = 0
    while i < len(payload):
        byte = payload[i]
        if byte == 0x7B and i + 1 < len(payload):  # "{" introduces a set switch or FNC
            nxt = payload[i + 1]
            if nxt == 0x7B:
                out.append(0x7B)
            i += 2
            continue
        out.append(byte)
        i += 1
    return out.decode("latin-1")


# GS ( k: 2D symbols; cn 49 is QR.  pL pH count the bytes after themselves.
QR_CN = 49
QR_FN_MODEL = 65
QR_FN_SIZE = 67
QR_FN_LEVEL = 69
QR_FN_STORE = 80
QR_FN_PRINT = 81


class QrLevel(IntEnum):
    """GS ( k fn 69: error correction 48 L (7 %), 49 M (15 %), 50 Q (25 %), 51 H (30 %)."""

    L = 48
    M = 49
    Q = 50
    H = 51


QR_MODEL_1 = 49
QR_MODEL_2 = 50


def _symbol(cn: int, fn: int, params: bytes) -> bytes:
    size = len(params) + 2
    return bytes((GS, 0x28, 0x6B, size & 0xFF, size >> 8, cn, fn)) + params


def qr_model(model: int = QR_MODEL_2) -> bytes:
    return _symbol(QR_CN, QR_FN_MODEL, bytes((model, 0)))


def qr_module_size(dots: int) -> bytes:
    return _symbol(QR_CN, QR_FN_SIZE, bytes((dots,)))


def qr_level(level: QrLevel) -> bytes:
    return _symbol(QR_CN, QR_FN_LEVEL, bytes((int(level),)))


def qr_store(payload: bytes) -> bytes:
    if len(payload) > 7089:
        raise ValueError("a QR code holds at most 7089 bytes")
    return _symbol(QR_CN, QR_FN_STORE, b"\x30" + payload)


def qr_print() -> bytes:
    return _symbol(QR_CN, QR_FN_PRINT, b"\x30")


def qr_code(payload: bytes, module_size: int = 6, level: QrLevel = QrLevel.M) -> bytes:
    """Model 2, module size, error level, store, print: what ``Escpos.qr(native=True)`` sends."""
    return (qr_model(QR_MODEL_2) + qr_module_size(module_size) + qr_level(level)
            + qr_store(payload) + qr_print())


def raster_image(width_bytes: int, height: int, bits: bytes, mode: int = 0) -> bytes:
    """GS v 0 m xL xH yL yH d1...dk (k = width_bytes * height): we only parse these."""
    if len(bits) != width_bytes * height:
        raise ValueError("raster data does not match its size")
    return bytes((GS, 0x76, 0x30, mode, width_bytes & 0xFF, width_bytes >> 8,
                  height & 0xFF, height >> 8)) + bits


# -- status -----------------------------------------------------------------------------


class StatusKind(IntEnum):
    """DLE EOT n."""

    PRINTER = 1
    OFFLINE_CAUSE = 2
    ERROR = 3
    PAPER = 4


def status_request(kind: StatusKind) -> bytes:
    return bytes((DLE, EOT, int(kind)))


ALL_STATUS_REQUESTS = b"".join(status_request(kind) for kind in StatusKind)

# GS r 1 is *not* real-time: the printer answers it only after everything sent
# before it has been processed, and not at all while stopped by a paper end.
# So it doubles as "the receipt is out" ("GS r  Transmit status", Notes).
PAPER_SENSOR_REQUEST = bytes((GS, 0x72, 1))

# Every DLE EOT answer has the form 0xx1xx10b; a GS r answer has bits 4 and 7
# off.  That is how a host tells them apart from each other and from noise.
_RT_FIXED_MASK = 0b1001_0011
_RT_FIXED_BITS = 0b0001_0010
_GSR_FIXED_MASK = 0b1001_0000

# DLE EOT 1: printer status
BIT_DRAWER_PIN3 = 0x04
BIT_OFFLINE = 0x08
# DLE EOT 2: offline cause
BIT_COVER_OPEN = 0x04
BIT_FEED_BUTTON = 0x08
BIT_PAPER_END_STOP = 0x20
BIT_ERROR = 0x40
# DLE EOT 3: error cause
BIT_CUTTER_ERROR = 0x08
BIT_UNRECOVERABLE = 0x20
BIT_AUTO_RECOVERABLE = 0x40
# DLE EOT 4: roll paper sensors (both bits of a pair are set together on Epson;
# some printers report two near-end sensors separately, so either bit counts)
BITS_NEAR_END = 0x0C
BITS_PAPER_END = 0x60
# GS r 1 answer
GSR_NEAR_END = 0x03
GSR_PAPER_END = 0x0C


def is_realtime_status(byte: int) -> bool:
    return byte & _RT_FIXED_MASK == _RT_FIXED_BITS


def is_paper_sensor_answer(byte: int) -> bool:
    return byte & _GSR_FIXED_MASK == 0


@dataclass(frozen=True, slots=True)
class PrinterConditions:
    """What a printer is in, every flag known: the simulator's side of DLE EOT."""

    offline: bool = False
    drawer_pin3_high: bool = False
    cover_open: bool = False
    feed_button: bool = False
    paper_end_stop: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    paper_near_end: bool = False
    paper_out: bool = False


def _bits(*pairs: tuple[bool, int]) -> int:
    value = _RT_FIXED_BITS
    for flag, bit in pairs:
        if flag:
            value |= bit
    return value


def encode_status(kind: StatusKind, c: PrinterConditions) -> int:
    """The byte a printer in ``c`` answers to DLE EOT ``kind``."""
    if kind is StatusKind.PRINTER:
        return _bits((c.drawer_pin3_high, BIT_DRAWER_PIN3), (c.offline, BIT_OFFLINE))
    if kind is StatusKind.OFFLINE_CAUSE:
        return _bits((c.cover_open, BIT_COVER_OPEN), (c.feed_button, BIT_FEED_BUTTON),
                     (c.paper_end_stop, BIT_PAPER_END_STOP), (c.error, BIT_ERROR))
    if kind is StatusKind.ERROR:
        return _bits((c.cutter_error, BIT_CUTTER_ERROR),
                     (c.unrecoverable_error, BIT_UNRECOVERABLE),
                     (c.auto_recoverable_error, BIT_AUTO_RECOVERABLE))
    return _bits((c.paper_near_end, BITS_NEAR_END), (c.paper_out, BITS_PAPER_END))


def encode_paper_sensor(c: PrinterConditions) -> int:
    """The answer to GS r 1 (never sent while stopped by a paper end)."""
    return (GSR_NEAR_END if c.paper_near_end else 0) | (GSR_PAPER_END if c.paper_out else 0)


def _flag(byte: int | None, mask: int) -> bool | None:
    return None if byte is None else bool(byte & mask)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """The answers to DLE EOT 1..4 as received; ``None`` where none came (unknown)."""

    printer: int | None = None
    offline_cause: int | None = None
    error: int | None = None
    paper: int | None = None

    @classmethod
    def from_answers(cls, answers: Sequence[int]) -> PrinterStatus:
        """Answers to DLE EOT 1, 2, 3, 4 in order; a byte that is no status byte counts as none."""
        valid = [a if 0 <= a <= 255 and is_realtime_status(a) else None for a in answers[:4]]
        valid += [None] * (4 - len(valid))
        return cls(*valid)

    @property
    def answered(self) -> bool:
        return any(b is not None for b in (self.printer, self.offline_cause, self.error,
                                           self.paper))

    @property
    def online(self) -> bool | None:
        offline = _flag(self.printer, BIT_OFFLINE)
        return None if offline is None else not offline

    @property
    def cover_open(self) -> bool | None:
        return _flag(self.offline_cause, BIT_COVER_OPEN)

    @property
    def feed_button(self) -> bool | None:
        return _flag(self.offline_cause, BIT_FEED_BUTTON)

    @property
    def paper_end_stop(self) -> bool | None:
        return _flag(self.offline_cause, BIT_PAPER_END_STOP)

    @property
    def error_occurred(self) -> bool | None:
        return _flag(self.offline_cause, BIT_ERROR)

    @property
    def cutter_error(self) -> bool | None:
        return _flag(self.error, BIT_CUTTER_ERROR)

    @property
    def unrecoverable_error(self) -> bool | None:
        return _flag(self.error, BIT_UNRECOVERABLE)

    @property
    def auto_recoverable_error(self) -> bool | None:
        return _flag(self.error, BIT_AUTO_RECOVERABLE)

    @property
    def paper_near_end(self) -> bool | None:
        return _flag(self.paper, BITS_NEAR_END)

    @property
    def paper_out(self) -> bool | None:
        sensor = _flag(self.paper, BITS_PAPER_END)
        stop = self.paper_end_stop
        if sensor is None and stop is None:
            return None
        return bool(sensor) or bool(stop)

    def problem(self) -> type[PrinterError] | None:
        """Why this printer cannot print now, most specific cause first; None if it can."""
        checks: tuple[tuple[bool | None, type[PrinterError]], ...] = (
            (self.online is None, PrinterUnknown),
            (self.paper_out, PrinterPaperOut),
            (self.cover_open, PrinterCoverOpen),
            (self.cutter_error or self.unrecoverable_error, PrinterFault),
            (self.online is False, PrinterOffline),
        )
        return next((error for failed, error in checks if failed), None)

    def to_event(self, device_id: str) -> PrinterStatusEvent:
        return PrinterStatusEvent(device_id, self.online, self.cover_open, self.paper_near_end,
                                  self.paper_out, self.cutter_error)


UNKNOWN_STATUS = PrinterStatus()

# -- errors -------------------------------------------------------------------------------


class PrinterError(DeviceError):
    """The receipt could not be printed; the lane offers a digital receipt instead."""

    code = "PRINTER"


class PrinterPaperOut(PrinterError):
    """The paper roll is empty: nothing was printed."""

    code = "PRINTER_PAPER_OUT"


class PrinterPaperOutDuring(PrinterError):
    """The paper ran out while the receipt was printing: the shopper has part of it."""

    code = "PRINTER_PAPER_OUT_DURING"


class PrinterCoverOpen(PrinterError):
    """The printer's cover is open."""

    code = "PRINTER_COVER_OPEN"


class PrinterOffline(PrinterError):
    """The printer is offline or the connection to it is down."""

    code = "PRINTER_OFFLINE"


class PrinterUnknown(PrinterError):
    """The printer does not answer status requests: whether it can print is unknown."""

    code = "PRINTER_UNKNOWN"


class PrinterFault(PrinterError):
    """The printer reports an error (cutter jammed, or an unrecoverable fault)."""

    code = "PRINTER_ERROR"


# -- code pages and characters a printer cannot print -------------------------------------


@dataclass(frozen=True, slots=True)
class CodePage:
    number: int  # ESC t n (Epson's table; python-escpos' capabilities.json agrees)
    name: str
    escpos_name: str  # python-escpos' name for it
    codec: str  # the Python codec with the same characters

    def can_encode(self, char: str) -> bool:
        try:
            char.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True


PC437 = CodePage(0, "PC437", "CP437", "cp437")
PC850 = CodePage(2, "PC850", "CP850", "cp850")
WPC1252 = CodePage(16, "WPC1252", "CP1252", "cp1252")
PC866 = CodePage(17, "PC866", "CP866", "cp866")
PC858 = CodePage(19, "PC858", "CP858", "cp858")  # PC850 with the euro sign at 0xD5
CODE_PAGES: dict[int, CodePage] = {cp.number: cp for cp in (PC437, PC850, WPC1252, PC866, PC858)}

# Typography and letters that decomposition does not reduce to ASCII.
_SUBSTITUTES: dict[str, str] = {
    "€": "EUR", "–": "-", "—": "-", "‐": "-", "−": "-", "‘": "'", "’": "'", "‚": ",",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "…": "...", "•": "*", "×": "x",
    "Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae",
    "Œ": "OE", "œ": "oe", "ß": "ss", "ẞ": "SS", "Þ": "Th", "þ": "th", "ı": "i",
    "\u00a0": " ", "\u202f": " ",
}
# Russian/Ukrainian letters, romanised as on passports (ICAO 9303), lower case.
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
     "i", "i", "ie", "g"], strict=True))


def _fallback(char: str) -> str:
    """ASCII-ish stand-in for one character, or "" if there is none."""
    if char in _SUBSTITUTES:
        return _SUBSTITUTES[char]
    lower = char.lower()
    if lower in _CYRILLIC:
        latin = _CYRILLIC[lower]
        return latin.capitalize() if char != lower else latin
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base != char else ""


def printable(text: str, code_page: CodePage = PC858) -> str:
    """``text`` with every character ``code_page`` lacks replaced, so the printer prints it.

    Kept as is when the code page has it ("ü", "€" in PC858); otherwise a
    substitute (typographic quotes, "€" -> "EUR" where missing), Cyrillic
    romanised ("Спасибо" -> "Spasibo"), accents dropped ("Cảm ơn" -> "Cam on");
    anything still unprintable becomes "?".  Control characters become spaces.
    """
    out: list[str] = []
    for char in text:
        if char < " " or char == "\x7f":
            out.append(" ")
        elif code_page.can_encode(char):
            out.append(char)
        else:
            stand_in = _fallback(char)
            out.append(stand_in if stand_in and all(code_page.can_encode(c) for c in stand_in)
                       else "?")
    return "".join(out)


# -- parsing: the simulator's side ----------------------------------------------------------

MAX_BLOCK = 1 << 20  # a length field claiming more than this is taken for noise


class Kind(Enum):
    TEXT = "text"
    LF = "lf"
    CR = "cr"
    INIT = "init"
    PRINT_MODE = "print_mode"  # ESC ! n
    BOLD = "bold"  # ESC E n
    UNDERLINE = "underline"  # ESC - n
    ALIGN = "align"  # ESC a n
    FEED = "feed"  # ESC d n
    DRAWER = "drawer"  # ESC p m t1 t2
    CODE_PAGE = "code_page"  # ESC t n
    SIZE = "size"  # GS ! n
    CUT = "cut"  # GS V m [n]
    BARCODE = "barcode"  # GS k m ...
    QR_MODEL = "qr_model"
    QR_SIZE = "qr_size"
    QR_LEVEL = "qr_level"
    QR_STORE = "qr_store"
    QR_PRINT = "qr_print"
    RASTER = "raster"  # GS v 0
    STATUS = "status"  # DLE EOT n (real-time)
    PAPER_SENSOR = "paper_sensor"  # GS r n (after the buffer)
    SETTING = "setting"  # known, well-formed, and of no consequence for the receipt model
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Command:
    kind: Kind
    raw: bytes
    args: tuple[int, ...] = ()
    data: bytes = b""


Parsed = tuple[Command, int] | None  # the command and where the next one starts; None: need more


def _fixed(kind: Kind, buf: bytes, pos: int, size: int, prefix: int) -> Parsed:
    """A command of ``prefix`` introducer bytes and ``size - prefix`` parameter bytes."""
    end = pos + size
    if len(buf) < end:
        return None
    return Command(kind, buf[pos:end], tuple(buf[pos + prefix:end])), end


def _unknown(buf: bytes, pos: int, size: int) -> Parsed:
    end = min(len(buf), pos + size)
    return Command(Kind.UNKNOWN, buf[pos:end]), end


# ESC x: (kind, parameter bytes)
_ESC_FIXED: dict[int, tuple[Kind, int]] = {
    0x40: (Kind.INIT, 0), 0x21: (Kind.PRINT_MODE, 1), 0x45: (Kind.BOLD, 1),
    0x2D: (Kind.UNDERLINE, 1), 0x61: (Kind.ALIGN, 1), 0x64: (Kind.FEED, 1),
    0x70: (Kind.DRAWER, 3), 0x74: (Kind.CODE_PAGE, 1),
    0x20: (Kind.SETTING, 1), 0x24: (Kind.SETTING, 2), 0x32: (Kind.SETTING, 0),
    0x33: (Kind.SETTING, 1), 0x3D: (Kind.SETTING, 1), 0x47: (Kind.SETTING, 1),
    0x4A: (Kind.SETTING, 1), 0x4D: (Kind.SETTING, 1), 0x52: (Kind.SETTING, 1),
    0x56: (Kind.SETTING, 1), 0x5C: (Kind.SETTING, 2), 0x63: (Kind.SETTING, 2),
    0x72: (Kind.SETTING, 1), 0x7B: (Kind.SETTING, 1),
}
# GS x with fixed parameters
_GS_FIXED: dict[int, tuple[Kind, int]] = {
    0x21: (Kind.SIZE, 1), 0x72: (Kind.PAPER_SENSOR, 1),
    0x42: (Kind.SETTING, 1), 0x48: (Kind.SETTING, 1), 0x4C: (Kind.SETTING, 2),
    0x57: (Kind.SETTING, 2), 0x61: (Kind.SETTING, 1), 0x62: (Kind.SETTING, 1),
    0x66: (Kind.SETTING, 1), 0x68: (Kind.SETTING, 1), 0x77: (Kind.SETTING, 1),
    0x7C: (Kind.SETTING, 1),
}
_QR_KINDS = {QR_FN_MODEL: Kind.QR_MODEL, QR_FN_SIZE: Kind.QR_SIZE, QR_FN_LEVEL: Kind.QR_LEVEL,
             QR_FN_STORE: Kind.QR_STORE, QR_FN_PRINT: Kind.QR_PRINT}


def _esc(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 2:
        return None
    code = buf[pos + 1]
    if code == 0x2A:  # ESC * m nL nH d: bit image, 1 or 3 bytes per column
        if len(buf) < pos + 5:
            return None
        m, columns = buf[pos + 2], buf[pos + 3] | buf[pos + 4] << 8
        size = 5 + columns * (1 if m in (0, 1) else 3)
        return _fixed(Kind.SETTING, buf, pos, size, 2)
    spec = _ESC_FIXED.get(code)
    if spec is None:
        return _unknown(buf, pos, 2)
    kind, params = spec
    return _fixed(kind, buf, pos, 2 + params, 2)


def _gs_cut(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 3:
        return None
    m = buf[pos + 2]
    if m in (0, 1, 48, 49):
        return _fixed(Kind.CUT, buf, pos, 3, 2)
    if m in (65, 66, 97, 98, 103, 104):  # with a feed amount
        return _fixed(Kind.CUT, buf, pos, 4, 2)
    return _unknown(buf, pos, 3)


def _gs_barcode(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 3:
        return None
    m = buf[pos + 2]
    if m <= 6:  # function A: data ends with NUL
        end = buf.find(b"\x00", pos + 3, pos + 3 + 256)
        if end < 0:
            return None if len(buf) < pos + 3 + 256 else _unknown(buf, pos, 3)
        return Command(Kind.BARCODE, buf[pos:end + 1], (m,), buf[pos + 3:end]), end + 1
    if 65 <= m <= 79:  # function B: a length byte
        if len(buf) < pos + 4:
            return None
        end = pos + 4 + buf[pos + 3]
        if len(buf) < end:
            return None
        return Command(Kind.BARCODE, buf[pos:end], (m,), buf[pos + 4:end]), end
    return _unknown(buf, pos, 3)


def _gs_paren(buf: bytes, pos: int) -> Parsed:
    """GS ( X pL pH ...: every function of this family says its own length."""
    if len(buf) < pos + 5:
        return None
    size = buf[pos + 3] | buf[pos + 4] << 8
    end = pos + 5 + size
    if len(buf) < end:
        return None
    raw = buf[pos:end]
    if buf[pos + 2] != 0x6B or size < 2 or buf[pos + 5] != QR_CN:
        kind = Kind.SETTING if size >= 2 else Kind.UNKNOWN
        return Command(kind, raw), end
    fn = buf[pos + 6]
    kind = _QR_KINDS.get(fn, Kind.SETTING)
    params = buf[pos + 7:end]
    if kind is Kind.QR_STORE:
        return Command(kind, raw, tuple(params[:1]), params[1:]), end
    return Command(kind, raw, tuple(params)), end


def _gs_raster(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 3:
        return None
    if buf[pos + 2] != 0x30:
        return _unknown(buf, pos, 3)
    if len(buf) < pos + 8:
        return None
    width, height = buf[pos + 4] | buf[pos + 5] << 8, buf[pos + 6] | buf[pos + 7] << 8
    if width * height > MAX_BLOCK:
        return _unknown(buf, pos, 3)
    end = pos + 8 + width * height
    if len(buf) < end:
        return None
    return Command(Kind.RASTER, buf[pos:end], (buf[pos + 3], width, height), buf[pos + 8:end]), end


def _gs_graphics_long(buf: bytes, pos: int) -> Parsed:
    """GS 8 L p1 p2 p3 p4 ...: graphics data with a 4-byte length."""
    if len(buf) < pos + 7:
        return None
    if buf[pos + 2] != 0x4C:
        return _unknown(buf, pos, 3)
    size = int.from_bytes(buf[pos + 3:pos + 7], "little")
    if size > MAX_BLOCK:
        return _unknown(buf, pos, 3)
    return _fixed(Kind.SETTING, buf, pos, 7 + size, 3)


_GS_SPECIAL: dict[int, Callable[[bytes, int], Parsed]] = {
    0x56: _gs_cut, 0x6B: _gs_barcode, 0x28: _gs_paren, 0x76: _gs_raster, 0x38: _gs_graphics_long,
}


def _gs(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 2:
        return None
    code = buf[pos + 1]
    special = _GS_SPECIAL.get(code)
    if special is not None:
        return special(buf, pos)
    spec = _GS_FIXED.get(code)
    if spec is None:
        return _unknown(buf, pos, 2)
    kind, params = spec
    return _fixed(kind, buf, pos, 2 + params, 2)


def _dle(buf: bytes, pos: int) -> Parsed:
    if len(buf) < pos + 3:
        return None
    code, n = buf[pos + 1], buf[pos + 2]
    if code == EOT and 1 <= n <= 4:
        return _fixed(Kind.STATUS, buf, pos, 3, 2)
    if code == EOT and n in (7, 8):  # DLE EOT 7/8 a: ink and slip status on some models
        return _fixed(Kind.SETTING, buf, pos, 4, 2)
    if code == ENQ:
        return _fixed(Kind.SETTING, buf, pos, 3, 2)
    if code == DC4 and n in (1, 2):  # DLE DC4 1 m t (pulse) / DLE DC4 2 1 8 (power off)
        return _fixed(Kind.SETTING, buf, pos, 5, 2)
    return _unknown(buf, pos, 1)


_INTRODUCERS: dict[int, Callable[[bytes, int], Parsed]] = {ESC: _esc, GS: _gs, DLE: _dle}


def _text(buf: bytes, pos: int) -> Parsed:
    end = pos
    while end < len(buf) and (buf[end] >= 0x20 or buf[end] == HT):
        end += 1
    return Command(Kind.TEXT, buf[pos:end], data=buf[pos:end]), end


def parse_command(buf: bytes, pos: int = 0) -> Parsed:
    """The command starting at ``buf[pos]`` (pos < len(buf)); None if it is not complete yet."""
    byte = buf[pos]
    if byte >= 0x20 or byte == HT:
        return _text(buf, pos)
    if byte == LF:
        return Command(Kind.LF, buf[pos:pos + 1]), pos + 1
    if byte == CR:
        return Command(Kind.CR, buf[pos:pos + 1]), pos + 1
    handler = _INTRODUCERS.get(byte)
    if handler is None:
        return _unknown(buf, pos, 1)
    return handler(buf, pos)


class EscPosParser:
    """Turns a byte stream, in pieces of any size, into commands.

    Text runs are emitted as they arrive; a command is emitted once complete.
    Bytes that are no command of ours come out as ``Kind.UNKNOWN`` and are
    counted in ``unknown_bytes``.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.unknown_bytes = 0
        self.commands = 0

    @property
    def pending(self) -> int:
        """Bytes held back as the start of an incomplete command."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Command]:
        self._buffer += data
        buf = bytes(self._buffer)
        out: list[Command] = []
        pos = 0
        while pos < len(buf):
            parsed = parse_command(buf, pos)
            if parsed is None:
                break
            command, pos = parsed
            if command.kind is Kind.UNKNOWN:
                self.unknown_bytes += len(command.raw)
            self.commands += 1
            out.append(command)
        del self._buffer[:pos]
        return out

    def reset(self) -> None:
        self._buffer.clear()


def parse_all(data: bytes) -> list[Command]:
    """Every complete command in ``data`` (a trailing incomplete one is left out)."""
    return EscPosParser().feed(data)


def commands_of(kind: Kind, commands: Iterable[Command]) -> list[Command]:
    return [c for c in commands if c.kind is kind]
