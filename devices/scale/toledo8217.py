"""The Toledo 8217 protocol (Mettler-Toledo ECR "weight only"; Datalogic calls it SASI).

The codec both the driver and the simulator use: commands, the three frame
shapes a scale sends back, and a frame reader that cuts frames out of a byte
stream.  References: /work/shared/PROTOCOLS.md (Scales), the 8217 section of
the Mettler-Toledo Viva/Ariva service manual, and Odoo's IoT-box Toledo 8217
driver (a second, independent reading of the same manual).

The host polls; the scale never talks on its own:

    W          -> STX "01.234" CR       stable weight (kg: 3 decimals; lb: "0WW.WW")
               -> STX "01.234" "N" CR   ... net weight (a tare is active)
               -> STX "?" status CR      in motion, under zero, over capacity, not ready
    Z, T, C    -> STX "?" status CR      zero, tare, clear tare
    T + 5 digits                         digital (preset) tare, display digits without point
    E ...      -> STX "E" CR, then every byte is echoed until F   (a harmless probe)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum, IntFlag

import serial

from devices.errors import ProtocolError
from devices.serialport import SerialSettings

STX = 0x02
CR = 0x0D

# 9600 7E1 is the 8217 default on every scale we know (manual, Odoo's driver); the
# short read timeout only sets how often the driver's reader wakes up.
SETTINGS = SerialSettings(baudrate=9600, bytesize=serial.SEVENBITS, parity=serial.PARITY_EVEN,
                          stopbits=serial.STOPBITS_ONE, timeout=0.05, write_timeout=1.0)

# The manual asks for ~0.2 s between a command and the next one; a bagging scale
# is polled at 4-5 Hz.
DEFAULT_POLL_HZ = 5.0

MAX_FRAME = 16  # the longest legal frame is STX + 7 characters + N + CR

POUND_G = Decimal("453.59237")  # exact, by the international yard and pound agreement


class Toledo8217Error(ProtocolError):
    """Bytes that are not a Toledo 8217 frame."""

    code = "SCALE_8217_PROTOCOL"


class Command(bytes, Enum):
    """The single-byte commands; none has a terminator."""

    WEIGHT = b"W"
    ZERO = b"Z"
    TARE = b"T"
    CLEAR_TARE = b"C"
    ECHO = b"E"
    END_ECHO = b"F"


def preset_tare(display_digits: int) -> bytes:
    """``T`` + 5 digits: a digital tare in display digits without the decimal point.

    In kg with three decimals one digit is one gram, so ``preset_tare(1500)``
    sets a 1.500 kg tare.  *check* against the scale's manual before using it
    with lb or a coarser display.
    """
    if not 0 <= display_digits <= 99_999:
        raise ValueError(f"a preset tare has 5 digits, not {display_digits}")
    return Command.TARE.value + b"%05d" % display_digits


class Status(IntFlag):
    """The status byte of a ``?`` frame, a bit mask (PROTOCOLS.md; Odoo decodes it the same way).

    Bit 6 is always 1 so the byte is printable; bit 7 is the parity bit on a
    7-bit line and is ignored.  Manuals disagree on the letters, not on the bits.
    """

    NONE = 0
    MOTION = 0x01
    OVER_CAPACITY = 0x02
    UNDER_ZERO = 0x04
    OUTSIDE_ZERO_RANGE = 0x08  # the zero key or power-up zero was outside the capture range
    CENTRE_OF_ZERO = 0x10
    NET = 0x20


_ALWAYS_ONE = 0x40
_PARITY = 0x80
_STATUS_BITS = 0x3F


def decode_status(byte: int) -> Status:
    if not byte & _ALWAYS_ONE:
        raise Toledo8217Error(f"status byte {byte:#04x} lacks bit 6, which is always set")
    return Status(byte & _STATUS_BITS)


def encode_status(status: Status) -> int:
    return (int(status) & _STATUS_BITS) | _ALWAYS_ONE


class Unit(Enum):
    KG = "kg"  # "WW.WWW"
    LB = "lb"  # "0WW.WW"


@dataclass(frozen=True, slots=True)
class WeightFrame:
    """A stable weight: the 8217 sends numbers only when the scale has settled."""

    grams: int
    unit: Unit
    net: bool = False


@dataclass(frozen=True, slots=True)
class StatusFrame:
    status: Status


@dataclass(frozen=True, slots=True)
class EchoAck:
    """``STX E CR``: the scale entered echo mode."""


Frame = WeightFrame | StatusFrame | EchoAck

ECHO_ACK = bytes([STX]) + b"E" + bytes([CR])

# Leading spaces are tolerated (Odoo's pattern allows them; some firmware pads).
_WEIGHT = re.compile(rb"\x02 *([0-9]{1,3})\.([0-9]{2,3})(N?)\r\Z")
_STATUS = re.compile(rb"\x02\?(.)\r\Z", re.DOTALL)


def parse_frame(frame: bytes, unit: Unit | None = None) -> Frame:
    """One frame (STX .. CR) -> its meaning; raises ``Toledo8217Error`` for anything else.

    ``unit`` None means: tell kg from lb by the number of decimals (3 or 2).
    """
    if frame == ECHO_ACK:
        return EchoAck()
    status = _STATUS.match(frame)
    if status is not None:
        return StatusFrame(decode_status(status.group(1)[0]))
    weight = _WEIGHT.match(frame)
    if weight is None:
        raise Toledo8217Error(f"not an 8217 frame: {frame!r}")
    whole, decimals, net = weight.groups()
    found = Unit.KG if len(decimals) == 3 else Unit.LB
    if unit is not None and unit is not found:
        raise Toledo8217Error(f"{frame!r} is not a weight in {unit.value}")
    value = Decimal(f"{whole.decode()}.{decimals.decode()}")
    return WeightFrame(_grams(value, found), found, net == b"N")


def _grams(value: Decimal, unit: Unit) -> int:
    factor = Decimal(1000) if unit is Unit.KG else POUND_G
    return int((value * factor).to_integral_value(rounding=ROUND_HALF_UP))


def encode_weight(grams: int, unit: Unit = Unit.KG, *, net: bool = False) -> bytes:
    """The answer to ``W`` for a stable, non-negative weight."""
    if grams < 0:
        raise ValueError("the 8217 sends a status frame for weights under zero")
    try:
        if unit is Unit.KG:
            text = f"{Decimal(grams).scaleb(-3):06.3f}"
        else:
            pounds = (Decimal(grams) / POUND_G).quantize(Decimal("0.01"), ROUND_HALF_UP)
            text = f"{pounds:06.2f}"
    except InvalidOperation as exc:  # pragma: no cover - Decimal of an int is always valid
        raise ValueError(str(exc)) from exc
    if len(text) > 6:
        raise ValueError(f"{grams} g does not fit the 8217 weight field")
    return bytes([STX]) + text.encode() + (b"N" if net else b"") + bytes([CR])


def encode_status_frame(status: Status) -> bytes:
    return bytes([STX, ord("?"), encode_status(status), CR])


class FrameReader:
    """Cuts STX .. CR frames out of a byte stream.

    Bytes that cannot belong to a frame (before an STX, a frame cut short by a
    new STX, a run longer than any frame) go to ``on_junk`` and are dropped, so
    one bad burst never hides the frames after it.
    """

    def __init__(self, on_junk: Callable[[bytes], None] | None = None) -> None:
        self._buffer = bytearray()
        self._on_junk = on_junk or (lambda _junk: None)

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def __len__(self) -> int:
        return len(self._buffer)

    def next_frame(self) -> bytes | None:
        buffer = self._buffer
        while buffer:
            start = buffer.find(STX)
            if start < 0:
                if len(buffer) > MAX_FRAME:
                    self._junk(len(buffer))
                return None
            if start > 0:
                self._junk(start)
                continue
            end = buffer.find(CR, 1)
            restart = buffer.find(STX, 1)
            if restart > 0 and (end < 0 or restart < end):
                self._junk(restart)  # a frame cut short by the next one
                continue
            if end < 0:
                if len(buffer) > MAX_FRAME:
                    self._junk(len(buffer))
                return None
            frame = bytes(buffer[:end + 1])
            del buffer[:end + 1]
            return frame
        return None

    def take(self, size: int) -> bytes | None:
        """``size`` raw bytes (the echo mode's payload), or None while fewer have come."""
        if len(self._buffer) < size:
            return None
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def clear(self) -> None:
        """Drop what is buffered (stale answers before a new command)."""
        if self._buffer:
            self._junk(len(self._buffer))

    def _junk(self, size: int) -> None:
        junk = bytes(self._buffer[:size])
        del self._buffer[:size]
        self._on_junk(junk)


class CommandReader:
    """The scale's side: splits the host's bytes into commands (for the simulator).

    ``T`` followed by digits is a preset tare once five digits have come; a
    ``T`` with fewer digits waits for the rest (``flush`` ends the wait).
    Unknown bytes are returned as themselves so the scale can ignore them.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += bytes(b & 0x7F for b in data)  # bit 7 is parity on a 7-bit line

    def commands(self) -> list[bytes]:
        found: list[bytes] = []
        buffer = self._buffer
        while buffer:
            if buffer[0] == ord("T"):
                digits = 0
                while digits < 5 and 1 + digits < len(buffer) and chr(buffer[1 + digits]).isdigit():
                    digits += 1
                if digits == 5:
                    found.append(bytes(buffer[:6]))
                    del buffer[:6]
                    continue
                if 1 + digits == len(buffer):
                    break  # maybe more digits on the way
            found.append(bytes(buffer[:1]))
            del buffer[:1]
        return found

    def flush(self) -> list[bytes]:
        """What is held back (a ``T`` that got no five digits), one byte at a time."""
        held = [bytes([b]) for b in self._buffer]
        self._buffer.clear()
        return held

    @property
    def pending(self) -> bool:
        return bool(self._buffer)
