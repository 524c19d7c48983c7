"""ZVT (PA00P015, "ECR-Interface ZVT-Protocol") bytes: APDUs, BMPs, BCD, serial framing.

Shared by the driver (``devices.payment.zvt``) and the terminal simulator
(``devices.payment.sim_zvt``), so every byte is written once.  Chapter
numbers refer to PA00P015 revision 13.x; BMP lengths were checked against
three independent implementations (Portalum.Zvt's BmpParser, EVerest's
``zvt`` crate and zvt-show's table of "Summary of utilised BMPs").

Layers, bottom up:

* BCD, LLVAR/LLLVAR and TLV helpers;
* ``Apdu``: ``CLASS INSTR LEN DATA`` with LEN one byte below 0xFF, else
  ``FF lo hi`` (little-endian, chapter 1 "APDU");
* BMPs: tag byte + fixed-length or LL/LLL-variable value;
* messages: encoders for what the ECR sends, decoders for what the PT sends;
* transports: ``BareLink`` (TCP: APDUs back to back) and ``FramedLink``
  (RS232: ``DLE STX`` APDU ``DLE ETX`` CRC, link ACK/NAK), both over a small
  ``BytePipe`` so the driver (pyserial) and the simulator (pty/TCP endpoint)
  use the very same code.

Every parser raises ``ZvtProtocolError`` (or a subclass) on bad input, and
nothing else.
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Final, Protocol

import serial

from devices.errors import DeviceTimeout, ProtocolError
from devices.serialport import SerialSettings

log = logging.getLogger(__name__)
# Links log through the caller's logger, so records carry its device id.
_Log = logging.Logger | logging.LoggerAdapter[logging.Logger]

# -- errors ---------------------------------------------------------------------------


class ZvtProtocolError(ProtocolError):
    """Bytes that do not follow the ZVT protocol."""

    code = "ZVT_PROTOCOL"


class ApduError(ZvtProtocolError):
    """An APDU whose length field does not match its data."""

    code = "ZVT_APDU"


class BmpError(ZvtProtocolError):
    """A BMP that is unknown, truncated or malformed."""

    code = "ZVT_BMP"


class ZvtLinkError(DeviceTimeout):
    """The serial link never acknowledged a frame (no ACK after the retries)."""

    code = "ZVT_LINK"


# -- line settings and control characters ---------------------------------------------

#: PA00P016 (transport protocol): 9600 baud, 8 data bits, no parity, 2 stop bits.
ZVT_SERIAL_SETTINGS: Final = SerialSettings(
    baudrate=9600, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE,
    stopbits=serial.STOPBITS_TWO, timeout=0.05)

#: The TCP port most terminals listen on for ZVT.
ZVT_TCP_PORT: Final = 20007

DLE: Final = 0x10
STX: Final = 0x02
ETX: Final = 0x03
LINK_ACK: Final = 0x06
LINK_NAK: Final = 0x15


class Cmd(IntEnum):
    """Control fields (CLASS << 8 | INSTR) of the commands this lane uses (chapter 14)."""

    REGISTRATION = 0x0600
    AUTHORIZATION = 0x0601
    COMPLETION = 0x060F
    ABORT = 0x061E  # PT -> ECR: the PT ends the dialogue with a result code
    REPEAT_RECEIPT = 0x0620
    REVERSAL = 0x0630
    ECR_ABORT = 0x06B0  # ECR -> PT: stop what you are doing
    PRINT_LINE = 0x06D1
    PRINT_TEXT_BLOCK = 0x06D3
    STATUS_INFORMATION = 0x040F
    INTERMEDIATE_STATUS = 0x04FF
    STATUS_ENQUIRY = 0x0501
    ACK = 0x8000
    NAK = 0x8400  # 84 xx: xx is the error code; 84 00 is a positive answer too


#: Result codes (chapter 10 "Error-Messages") the lane acts upon.
RESULT_OK: Final = 0x00
RESULT_ABORTED: Final = 0x6C  # "abort via time-out or abort-key"
RESULT_FUNCTION_NOT_POSSIBLE: Final = 0x83
RESULT_ALREADY_REVERSED: Final = 0xB4
RESULT_REVERSAL_NOT_POSSIBLE: Final = 0xB5
RESULT_SYSTEM_ERROR: Final = 0xFF

RESULT_TEXTS: Final[dict[int, str]] = {
    0x00: "no error",
    # 01-63 come from the network operator (ISO 8583 response codes passed through).
    0x05: "declined by the card issuer",
    0x51: "insufficient funds",
    0x64: "card not readable",
    0x65: "card data not present",
    0x66: "processing error",
    0x6B: "function deactivated (PT not registered)",
    0x6C: "aborted via timeout or abort key",
    0x6E: "card in blocked list",
    0x6F: "wrong currency",
    0x71: "credit not sufficient (chip card)",
    0x78: "card expired",
    0x7A: "card unknown",
    0x7D: "communication error",
    0x83: "function not possible",
    0x9A: "ZVT protocol error",
    0x9C: "please wait",
    0xA0: "receiver not ready",
    0xB4: "already reversed",
    0xB5: "reversal not possible",
    0xC3: "maximum amount exceeded",
    0xFF: "system error",
}

#: Intermediate status codes (chapter 11, table "intermediate status") -> a short text.
INTERMEDIATE_TEXTS: Final[dict[int, str]] = {
    0x00: "PT waiting for amount confirmation",
    0x01: "please watch PIN pad",
    0x02: "please watch PIN pad",
    0x03: "not accepted",
    0x04: "PT waiting for response from host",
    0x05: "PT sending auto-reversal",
    0x0A: "insert card",
    0x0B: "please remove card",
    0x0C: "card not readable",
    0x0D: "processing error",
    0x0E: "please wait",
    0x15: "incorrect PIN",
    0x17: "please wait",
    0x1C: "approved, please take goods",
    0x1D: "declined",
    0xE0: "PT waiting for application selection",
    0xE1: "PT waiting for language selection",
    0xF1: "offline",
    0xF2: "online",
}

#: ZVT card-type IDs (BMP 8A, chapter 12 "List of ZVT card-type IDs"): the common ones.
CARD_TYPES: Final[dict[int, str]] = {
    5: "girocard", 6: "Mastercard", 8: "American Express", 10: "Visa", 11: "VISA Electron",
    12: "Diners", 13: "V PAY", 14: "JCB", 46: "Maestro",
}

#: ISO 4217: alpha code in the interface, numeric (2-byte BCD, 978 = ``09 78``) on the wire.
CURRENCY_NUMERIC: Final[dict[str, int]] = {
    "EUR": 978, "USD": 840, "GBP": 826, "CHF": 756, "SEK": 752, "RUB": 643, "PHP": 608,
    "VND": 704,
}
CURRENCY_ALPHA: Final[dict[int, str]] = {v: k for k, v in CURRENCY_NUMERIC.items()}

#: Registration config byte (chapter 2.1): receipts via ECR (02 payment, 04 admin), intermediate
#: status wanted (08), amount and administration only from the ECR (10, 20), receipts sent as
#: print lines 06 D1 (80).
CONFIG_BYTE_SELF_CHECKOUT: Final = 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x80

#: Text of print lines and text blocks: Portalum.Zvt decodes with code page 437 by default.
TEXT_ENCODING: Final = "cp437"


# -- BCD --------------------------------------------------------------------------------


def bcd_encode(value: int, size: int) -> bytes:
    """``value`` as ``size`` bytes of packed BCD, most significant digit first."""
    digits = str(value)
    if value < 0 or len(digits) > 2 * size:
        raise ValueError(f"{value} does not fit into {size} BCD bytes")
    return bytes.fromhex(digits.zfill(2 * size))


def bcd_digits(data: bytes) -> str:
    """Packed BCD as a digit string (leading zeros kept); ``BmpError`` on a non-decimal nibble."""
    text = data.hex()
    if not text.isdigit() and text:
        raise BmpError(f"not BCD: {text}")
    return text


def bcd_decode(data: bytes) -> int:
    return int(bcd_digits(data) or "0")


# -- LLVAR / LLLVAR / TLV lengths ------------------------------------------------------


def var_length_encode(length: int, digits: int) -> bytes:
    """LL/LLL length (chapter 1): one byte per decimal digit, high nibble F: 12 -> ``F1 F2``."""
    text = str(length).zfill(digits)
    if len(text) > digits:
        raise ValueError(f"{length} does not fit into {digits} length digits")
    return bytes(0xF0 | int(c) for c in text)


def var_length_decode(data: bytes) -> int:
    value = 0
    for byte in data:
        if byte >> 4 != 0xF or byte & 0x0F > 9:
            raise BmpError(f"bad LLVAR length byte {byte:02x}")
        value = value * 10 + (byte & 0x0F)
    return value


def tlv_length_encode(length: int) -> bytes:
    """BER length as ZVT's TLV container uses it (chapter 9): 1, 81 xx or 82 xx xx."""
    if length < 0x80:
        return bytes([length])
    if length <= 0xFF:
        return bytes([0x81, length])
    if length <= 0xFFFF:
        return bytes([0x82]) + length.to_bytes(2, "big")
    raise ValueError(f"TLV length {length} too large")


def tlv_length_decode(data: bytes, pos: int) -> tuple[int, int]:
    """(length, position after the length field)."""
    if pos >= len(data):
        raise BmpError("TLV length missing")
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    count = first & 0x7F
    if first not in (0x81, 0x82) or pos + 1 + count > len(data):
        raise BmpError(f"bad TLV length at {pos}")
    return int.from_bytes(data[pos + 1:pos + 1 + count], "big"), pos + 1 + count


@dataclass(frozen=True, slots=True)
class Tlv:
    """One TLV data object; ``children`` is filled for constructed tags (bit 6 of the tag)."""

    tag: int
    value: bytes
    children: tuple[Tlv, ...] = ()


def _tlv_tag(data: bytes, pos: int) -> tuple[int, int, bool]:
    if pos >= len(data):
        raise BmpError("TLV tag missing")
    first = data[pos]
    tag, pos = first, pos + 1
    if first & 0x1F == 0x1F:  # multi-byte tag such as 1F 07: continue while bit 8 is set
        while True:
            if pos >= len(data) or tag > 0xFFFFFF:
                raise BmpError("TLV tag truncated")
            tag = (tag << 8) | data[pos]
            pos += 1
            if not data[pos - 1] & 0x80:
                break
    return tag, pos, bool(first & 0x20)


def tlv_decode(data: bytes, depth: int = 0) -> tuple[Tlv, ...]:
    """All data objects in ``data`` (nested up to 8 levels)."""
    if depth > 8:
        raise BmpError("TLV nested too deep")
    items: list[Tlv] = []
    pos = 0
    while pos < len(data):
        tag, pos, constructed = _tlv_tag(data, pos)
        length, pos = tlv_length_decode(data, pos)
        if pos + length > len(data):
            raise BmpError(f"TLV {tag:x} truncated")
        value = data[pos:pos + length]
        pos += length
        items.append(Tlv(tag, value, tlv_decode(value, depth + 1) if constructed else ()))
    return tuple(items)


def tlv_encode(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    return tag_bytes + tlv_length_encode(len(value)) + value


# -- APDU -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Apdu:
    cls: int
    instr: int
    data: bytes = b""

    @classmethod
    def of(cls, cmd: int, data: bytes = b"") -> Apdu:
        return cls(cmd >> 8, cmd & 0xFF, data)

    @property
    def control(self) -> int:
        return (self.cls << 8) | self.instr

    def encode(self) -> bytes:
        size = len(self.data)
        if size < 0xFF:
            length = bytes([size])
        elif size <= 0xFFFF:
            length = bytes([0xFF]) + size.to_bytes(2, "little")
        else:
            raise ValueError(f"APDU data of {size} bytes is too long")
        return bytes([self.cls, self.instr]) + length + self.data

    def __str__(self) -> str:
        return f"{self.cls:02X} {self.instr:02X} [{self.data.hex(' ')}]"


def split_apdu(buffer: bytes | bytearray) -> tuple[Apdu | None, int]:
    """The first complete APDU in ``buffer`` and how many bytes it used; (None, 0) if incomplete."""
    if len(buffer) < 3:
        return None, 0
    if buffer[2] == 0xFF:
        if len(buffer) < 5:
            return None, 0
        size, start = int.from_bytes(buffer[3:5], "little"), 5
    else:
        size, start = buffer[2], 3
    end = start + size
    if len(buffer) < end:
        return None, 0
    return Apdu(buffer[0], buffer[1], bytes(buffer[start:end])), end


def decode_apdu(data: bytes) -> Apdu:
    """Exactly one APDU; ``ApduError`` if ``data`` is shorter or longer than its length says."""
    apdu, used = split_apdu(data)
    if apdu is None:
        raise ApduError(f"truncated APDU: {data[:16].hex(' ')}")
    if used != len(data):
        raise ApduError(f"{len(data) - used} bytes after the APDU")
    return apdu


ACK_APDU: Final = Apdu.of(Cmd.ACK)


def nak_apdu(code: int) -> Apdu:
    return Apdu(0x84, code)


# -- BMPs -------------------------------------------------------------------------------

LLVAR: Final = -2
LLLVAR: Final = -3
TLV_CONTAINER: Final = -1

#: BMP tag -> fixed length in bytes, or LLVAR / LLLVAR / TLV_CONTAINER (chapter 13, "Summary of
#: utilised BMPs").  Confirmed against Portalum.Zvt BmpParser, EVerest zvt packets.rs and zvt-show.
BMP_LENGTHS: Final[dict[int, int]] = {
    0x01: 1, 0x02: 1, 0x03: 1, 0x04: 6, 0x05: 1, 0x06: TLV_CONTAINER, 0x0B: 3, 0x0C: 3,
    0x0D: 2, 0x0E: 2, 0x17: 2, 0x19: 1, 0x22: LLVAR, 0x23: LLVAR, 0x24: LLLVAR, 0x27: 1,
    0x29: 4, 0x2A: 15, 0x2D: LLVAR, 0x2E: LLLVAR, 0x37: 3, 0x3A: 2, 0x3B: 8, 0x3C: LLLVAR,
    0x3D: 3, 0x49: 2, 0x60: LLLVAR, 0x87: 2, 0x88: 3, 0x8A: 1, 0x8B: LLVAR, 0x8C: 1,
    0x9A: LLLVAR, 0xA0: 1, 0xA7: LLVAR, 0xAA: 3, 0xAF: LLLVAR, 0xBA: 5, 0xD0: 1, 0xD1: LLVAR,
    0xD2: 1, 0xD3: 1,
}


@dataclass(frozen=True, slots=True)
class Bmp:
    tag: int
    value: bytes


def iter_bmps(data: bytes) -> Iterator[Bmp]:
    """The BMPs of ``data`` in order; ``BmpError`` at the first unknown or truncated one."""
    pos = 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        kind = BMP_LENGTHS.get(tag)
        if kind is None:  # its length is unknown, so nothing after it can be read
            raise BmpError(f"unknown BMP {tag:02x} at offset {pos - 1}")
        if kind == TLV_CONTAINER:
            size, pos = tlv_length_decode(data, pos)
        elif kind in (LLVAR, LLLVAR):
            digits = -kind
            if pos + digits > len(data):
                raise BmpError(f"BMP {tag:02x}: length truncated")
            size, pos = var_length_decode(data[pos:pos + digits]), pos + digits
        else:
            size = kind
        if pos + size > len(data):
            raise BmpError(f"BMP {tag:02x}: {size} bytes expected, {len(data) - pos} left")
        yield Bmp(tag, data[pos:pos + size])
        pos += size


def parse_bmps(data: bytes) -> dict[int, bytes]:
    """All BMPs of ``data`` by tag (strict: any problem raises ``BmpError``)."""
    return {bmp.tag: bmp.value for bmp in iter_bmps(data)}


def parse_bmps_lenient(data: bytes) -> tuple[dict[int, bytes], str]:
    """The BMPs readable before the first problem, and the problem ("" when none).

    A terminal newer than this code may send a BMP we do not know; what came
    before it (usually BMP 27, the result) is still worth having.
    """
    fields: dict[int, bytes] = {}
    try:
        for bmp in iter_bmps(data):
            fields[bmp.tag] = bmp.value
    except ZvtProtocolError as exc:
        return fields, exc.message
    return fields, ""


def encode_bmp(tag: int, value: bytes) -> bytes:
    kind = BMP_LENGTHS[tag]
    if kind == TLV_CONTAINER:
        return bytes([tag]) + tlv_length_encode(len(value)) + value
    if kind in (LLVAR, LLLVAR):
        return bytes([tag]) + var_length_encode(len(value), -kind) + value
    if len(value) != kind:
        raise ValueError(f"BMP {tag:02x} takes {kind} bytes, got {len(value)}")
    return bytes([tag]) + value


def pan_encode(masked: str) -> bytes:
    """PAN as BMP 22 carries it: BCD, ``E`` for a masked digit, ``F`` pad for an odd count."""
    nibbles = "".join("e" if c == "*" else c for c in masked)
    if len(nibbles) % 2:
        nibbles += "f"
    return bytes.fromhex(nibbles)


def pan_decode(data: bytes) -> str:
    text = data.hex().rstrip("f")
    if any(c not in "0123456789e" for c in text):
        raise BmpError(f"bad PAN nibbles: {text}")
    return text.replace("e", "*")


def _ascii(data: bytes) -> str:
    return data.decode("ascii", errors="replace").strip(" \x00")


# -- status information (04 0F), chapter 3.1 ----------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """What a 04 0F Status-Information says about one transaction."""

    result_code: int | None = None  # BMP 27; None when the terminal did not say
    amount: int | None = None  # BMP 04, minor units
    currency: int | None = None  # BMP 49, ISO 4217 numeric
    trace_no: str | None = None  # BMP 0B, 6 digits
    time: str | None = None  # BMP 0C, HHMMSS
    date: str | None = None  # BMP 0D, MMDD
    expiry: str | None = None  # BMP 0E, YYMM
    masked_pan: str | None = None  # BMP 22, "*" for masked digits
    terminal_id: str | None = None  # BMP 29, 8 digits
    vu_number: str | None = None  # BMP 2A, merchant number
    aid: str | None = None  # BMP 3B, authorisation attribute
    additional_text: str | None = None  # BMP 3C
    receipt_no: str | None = None  # BMP 87, 4 digits
    card_type_id: int | None = None  # BMP 8A
    card_name: str | None = None  # BMP 8B
    problem: str = ""  # what could not be read (the fields above came before it)

    def timestamp(self, now: datetime | None = None) -> datetime | None:
        """Date and time from BMP 0D/0C; the year is not sent, so take the one that fits."""
        if self.date is None or self.time is None:
            return None
        now = now or datetime.now()
        try:
            at = datetime.strptime(f"{now.year}{self.date}{self.time}", "%Y%m%d%H%M%S")
        except ValueError:
            return None
        if (at - now).days >= 1:  # a December receipt read in January
            at = at.replace(year=at.year - 1)
        return at


def decode_status_info(data: bytes, *, strict: bool = True) -> StatusInfo:
    """The fields of a 04 0F data block; lenient mode keeps what precedes a problem."""
    if strict:
        fields, problem = parse_bmps(data), ""
    else:
        fields, problem = parse_bmps_lenient(data)

    def get(tag: int) -> bytes | None:
        return fields.get(tag)

    def digits(tag: int) -> str | None:
        value = get(tag)
        return None if value is None else bcd_digits(value)

    def number(tag: int) -> int | None:
        value = get(tag)
        return None if value is None else bcd_decode(value)

    def text(tag: int) -> str | None:
        value = get(tag)
        return None if value is None else _ascii(value)

    result, card_type, pan = get(0x27), get(0x8A), get(0x22)
    return StatusInfo(
        result_code=result[0] if result else None,
        amount=number(0x04), currency=number(0x49), trace_no=digits(0x0B),
        time=digits(0x0C), date=digits(0x0D), expiry=digits(0x0E),
        masked_pan=None if pan is None else pan_decode(pan),
        terminal_id=digits(0x29), vu_number=text(0x2A), aid=text(0x3B),
        additional_text=text(0x3C), receipt_no=digits(0x87),
        card_type_id=card_type[0] if card_type else None, card_name=text(0x8B),
        problem=problem)


def encode_status_info(info: StatusInfo) -> Apdu:
    """A 04 0F APDU (what the simulator sends); BMPs in the order a terminal sends them."""
    parts: list[bytes] = []

    def put(tag: int, value: bytes | None) -> None:
        if value is not None:
            parts.append(encode_bmp(tag, value))

    def bcd(value: str | None, size: int) -> bytes | None:
        return None if value is None else bcd_encode(int(value), size)

    put(0x27, None if info.result_code is None else bytes([info.result_code]))
    put(0x04, None if info.amount is None else bcd_encode(info.amount, 6))
    put(0x49, None if info.currency is None else bcd_encode(info.currency, 2))
    put(0x0B, bcd(info.trace_no, 3))
    put(0x0C, bcd(info.time, 3))
    put(0x0D, bcd(info.date, 2))
    put(0x0E, bcd(info.expiry, 2))
    put(0x22, None if info.masked_pan is None else pan_encode(info.masked_pan))
    put(0x29, bcd(info.terminal_id, 4))
    put(0x2A, None if info.vu_number is None else info.vu_number.encode().ljust(15)[:15])
    put(0x3B, None if info.aid is None else info.aid.encode().ljust(8)[:8])
    put(0x3C, None if info.additional_text is None else info.additional_text.encode())
    put(0x87, bcd(info.receipt_no, 2))
    put(0x8A, None if info.card_type_id is None else bytes([info.card_type_id]))
    put(0x8B, None if info.card_name is None else info.card_name.encode())
    return Apdu.of(Cmd.STATUS_INFORMATION, b"".join(parts))


# -- ECR -> PT commands (chapter 2) ---------------------------------------------------------


def password_bytes(password: str) -> bytes:
    """The 6-digit password as 3 BCD bytes (chapter 1.2)."""
    if len(password) != 6 or not password.isdigit():
        raise ValueError("the ZVT password is 6 digits")
    return bytes.fromhex(password)


def registration(password: str, config_byte: int, currency: int | None,
                 service_byte: int | None = None) -> Apdu:
    """06 00: <password> <config-byte> [<CC>] [03 <service-byte>]; CC is untagged (2.1)."""
    data = password_bytes(password) + bytes([config_byte])
    if currency is not None:
        data += bcd_encode(currency, 2)
        if service_byte is not None:
            data += encode_bmp(0x03, bytes([service_byte]))
    return Apdu.of(Cmd.REGISTRATION, data)


def authorization(amount: int, currency: int) -> Apdu:
    """06 01: 04 <amount, 6 BCD bytes, minor units> 49 <currency> (2.2)."""
    data = encode_bmp(0x04, bcd_encode(amount, 6)) + encode_bmp(0x49, bcd_encode(currency, 2))
    return Apdu.of(Cmd.AUTHORIZATION, data)


def reversal(password: str, receipt_no: int) -> Apdu:
    """06 30: <password> 87 <receipt-no> (2.9)."""
    data = password_bytes(password) + encode_bmp(0x87, bcd_encode(receipt_no, 2))
    return Apdu.of(Cmd.REVERSAL, data)


def repeat_receipt(password: str, service_byte: int | None = None) -> Apdu:
    """06 20: <password> [03 <service-byte>] (2.20, "Repeat Receipt").

    Why this command answers "what happened to the last payment": the
    specification says of it (2.20.2, quoted in the bonbon ZVT adapter's
    ``queryLastTransaction``) "the PT sends the Status-Information of the last
    transaction executed. This ensures that the ECR can resynchronise in case
    of an inconclusive ending of a transaction."  Status Enquiry (05 01)
    reports the terminal's own state (software version, terminal status
    code), not the last transaction; kotlin-zvt-library's simulator and
    Portalum.Zvt (``RepeatLastReceiptAsync``: password only) agree.
    """
    data = password_bytes(password)
    if service_byte is not None:
        data += encode_bmp(0x03, bytes([service_byte]))
    return Apdu.of(Cmd.REPEAT_RECEIPT, data)


ECR_ABORT_APDU: Final = Apdu.of(Cmd.ECR_ABORT)


@dataclass(frozen=True, slots=True)
class RegistrationRequest:
    password: str
    config_byte: int
    currency: int | None


def decode_registration(data: bytes) -> RegistrationRequest:
    if len(data) < 4:
        raise ZvtProtocolError("registration too short")
    currency = bcd_decode(data[4:6]) if len(data) >= 6 else None
    return RegistrationRequest(bcd_digits(data[:3]), data[3], currency)


def decode_authorization(data: bytes) -> tuple[int, int | None]:
    """(amount, currency or None) of a 06 01 data block."""
    fields = parse_bmps(data)
    if 0x04 not in fields:
        raise ZvtProtocolError("authorization without amount (BMP 04)")
    currency = fields.get(0x49)
    return bcd_decode(fields[0x04]), None if currency is None else bcd_decode(currency)


def decode_password_and_bmps(data: bytes) -> tuple[str, dict[int, bytes]]:
    """Commands that start with the 3-byte password and continue with BMPs (06 30, 06 20)."""
    if len(data) < 3:
        raise ZvtProtocolError("password missing")
    return bcd_digits(data[:3]), parse_bmps(data[3:])


# -- PT -> ECR messages (chapter 3) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ack:
    pass


@dataclass(frozen=True, slots=True)
class Nak:
    code: int


@dataclass(frozen=True, slots=True)
class Intermediate:
    code: int
    text: str


@dataclass(frozen=True, slots=True)
class Status:
    info: StatusInfo


@dataclass(frozen=True, slots=True)
class PrintLine:
    """06 D1 (3.5): ``<attribute> <text>``; attribute FF carries a count of line feeds."""

    attribute: int
    text: str

    @property
    def last_line(self) -> bool:  # bit 8 set, but 80 is RFU and FF means line feeds (table 16)
        return bool(self.attribute & 0x80) and self.attribute not in (0x80, 0xFF)

    def lines(self) -> list[str]:
        if self.attribute == 0xFF:
            feeds = self.text.encode(TEXT_ENCODING)[:1]
            return [""] * (feeds[0] if feeds else 1)
        return [self.text]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """06 D3 (3.6): TLV 06 { 1F07 receipt-type, 25 { 07 text-line ... } }."""

    receipt_type: int | None
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Completion:
    fields: dict[int, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Abort:
    code: int


@dataclass(frozen=True, slots=True)
class Unexpected:
    apdu: Apdu


PtMessage = Ack | Nak | Intermediate | Status | PrintLine | TextBlock | Completion | Abort \
    | Unexpected


def _text_block(data: bytes) -> TextBlock:
    fields, _ = parse_bmps_lenient(data)
    receipt_type: int | None = None
    lines: list[str] = []
    for item in tlv_decode(fields.get(0x06, b"")):
        if item.tag == 0x1F07 and item.value:
            receipt_type = item.value[0]
        elif item.tag == 0x25:
            lines.extend(child.value.decode(TEXT_ENCODING) for child in item.children
                         if child.tag == 0x07)
    return TextBlock(receipt_type, tuple(lines))


def decode_pt_message(apdu: Apdu) -> PtMessage:
    """What an APDU from the terminal means; ``ZvtProtocolError`` when it cannot be read."""
    control = apdu.control
    if control == Cmd.ACK:
        return Ack()
    if apdu.cls == 0x84:
        return Ack() if apdu.instr == 0x00 else Nak(apdu.instr)  # ecrterm: 84 00 is positive
    if control == Cmd.INTERMEDIATE_STATUS:
        if not apdu.data:
            raise ZvtProtocolError("intermediate status without a status byte")
        code = apdu.data[0]
        return Intermediate(code, INTERMEDIATE_TEXTS.get(code, f"status {code:02X}"))
    if control == Cmd.STATUS_INFORMATION:
        return Status(decode_status_info(apdu.data, strict=False))
    if control == Cmd.PRINT_LINE:
        if not apdu.data:
            raise ZvtProtocolError("print line without attribute")
        return PrintLine(apdu.data[0], apdu.data[1:].decode(TEXT_ENCODING))
    if control == Cmd.PRINT_TEXT_BLOCK:
        return _text_block(apdu.data)
    if control == Cmd.COMPLETION:
        return Completion(parse_bmps_lenient(apdu.data)[0])
    if control == Cmd.ABORT:
        return Abort(apdu.data[0] if apdu.data else RESULT_SYSTEM_ERROR)
    return Unexpected(apdu)


def intermediate_status(code: int) -> Apdu:
    return Apdu.of(Cmd.INTERMEDIATE_STATUS, bytes([code]))


def print_line(text: str, attribute: int = 0x00) -> Apdu:
    return Apdu.of(Cmd.PRINT_LINE, bytes([attribute]) + text.encode(TEXT_ENCODING, "replace"))


def text_block(lines: list[str], receipt_type: int | None = None) -> Apdu:
    inner = b"".join(tlv_encode(0x07, line.encode(TEXT_ENCODING, "replace")) for line in lines)
    container = tlv_encode(0x25, inner)
    if receipt_type is not None:
        container = tlv_encode(0x1F07, bytes([receipt_type])) + container
    return Apdu.of(Cmd.PRINT_TEXT_BLOCK, encode_bmp(0x06, container))


def completion(terminal_id: str | None = None) -> Apdu:
    data = b"" if terminal_id is None else encode_bmp(0x29, bcd_encode(int(terminal_id), 4))
    return Apdu.of(Cmd.COMPLETION, data)


def abort(code: int) -> Apdu:
    return Apdu.of(Cmd.ABORT, bytes([code]))


# -- serial framing (PA00P016) -----------------------------------------------------------


def crc16_kermit(data: bytes) -> int:
    """CRC-16/KERMIT: reflected polynomial 0x1021 (0x8408), init 0, no final XOR."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def frame(apdu: bytes) -> bytes:
    """``DLE STX`` + APDU (each DLE doubled) + ``DLE ETX`` + CRC low, high.

    The CRC covers the APDU as sent before DLE doubling, plus ETX (the same
    calculation as Portalum.Zvt's ``ChecksumHelper.CalcCrc2``).
    """
    crc = crc16_kermit(apdu + bytes([ETX]))
    stuffed = apdu.replace(bytes([DLE]), bytes([DLE, DLE]))
    return bytes([DLE, STX]) + stuffed + bytes([DLE, ETX]) + crc.to_bytes(2, "little")


@dataclass(frozen=True, slots=True)
class GoodFrame:
    apdu: bytes


@dataclass(frozen=True, slots=True)
class BadFrame:
    reason: str


@dataclass(frozen=True, slots=True)
class LinkAck:
    positive: bool  # True for ACK 06, False for NAK 15


LinkEvent = GoodFrame | BadFrame | LinkAck

_IDLE, _IDLE_DLE, _BODY, _BODY_DLE, _CRC_LO, _CRC_HI = range(6)
MAX_FRAME: Final = 5 + 0xFFFF  # the longest APDU a length field can describe


class Deframer:
    """Turns a serial byte stream into link events; never raises.

    Bytes outside a frame other than ACK/NAK are garbage (counted); a
    ``DLE STX`` inside a frame starts over, so the stream resynchronises on
    the next frame the sender (re)transmits.
    """

    def __init__(self) -> None:
        self._state = _IDLE
        self._body = bytearray()
        self._crc_lo = 0
        self.garbage = 0  # bytes thrown away outside frames

    def reset(self) -> None:
        self._state = _IDLE
        self._body.clear()

    def feed(self, data: bytes) -> list[LinkEvent]:
        events: list[LinkEvent] = []
        for byte in data:
            event = self._step(byte)
            if event is not None:
                events.append(event)
        return events

    def _step(self, byte: int) -> LinkEvent | None:  # noqa: C901 - one branch per state reads best
        state = self._state
        if state == _IDLE:
            if byte == DLE:
                self._state = _IDLE_DLE
            elif byte in (LINK_ACK, LINK_NAK):
                return LinkAck(byte == LINK_ACK)
            else:
                self.garbage += 1
        elif state == _IDLE_DLE:
            if byte == STX:
                self._state, self._body = _BODY, bytearray()
            elif byte != DLE:
                self.garbage += 2
                self._state = _IDLE
        elif state == _BODY:
            if byte == DLE:
                self._state = _BODY_DLE
            elif len(self._body) >= MAX_FRAME:
                self._state = _IDLE
                return BadFrame("frame too long")
            else:
                self._body.append(byte)
        elif state == _BODY_DLE:
            if byte == DLE:
                self._body.append(DLE)
                self._state = _BODY
            elif byte == ETX:
                self._state = _CRC_LO
            elif byte == STX:
                self._body = bytearray()
                self._state = _BODY
                return BadFrame("frame restarted")
            else:
                self._state = _IDLE
                return BadFrame(f"DLE {byte:02x} inside a frame")
        elif state == _CRC_LO:
            self._crc_lo, self._state = byte, _CRC_HI
        else:
            self._state = _IDLE
            body = bytes(self._body)
            if crc16_kermit(body + bytes([ETX])) == self._crc_lo | (byte << 8):
                return GoodFrame(body)
            return BadFrame("CRC mismatch")
        return None


# -- transports --------------------------------------------------------------------------


class BytePipe(Protocol):
    """A port as a link needs it: ``recv`` gives b"" on timeout and raises when the link is down."""

    def recv(self, timeout: float) -> bytes: ...

    def send(self, data: bytes) -> None: ...


class BareLink:
    """ZVT over TCP: APDUs back to back, no framing (PA00P015 chapter 1)."""

    def __init__(self, pipe: BytePipe, *, logger: _Log | None = None) -> None:
        self._pipe = pipe
        self._buffer = bytearray()
        self._log = logger or log
        self.bad_frames = 0

    def send(self, apdu: Apdu) -> None:
        self._pipe.send(apdu.encode())

    def recv(self, timeout: float) -> Apdu | None:
        """The next APDU within ``timeout``; the pipe is read at least once, even for 0."""
        deadline = time.monotonic() + timeout
        polled = False
        while True:
            apdu, used = split_apdu(self._buffer)
            if apdu is not None:
                del self._buffer[:used]
                return apdu
            remaining = deadline - time.monotonic()
            if remaining <= 0 and polled:
                return None
            self._buffer += self._pipe.recv(max(remaining, 0.0))
            polled = True

    def discard_stale(self) -> int:
        """Drop what is buffered but incomplete before a new command: nothing should be pending."""
        self._buffer += self._pipe.recv(0)
        dropped = len(self._buffer)
        if dropped:
            self.bad_frames += 1
            self._log.warning("discarding %d stale bytes: %s", dropped, self._buffer[:32].hex(" "))
            self._buffer.clear()
        return dropped

    def reset(self) -> None:
        self._buffer.clear()


class FramedLink:
    """ZVT over RS232 (PA00P016): each APDU in a DLE frame, each frame acknowledged by 06/15.

    ``send`` retransmits on NAK or silence up to ``retries`` times, then
    raises ``ZvtLinkError``; ``recv`` acknowledges good frames and NAKs bad
    ones so that the peer retransmits.
    """

    def __init__(self, pipe: BytePipe, *, ack_timeout: float = 1.0, retries: int = 3,
                 logger: _Log | None = None) -> None:
        self._pipe = pipe
        self._log = logger or log
        self._deframer = Deframer()
        self._frames: collections.deque[bytes] = collections.deque()
        self._acks: collections.deque[bool] = collections.deque()
        self.ack_timeout = ack_timeout
        self.retries = retries
        self.bad_frames = 0
        self.retransmissions = 0

    def send(self, apdu: Apdu) -> None:
        data = frame(apdu.encode())
        for attempt in range(self.retries + 1):
            self._acks.clear()
            if attempt:
                self.retransmissions += 1
            self._pipe.send(data)
            answer = self._await_link_ack()
            if answer:
                return
            self._log.warning("frame %s %s, retransmitting", apdu,
                        "not acknowledged" if answer is None else "refused (NAK)")
        raise ZvtLinkError(f"no link ACK for {apdu} after {self.retries} retries")

    def _await_link_ack(self) -> bool | None:
        deadline = time.monotonic() + self.ack_timeout
        while not self._acks:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self._pump(remaining)
        return self._acks.popleft()

    def recv(self, timeout: float) -> Apdu | None:
        """The next APDU within ``timeout``; the pipe is read at least once, even for 0."""
        deadline = time.monotonic() + timeout
        polled = False
        while True:
            while self._frames:
                raw = self._frames.popleft()
                try:
                    return decode_apdu(raw)
                except ZvtProtocolError as exc:
                    self.bad_frames += 1
                    self._log.warning("bad APDU in a good frame: %s", exc)
            remaining = deadline - time.monotonic()
            if remaining <= 0 and polled:
                return None
            self._pump(max(remaining, 0.0))
            polled = True

    def _pump(self, timeout: float) -> None:
        for event in self._deframer.feed(self._pipe.recv(timeout)):
            if isinstance(event, GoodFrame):
                self._pipe.send(bytes([LINK_ACK]))
                self._frames.append(event.apdu)
            elif isinstance(event, BadFrame):
                self.bad_frames += 1
                self._log.warning("bad frame (%s), sending NAK", event.reason)
                self._pipe.send(bytes([LINK_NAK]))
            else:
                self._acks.append(event.positive)

    def discard_stale(self) -> int:
        """Before a new command: earlier frames nobody waited for are stale."""
        self._pump(0)
        dropped = len(self._frames)
        if dropped:
            self._log.warning("discarding %d stale frames", dropped)
            self._frames.clear()
        return dropped

    def reset(self) -> None:
        self._deframer.reset()
        self._frames.clear()
        self._acks.clear()


Link = BareLink | FramedLink
