"""MT-SICS, the Mettler Toledo Standard Interface Command Set (level 0/1 subset).

The codec both the driver and the simulator use.  References:
/work/shared/PROTOCOLS.md (Scales), the MT-SICS reference manual (commands S,
SI, SIR, Z, T, TAC, I4, @), and the janelia ``mettler_toledo_device`` Python
package, which reads the same answers (a second source).

Every command and every answer is one ASCII line ending in CR LF.  An answer
starts with the command's id, then a status letter, then data:

    S    -> "S S     100.00 g"   stable weight (value right-aligned in 10 characters)
    SI   -> "S S ..." or "S D ..." (D: dynamic, the scale is in motion)
    SIR  -> SI answers, repeated until S, SI, SR or @ cancels it
    S/SI -> "S I" not executable now, "S +" overload, "S -" underload
    Z    -> "Z A" zeroed, "Z I" not now, "Z +"/"Z -" outside the zero range
    T    -> "T S    100.00 g" tare taken, "T I", "T +", "T -"
    any  -> "ES" syntax error (unknown command), "ET" transmission error, "EL" logical error
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum, StrEnum
from typing import TypeVar

import serial

from devices.errors import ProtocolError
from devices.serialport import SerialSettings

CRLF = b"\r\n"

# 9600 8N1 is the factory setting of most MT-SICS balances (model-dependent: check the
# scale's menu); the short read timeout only sets how often the driver's reader wakes up.
SETTINGS = SerialSettings(baudrate=9600, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE,
                          stopbits=serial.STOPBITS_ONE, timeout=0.05, write_timeout=1.0)

MAX_LINE = 64  # the longest answer we read is a weight line: well under 30 characters
VALUE_WIDTH = 10

GRAMS_PER_UNIT: Mapping[str, Decimal] = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "mg": Decimal("0.001"),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}


class MtSicsError(ProtocolError):
    """A line that is not an MT-SICS answer (or command)."""

    code = "SCALE_MTSICS_PROTOCOL"


class Command(StrEnum):
    SEND_STABLE = "S"
    SEND_IMMEDIATE = "SI"
    SEND_REPEAT = "SIR"  # stream SI answers until cancelled
    ZERO = "Z"
    TARE = "T"
    CLEAR_TARE = "TAC"
    SERIAL_NUMBER = "I4"
    RESET = "@"  # cancels SIR; also clears the tare, so the driver never sends it


# Commands that end SIR streaming (MT-SICS manual, SIR: "cancelled by S, SI, SR, @").
CANCELS_STREAMING = frozenset({"S", "SI", "SR", "@"})


def encode_command(command: Command | str) -> bytes:
    text = command.value if isinstance(command, Command) else command
    return text.encode("ascii") + CRLF


class Motion(Enum):
    STABLE = "S"
    DYNAMIC = "D"


class Unavailable(Enum):
    """Why an S/SI answer carries no weight."""

    NOT_EXECUTABLE = "I"  # busy, or no stability within the scale's timeout
    OVERLOAD = "+"
    UNDERLOAD = "-"


class ZeroResult(Enum):
    DONE = "A"
    NOT_EXECUTABLE = "I"
    ABOVE_RANGE = "+"
    BELOW_RANGE = "-"


class TareResult(Enum):
    DONE = "S"
    NOT_EXECUTABLE = "I"
    ABOVE_RANGE = "+"
    BELOW_RANGE = "-"


class ErrorKind(Enum):
    SYNTAX = "ES"  # the scale does not know the command
    TRANSMISSION = "ET"  # parity error or break
    LOGICAL = "EL"  # the command cannot be executed


@dataclass(frozen=True, slots=True)
class WeightReply:
    motion: Motion
    grams: int
    unit: str


@dataclass(frozen=True, slots=True)
class WeightUnavailable:
    reason: Unavailable


@dataclass(frozen=True, slots=True)
class ZeroReply:
    result: ZeroResult


@dataclass(frozen=True, slots=True)
class TareReply:
    result: TareResult
    grams: int | None = None


@dataclass(frozen=True, slots=True)
class OtherReply:
    """An answer to a command without a typed reply here (``TAC A``, ``I4 A "123"``)."""

    command: str
    status: str
    data: str = ""


@dataclass(frozen=True, slots=True)
class ErrorReply:
    kind: ErrorKind


_E = TypeVar("_E", bound=Enum)

Reply = WeightReply | WeightUnavailable | ZeroReply | TareReply | OtherReply | ErrorReply

_VALUE = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,6})?\Z")
_ID = re.compile(r"[A-Z][A-Z0-9]{0,3}\Z|@\Z")


def parse_reply(line: bytes) -> Reply:
    """One answer line (with or without CR LF) -> its meaning; raises ``MtSicsError``."""
    try:
        text = line.decode("ascii")
    except UnicodeDecodeError as exc:
        raise MtSicsError(f"not ASCII: {line!r}") from exc
    text = text.removesuffix("\n").removesuffix("\r")
    if not text.isprintable():
        raise MtSicsError(f"control characters in {line!r}")
    parts = text.split(None, 2)
    if len(parts) == 1 and parts[0] in {e.value for e in ErrorKind}:
        return ErrorReply(ErrorKind(parts[0]))
    if len(parts) < 2 or not _ID.match(parts[0]) or len(parts[1]) != 1:
        raise MtSicsError(f"not an MT-SICS answer: {line!r}")
    command, status = parts[0], parts[1]
    data = parts[2] if len(parts) == 3 else ""
    if command == "S":
        return _weight(status, data, line)
    if command == "Z":
        if data:
            raise MtSicsError(f"unexpected data in {line!r}")
        return ZeroReply(_enum(ZeroResult, status, line))
    if command == "T":
        result = _enum(TareResult, status, line)
        if result is TareResult.DONE:
            return TareReply(result, _value(data, line))
        if data:
            raise MtSicsError(f"unexpected data in {line!r}")
        return TareReply(result)
    return OtherReply(command, status, data)


def _weight(status: str, data: str, line: bytes) -> WeightReply | WeightUnavailable:
    if status in {m.value for m in Motion}:
        return WeightReply(Motion(status), _value(data, line), data.split()[-1])
    if data:
        raise MtSicsError(f"unexpected data in {line!r}")
    return WeightUnavailable(_enum(Unavailable, status, line))


def _enum(kind: type[_E], status: str, line: bytes) -> _E:
    try:
        return kind(status)
    except ValueError as exc:
        raise MtSicsError(f"status {status!r} unknown in {line!r}") from exc


def _value(data: str, line: bytes) -> int:
    """``"   100.00 g"`` -> 100 (grams, rounded half up)."""
    fields = data.split()
    if len(fields) != 2 or not _VALUE.match(fields[0]) or fields[1] not in GRAMS_PER_UNIT:
        raise MtSicsError(f"not a value and unit: {line!r}")
    grams = Decimal(fields[0]) * GRAMS_PER_UNIT[fields[1]]
    return int(grams.to_integral_value(rounding=ROUND_HALF_UP))


def format_value(grams: int, unit: str = "g", decimals: int = 2) -> str:
    """Grams as the scale prints them: right-aligned in 10 characters, then the unit."""
    value = (Decimal(grams) / GRAMS_PER_UNIT[unit]).quantize(Decimal(1).scaleb(-decimals),
                                                             ROUND_HALF_UP)
    text = f"{value:>{VALUE_WIDTH}.{decimals}f}"
    if len(text) > VALUE_WIDTH:
        raise ValueError(f"{grams} g does not fit {VALUE_WIDTH} characters in {unit}")
    return f"{text} {unit}"


def encode_weight(motion: Motion, grams: int, unit: str = "g", decimals: int = 2) -> bytes:
    """``S S     100.00 g`` CR LF (the answer to S, SI and each SIR line)."""
    return f"S {motion.value} {format_value(grams, unit, decimals)}".encode("ascii") + CRLF


def encode_reply(command: str, status: str, data: str = "") -> bytes:
    text = f"{command} {status}" + (f" {data}" if data else "")
    return text.encode("ascii") + CRLF


def encode_error(kind: ErrorKind) -> bytes:
    return kind.value.encode("ascii") + CRLF


class LineReader:
    """Cuts CR LF lines out of a byte stream (both directions use it).

    A bare LF also ends a line (some adapters drop the CR); a run longer than
    any line goes to ``on_junk`` and is dropped.
    """

    def __init__(self, on_junk: Callable[[bytes], None] | None = None) -> None:
        self._buffer = bytearray()
        self._on_junk = on_junk or (lambda _junk: None)

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_line(self) -> bytes | None:
        """The next non-empty line without its terminator, or None."""
        buffer = self._buffer
        while True:
            end = buffer.find(b"\n")
            if end < 0:
                if len(buffer) > MAX_LINE:
                    self._drop(len(buffer))
                return None
            line = bytes(buffer[:end]).removesuffix(b"\r")
            del buffer[:end + 1]
            if len(line) > MAX_LINE:
                self._on_junk(line)
            elif line:
                return line

    def clear(self) -> None:
        if self._buffer:
            self._drop(len(self._buffer))

    def _drop(self, size: int) -> None:
        junk = bytes(self._buffer[:size])
        del self._buffer[:size]
        self._on_junk(junk)
