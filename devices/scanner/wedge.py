"""Keyboard-wedge scanners: the fallback for a scanner that can only type.

A wedge scanner is a USB keyboard that types the barcode and presses Enter.
It carries no symbology (every scan is UNKNOWN) and depends on the keyboard
layout, so it is never the default (PROTOCOLS.md).  Linux delivers its keys as
input events (``EV_KEY`` with a key code from ``linux/input-event-codes.h`` and
value 1 press, 0 release, 2 autorepeat); ``WedgeDecoder`` turns them into text
with a keymap (US here: what scanners type unless told otherwise).  The driver
reads ``/dev/input/...`` through the optional ``evdev`` package and grabs the
device, so the barcode does not also land in whatever window has focus.

Safety over completeness: a key the keymap does not know spoils the whole
scan, which is then dropped and counted, never published with a character
missing.  Autorepeat is ignored (a repeated digit would be a different code).
GS, which GS1 data needs, is typed by scanners as Ctrl+] and is decoded so.
"""

from __future__ import annotations

import contextlib
import importlib
import select
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Protocol

from devices.errors import DeviceError, DeviceNotFound
from devices.events import EventSink, Health, ScanEvent
from devices.lifecycle import Device
from devices.scanner.aim import Dropped, Scan
from devices.worker import Backoff

EV_KEY: Final = 0x01
KEY_RELEASE, KEY_PRESS, KEY_REPEAT = 0, 1, 2

# linux/input-event-codes.h
KEY_ENTER: Final = 28
KEY_LEFTCTRL: Final = 29
KEY_LEFTSHIFT: Final = 42
KEY_RIGHTSHIFT: Final = 54
KEY_CAPSLOCK: Final = 58
KEY_KPENTER: Final = 96
KEY_RIGHTCTRL: Final = 97
KEY_RIGHTBRACE: Final = 27
SHIFTS: Final = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
CTRLS: Final = frozenset({KEY_LEFTCTRL, KEY_RIGHTCTRL})


def _row(first_code: int, plain: str, shifted: str) -> dict[int, tuple[str, str]]:
    return {first_code + i: (p, s) for i, (p, s) in enumerate(zip(plain, shifted, strict=True))}


# Key code -> (plain, with shift), US layout.
US_KEYMAP: Final[Mapping[int, tuple[str, str]]] = MappingProxyType({
    **_row(2, "1234567890-=", "!@#$%^&*()_+"),        # KEY_1 .. KEY_EQUAL
    **_row(16, "qwertyuiop[]", "QWERTYUIOP{}"),       # KEY_Q .. KEY_RIGHTBRACE
    **_row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~"),     # KEY_A .. KEY_GRAVE
    **_row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),        # KEY_BACKSLASH .. KEY_SLASH
    15: ("\t", "\t"),                                  # KEY_TAB
    55: ("*", "*"),                                    # KEY_KPASTERISK
    57: (" ", " "),                                    # KEY_SPACE
    **_row(71, "789-456+1230.", "789-456+1230."),     # KEY_KP7 .. KEY_KPDOT
    98: ("/", "/"),                                    # KEY_KPSLASH
})
# Keys that hold no character and change nothing we track: ignored quietly.
_IGNORED: Final = frozenset({56, 100, 69, 70, 125, 126})  # Alt, AltGr, NumLock, ScrollLock, Meta


class WedgeUnavailable(DeviceNotFound):
    """The keyboard-wedge driver cannot run here (the optional ``evdev`` package is missing)."""

    code = "SCANNER_WEDGE_UNAVAILABLE"


class WedgeDecoder:
    """Key events in, ``Scan``s out (one per Enter).  Pure: the caller passes the time."""

    def __init__(self, keymap: Mapping[int, tuple[str, str]] = US_KEYMAP, *,
                 terminators: frozenset[int] = frozenset({KEY_ENTER, KEY_KPENTER}),
                 max_length: int = 4096, inter_key_timeout_s: float = 0.5) -> None:
        self.keymap = keymap
        self.terminators = terminators
        self.max_length = max_length
        self.inter_key_timeout_s = inter_key_timeout_s
        self._text: list[str] = []
        self._spoiled = ""  # why the scan being typed cannot be trusted
        self._shift: set[int] = set()
        self._ctrl: set[int] = set()
        self._caps = False
        self._last_at = 0.0
        self.scans = 0
        self.dropped = 0
        self.dropped_bytes = 0
        self.unknown_keys = 0

    def feed(self, ev_type: int, code: int, value: int, now: float) -> Scan | Dropped | None:
        """One input event; a ``Scan`` when it ends a barcode, ``Dropped`` when that was spoiled."""
        if ev_type != EV_KEY:
            return None  # EV_SYN, EV_MSC scancodes, LEDs: nothing to type
        if code in SHIFTS or code in CTRLS:
            held = self._shift if code in SHIFTS else self._ctrl
            (held.discard if value == KEY_RELEASE else held.add)(code)
            return None
        if value != KEY_PRESS:
            return None  # releases, and autorepeat (see the module docstring)
        stale = self.expire(now)
        self._last_at = now
        if code in self.terminators:
            return self._end() if (self._text or self._spoiled) else stale
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
        elif code in _IGNORED:
            pass
        else:
            self._type(code)
        return stale

    def expire(self, now: float) -> Dropped | None:
        """Drop a scan whose next key is overdue (typed text without its Enter)."""
        if (self._text or self._spoiled) and now - self._last_at > self.inter_key_timeout_s:
            return self._drop("no Enter after the last key")
        return None

    def _type(self, code: int) -> None:
        if self._ctrl:
            if code == KEY_RIGHTBRACE:
                self._text.append("\x1d")  # Ctrl+] is GS (ASCII control of "]")
            else:
                self._spoil(f"Ctrl with key {code}")
            return
        keys = self.keymap.get(code)
        if keys is None:
            self.unknown_keys += 1
            self._spoil(f"key {code} not in the keymap")
            return
        char = keys[1] if self._shift else keys[0]
        if self._caps and char.isalpha():
            char = char.swapcase()
        if len(self._text) >= self.max_length:
            self._spoil("barcode too long")
            return
        self._text.append(char)

    def _spoil(self, reason: str) -> None:
        self._spoiled = self._spoiled or reason

    def _end(self) -> Scan | Dropped:
        if self._spoiled:
            return self._drop(self._spoiled)
        text = "".join(self._text)
        self._text = []
        self.scans += 1
        data = text.encode("latin-1")
        return Scan(data, None, data)

    def _drop(self, reason: str) -> Dropped:
        data = "".join(self._text).encode("latin-1")
        self._text, self._spoiled = [], ""
        self.dropped += 1
        self.dropped_bytes += len(data)
        return Dropped(reason, data)


class KeySource(Protocol):
    """An input device the driver holds: grabbed, read with a timeout, closed."""

    def grab(self) -> None: ...

    def read(self, timeout: float) -> Iterable[tuple[int, int, int]]:
        """(type, code, value) events within ``timeout`` seconds; OSError if the device is gone."""
        ...

    def close(self) -> None: ...


class EvdevSource:
    """A ``/dev/input/event*`` device through ``python-evdev``."""

    def __init__(self, evdev: Any, path: str) -> None:
        self._device = evdev.InputDevice(path)

    def grab(self) -> None:
        self._device.grab()  # EVIOCGRAB: no other reader (X, Wayland, a console) sees the keys

    def read(self, timeout: float) -> Iterable[tuple[int, int, int]]:
        ready, _, _ = select.select([self._device.fd], [], [], timeout)
        if not ready:
            return []
        try:
            return [(event.type, event.code, event.value) for event in self._device.read()]
        except BlockingIOError:
            return []

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._device.ungrab()
        self._device.close()


def evdev_opener() -> Callable[[str], KeySource]:
    """Opens devices through ``evdev``; ``WedgeUnavailable`` when the package is missing."""
    try:
        evdev = importlib.import_module("evdev")
    except ImportError as exc:
        raise WedgeUnavailable(
            "the keyboard-wedge scanner needs the optional Python package 'evdev' "
            "(pip install evdev), which is not installed") from exc
    return lambda path: EvdevSource(evdev, path)


class WedgeScanner(Device):
    """A keyboard-wedge scanner at ``path`` (e.g. ``/dev/input/by-id/usb-...-event-kbd``).

    ``claim`` loads ``evdev`` (raising ``WedgeUnavailable`` without it) and
    starts the reading thread, which grabs the device and reopens it with
    back-off when it goes.  ``opener`` replaces evdev (tests feed synthetic
    key events through it).

    Events published: ``ScanEvent`` (symbology UNKNOWN, raw = the typed text
    as latin-1) while enabled; ``HealthEvent`` ONLINE when grabbed, OFFLINE
    when the device cannot be opened or goes away.
    Counters: ``scans``, ``bad_frames``, ``unknown_keys``, ``discarded``.
    """

    def __init__(self, device_id: str, sink: EventSink, path: str, *,
                 keymap: Mapping[int, tuple[str, str]] = US_KEYMAP,
                 opener: Callable[[str], KeySource] | None = None,
                 backoff: Backoff | None = None, read_timeout_s: float = 0.1) -> None:
        super().__init__(device_id, sink)
        self.path = path
        self.backoff = backoff or Backoff()
        self.read_timeout_s = read_timeout_s
        self._opener = opener
        self._decoder = WedgeDecoder(keymap)
        self._delivering = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connects = 0
        self.discarded = 0

    @property
    def scans(self) -> int:
        return self._decoder.scans

    @property
    def bad_frames(self) -> int:
        return self._decoder.dropped

    @property
    def unknown_keys(self) -> int:
        return self._decoder.unknown_keys

    def _on_claim(self) -> None:
        opener = self._opener or evdev_opener()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(opener,),
                                        name=f"scanner-{self.device_id}", daemon=True)
        self._thread.start()

    def _on_release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._set_health(Health.OFFLINE, "DEVICE_OFFLINE", "released")

    def _on_enable(self) -> None:
        self._delivering.set()

    def _on_disable(self) -> None:
        self._delivering.clear()

    def _run(self, opener: Callable[[str], KeySource]) -> None:
        next_delay = self.backoff.delays()
        while not self._stop.is_set():
            try:
                source = opener(self.path)
            except OSError as exc:
                self._set_health(Health.OFFLINE, "DEVICE_NOT_FOUND", f"{self.path}: {exc}")
            else:
                next_delay = self.backoff.delays()
                try:
                    self._session(source)
                except (OSError, DeviceError) as exc:
                    self._set_health(Health.OFFLINE, "DEVICE_OFFLINE", f"{self.path}: {exc}")
                finally:
                    with contextlib.suppress(OSError):
                        source.close()
            if not self._stop.is_set():
                self._stop.wait(next_delay())

    def _session(self, source: KeySource) -> None:
        source.grab()
        self.connects += 1
        self._set_health(Health.ONLINE)
        while not self._stop.is_set():
            events = list(source.read(self.read_timeout_s))
            now = time.monotonic()
            if not events:
                self._handle(self._decoder.expire(now))
            for ev_type, code, value in events:
                self._handle(self._decoder.feed(ev_type, code, value, now))

    def _handle(self, item: Scan | Dropped | None) -> None:
        if isinstance(item, Scan):
            if self._delivering.is_set():
                self.publish(ScanEvent(self.device_id, item.symbology, item.raw, item.text))
            else:
                self.discarded += 1
        elif isinstance(item, Dropped):
            self.log.warning("dropped a typed scan (%d characters): %s", len(item.data),
                             item.reason)
