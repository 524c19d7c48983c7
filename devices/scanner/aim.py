"""AIM symbology identifiers and the serial scanner frame: the one codec of both ends.

A serial scanner sends each barcode as one frame (PROTOCOLS.md, "Barcode scanners")::

    [prefix][AIM id][data][suffix]

* ``prefix`` is optional (most scanners are set up without one);
* the AIM id (ISO/IEC 15424) is three characters, ``]`` + code character +
  modifier, e.g. ``]E0`` EAN/UPC, ``]C1`` GS1-128.  A scanner may be set up
  without it: the symbology is then UNKNOWN and ``pos.barcode.interpret``
  falls back to the digits;
* ``data`` is the decoded barcode.  In GS1 data each variable-length element
  string ends with FNC1, which scanners transmit as GS (0x1D) (GS1 General
  Specifications, "symbology identifiers" / FNC1 as separator); it is kept,
  because ``interpret`` splits the element strings on it;
* ``suffix`` ends the frame: CR by default, CR LF on many scanners.

Text is decoded as latin-1, not UTF-8: a scanner sends bytes and says nothing
of their encoding (a Code 128 carries ISO 8859-1 by definition, a QR code may
carry anything).  Latin-1 maps every byte to exactly one code point, so the
decoding never fails on a misread and ``text.encode("latin-1")`` gives the
bytes back; a consumer that knows a QR code holds UTF-8 can re-decode it.

``FrameDecoder`` cuts a byte stream into frames whatever the read sizes (a
frame split across reads, several frames in one read) and drops what cannot
be a frame: bytes before a prefix, a partial frame whose next byte does not
come within the inter-byte timeout, a frame longer than the maximum.  It is
pure (the caller passes the time), counts what it drops, and never raises on
its input.  ``encode_frame`` is what the simulator writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from devices.errors import ProtocolError
from pos.barcode import Symbology

AIM_FLAG: Final = 0x5D  # "]": every AIM identifier starts with it (ISO/IEC 15424)
AIM_LENGTH: Final = 3
GS: Final = 0x1D  # FNC1 as transmitted inside GS1 data
CR: Final = b"\r"
CRLF: Final = b"\r\n"

_LETTERS: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_MODIFIERS: Final = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class FrameError(ProtocolError):
    """Bytes from the scanner that are not a barcode frame."""

    code = "SCANNER_FRAME"


class AimIds(Enum):
    """Whether the scanner is set up to send AIM symbology identifiers."""

    OPTIONAL = "optional"  # strip a leading AIM id where there is one; else symbology UNKNOWN
    # Every frame starts with one: a frame without it is line noise and is dropped.
    REQUIRED = "required"
    NONE = "none"  # the scanner sends none: never strip (data may itself start with "]")


@dataclass(frozen=True, slots=True)
class Framing:
    """How one scanner is set up to frame its output (its programming sheet's settings)."""

    prefix: bytes = b""
    suffix: bytes = CR
    aim_ids: AimIds = AimIds.OPTIONAL
    max_frame: int = 8192  # bytes, prefix and suffix included: a large 2D code plus margin
    # A frame's bytes follow each other closely (1 ms apart at 9600 baud); a
    # partial frame whose next byte is this late is a fragment, not a scan.
    inter_byte_timeout_s: float = 0.5

    def __post_init__(self) -> None:
        if not self.suffix:
            raise ValueError("a scanner frame needs a suffix: nothing else marks its end")
        if self.max_frame <= len(self.prefix) + AIM_LENGTH + len(self.suffix):
            raise ValueError(f"max_frame {self.max_frame} leaves no room for data")
        if self.inter_byte_timeout_s <= 0:
            raise ValueError("inter_byte_timeout_s must be positive")


@dataclass(frozen=True, slots=True)
class Scan:
    """One barcode as the scanner sent it."""

    raw: bytes  # everything received for it: frame with prefix and suffix, or HID reports
    aim: str | None  # "]E0" ...; None when the scanner sent none
    data: bytes  # the barcode data alone

    @property
    def symbology(self) -> Symbology:
        return Symbology.from_aim(self.aim) if self.aim is not None else Symbology.UNKNOWN

    @property
    def text(self) -> str:
        return self.data.decode("latin-1")  # never fails; see the module docstring


@dataclass(frozen=True, slots=True)
class Dropped:
    """Bytes thrown away, and why: the driver logs these and counts them."""

    reason: str
    data: bytes


def is_aim(candidate: bytes) -> bool:
    """Whether ``candidate`` is shaped like an AIM identifier (``]`` letter modifier)."""
    return (len(candidate) == AIM_LENGTH and candidate[0] == AIM_FLAG
            and candidate[1] in _LETTERS and candidate[2] in _MODIFIERS)


def split_aim(payload: bytes) -> tuple[str | None, bytes]:
    """The AIM id at the start of ``payload`` (or None) and the data after it."""
    head = payload[:AIM_LENGTH]
    if is_aim(head):
        return head.decode("ascii"), payload[AIM_LENGTH:]
    return None, payload


def encode_frame(data: bytes, aim: str | None, framing: Framing) -> bytes:
    """The bytes a scanner set up with ``framing`` sends for ``data``.

    ``aim`` is left out when the scanner is set up without AIM ids (``AimIds.NONE``).
    """
    if framing.suffix in data:
        raise ValueError(f"data contains the suffix {framing.suffix!r}: the frame would split")
    head = b""
    if aim is not None and framing.aim_ids is not AimIds.NONE:
        head = aim.encode("ascii")
        if not is_aim(head):
            raise ValueError(f"not an AIM identifier: {aim!r}")
    return framing.prefix + head + data + framing.suffix


def decode_frame(frame: bytes, framing: Framing) -> Scan:
    """One whole frame (prefix and suffix included) as a ``Scan``; ``FrameError`` if it is not."""
    if not (frame.startswith(framing.prefix) and frame.endswith(framing.suffix)):
        raise FrameError("frame without its prefix or suffix")
    payload = frame[len(framing.prefix):len(frame) - len(framing.suffix)]
    aim, data = split_aim(payload) if framing.aim_ids is not AimIds.NONE else (None, payload)
    if aim is None and framing.aim_ids is AimIds.REQUIRED:
        raise FrameError("frame without an AIM identifier")
    if not data:
        raise FrameError("frame without data")
    return Scan(frame, aim, data)


class FrameDecoder:
    """Cuts a scanner's byte stream into ``Scan``s; drops and counts everything else.

    Not thread-safe: one reader thread owns it.
    """

    def __init__(self, framing: Framing) -> None:
        self.framing = framing
        self._buffer = bytearray()
        self._last_byte_at = 0.0
        self.scans = 0
        self.dropped = 0  # how many times bytes were thrown away (bad frames)
        self.dropped_bytes = 0

    @property
    def pending(self) -> bytes:
        """Bytes of a frame not complete yet."""
        return bytes(self._buffer)

    def feed(self, chunk: bytes, now: float) -> list[Scan | Dropped]:
        """Take ``chunk`` (received at ``now``, monotonic seconds); return what it completes."""
        out: list[Scan | Dropped] = []
        stale = self.expire(now)
        if stale is not None:
            out.append(stale)
        if chunk:
            self._buffer += chunk
            self._last_byte_at = now
        while (item := self._next()) is not None:
            out.append(item)
        return out

    def expire(self, now: float) -> Dropped | None:
        """Drop a partial frame whose next byte is overdue (call it when a read times out)."""
        if self._buffer and now - self._last_byte_at > self.framing.inter_byte_timeout_s:
            return self._drop("incomplete frame timed out", len(self._buffer))
        return None

    def discard(self, reason: str) -> Dropped | None:
        """Drop a partial frame (e.g. the link was lost in the middle of it)."""
        return self._drop(reason, len(self._buffer)) if self._buffer else None

    def _next(self) -> Scan | Dropped | None:
        buffer, framing = self._buffer, self.framing
        prefix, suffix = framing.prefix, framing.suffix
        if prefix:
            start = buffer.find(prefix)
            if start < 0:
                # Keep a tail that may be the start of a prefix split across reads.
                excess = len(buffer) - (len(prefix) - 1)
                return self._drop("bytes outside a frame", excess) if excess > 0 else None
            if start > 0:
                return self._drop("bytes before the prefix", start)
        end = buffer.find(suffix, len(prefix))
        if prefix:
            # A second prefix before the suffix: the first frame was cut short.
            restart = buffer.find(prefix, len(prefix), end if end >= 0 else len(buffer))
            if restart > 0:
                return self._drop("frame cut short by the next one", restart)
        if end < 0:
            if len(buffer) > framing.max_frame:
                return self._drop("frame too long", len(buffer))
            return None
        stop = end + len(suffix)
        if stop > framing.max_frame:
            return self._drop("frame too long", stop)
        frame = bytes(buffer[:stop])
        del buffer[:stop]
        try:
            scan = decode_frame(frame, framing)
        except FrameError as exc:
            return self._count(Dropped(exc.message, frame))
        self.scans += 1
        return scan

    def _drop(self, reason: str, size: int) -> Dropped:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return self._count(Dropped(reason, data))

    def _count(self, dropped: Dropped) -> Dropped:
        self.dropped += 1
        self.dropped_bytes += len(dropped.data)
        return dropped
