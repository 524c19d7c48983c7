"""Keyboard-wedge scanners: key events to text with the US keymap, and the driver's thread."""

from __future__ import annotations

import queue
import sys
from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import DeviceNotFound
from devices.events import DeviceEvent, EventBus, Health, HealthEvent, ScanEvent
from devices.scanner.aim import Dropped, Scan
from devices.scanner.wedge import (
    EV_KEY,
    KEY_CAPSLOCK,
    KEY_ENTER,
    KEY_KPENTER,
    KEY_LEFTCTRL,
    KEY_LEFTSHIFT,
    KEY_PRESS,
    KEY_RELEASE,
    KEY_REPEAT,
    KEY_RIGHTBRACE,
    US_KEYMAP,
    WedgeDecoder,
    WedgeScanner,
    WedgeUnavailable,
)
from devices.worker import Backoff
from pos.barcode import Symbology

EV_SYN, EV_MSC = 0x00, 0x04
MSC_SCAN = 4
Event = tuple[int, int, int]

# Which key and whether shift, for each character the US keymap can type.
KEYS = {plain: (code, False) for code, (plain, _) in US_KEYMAP.items() if code < 71}
KEYS.update({shifted: (code, True) for code, (plain, shifted) in US_KEYMAP.items()
             if shifted != plain})


def press(code: int) -> list[Event]:
    """What evdev reports for one key stroke: scancode, press, sync, release, sync."""
    return [(EV_MSC, MSC_SCAN, 0x70000), (EV_KEY, code, KEY_PRESS), (EV_SYN, 0, 0),
            (EV_KEY, code, KEY_RELEASE), (EV_SYN, 0, 0)]


def typed(text: str, enter: int = KEY_ENTER) -> list[Event]:
    """The key events a wedge scanner sends to type ``text`` and Enter."""
    events: list[Event] = []
    for char in text:
        if char == "\x1d":
            events += [(EV_KEY, KEY_LEFTCTRL, KEY_PRESS), *press(KEY_RIGHTBRACE),
                       (EV_KEY, KEY_LEFTCTRL, KEY_RELEASE)]
            continue
        code, shift = KEYS[char]
        if shift:
            events.append((EV_KEY, KEY_LEFTSHIFT, KEY_PRESS))
        events += press(code)
        if shift:
            events.append((EV_KEY, KEY_LEFTSHIFT, KEY_RELEASE))
    return events + press(enter)


def decode(events: Iterable[Event], decoder: WedgeDecoder | None = None,
           ) -> list[Scan | Dropped]:
    decoder = decoder or WedgeDecoder()
    out = [decoder.feed(t, c, v, 0.0) for t, c, v in events]
    return [item for item in out if item is not None]


# -- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "4006381333931",
    "ABC-123/xyz",
    "0104006381333931\x1d10ABC123",  # GS typed as Ctrl+]
    "Hello, World! ~`{}|:\"<>?",
])
def test_typed_text_decodes_back(text):
    (scan,) = decode(typed(text))
    assert isinstance(scan, Scan)
    assert (scan.text, scan.symbology, scan.aim) == (text, Symbology.UNKNOWN, None)


def test_keypad_digits_and_keypad_enter():
    keypad = [79, 80, 81, 82, 83, 71, 78, 74, 55, 98]  # KP1 KP2 KP3 KP0 KPDOT KP7 + - * /
    events = [e for code in keypad for e in press(code)] + press(KEY_KPENTER)
    (scan,) = decode(events)
    assert isinstance(scan, Scan)
    assert scan.text == "1230.7+-*/"


def test_caps_lock_inverts_letters_only():
    events = press(KEY_CAPSLOCK) + typed("abc1")[:-5] + press(KEY_CAPSLOCK) + typed("d")
    (scan,) = decode(events)
    assert isinstance(scan, Scan)
    assert scan.text == "ABC1d"


def test_autorepeat_is_ignored():
    code = KEYS["7"][0]
    events = [(EV_KEY, code, KEY_PRESS), (EV_KEY, code, KEY_REPEAT), (EV_KEY, code, KEY_REPEAT),
              (EV_KEY, code, KEY_RELEASE), *press(KEY_ENTER)]
    (scan,) = decode(events)
    assert isinstance(scan, Scan)
    assert scan.text == "7"


def test_an_unknown_key_spoils_the_scan_which_is_dropped():
    decoder = WedgeDecoder()
    events = typed("12")[:-5] + press(59) + typed("34")  # F1 in the middle
    (dropped,) = decode(events, decoder)
    assert isinstance(dropped, Dropped)
    assert dropped.reason == "key 59 not in the keymap"
    assert (decoder.dropped, decoder.unknown_keys, decoder.scans) == (1, 1, 0)
    (scan,) = decode(typed("56"), decoder)  # the next scan is clean again
    assert isinstance(scan, Scan)
    assert scan.text == "56"


def test_ctrl_with_another_key_spoils_the_scan():
    events = [(EV_KEY, KEY_LEFTCTRL, KEY_PRESS), *press(KEYS["c"][0]),
              (EV_KEY, KEY_LEFTCTRL, KEY_RELEASE), *press(KEY_ENTER)]
    (dropped,) = decode(events)
    assert isinstance(dropped, Dropped)


def test_text_without_enter_expires():
    decoder = WedgeDecoder(inter_key_timeout_s=0.5)
    for ev_type, code, value in typed("123")[:-5]:
        assert decoder.feed(ev_type, code, value, 1.0) is None
    assert decoder.expire(1.4) is None
    dropped = decoder.expire(1.6)
    assert dropped == Dropped("no Enter after the last key", b"123")
    assert decoder.feed(EV_KEY, KEY_ENTER, KEY_PRESS, 1.7) is None  # a lone Enter: nothing


def test_too_long_text_is_dropped():
    decoder = WedgeDecoder(max_length=5)
    (dropped,) = decode(typed("1234567"), decoder)
    assert isinstance(dropped, Dropped)
    assert dropped.reason == "barcode too long"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([EV_SYN, EV_KEY, EV_MSC]), st.integers(0, 300),
                          st.integers(-1, 3)), max_size=60))
def test_no_event_sequence_breaks_the_decoder(events):
    decoder = WedgeDecoder()
    for item in decode(events, decoder):
        assert isinstance(item, Scan | Dropped)
    decoder.expire(1e9)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=sorted(KEYS) + ["\x1d"], min_size=1, max_size=40))
def test_any_typeable_text_round_trips(text):
    (scan,) = decode(typed(text))
    assert isinstance(scan, Scan)
    assert scan.text == text


# -- the driver ---------------------------------------------------------------------------------


class FakeInput:
    """A grabbed input device fed by the test: a queue of event batches, or an OSError."""

    def __init__(self) -> None:
        self.batches: queue.Queue[list[Event] | OSError] = queue.Queue()
        self.grabbed = False
        self.closed = False

    def grab(self) -> None:
        self.grabbed = True

    def read(self, timeout: float) -> Iterable[Event]:
        try:
            batch = self.batches.get(timeout=timeout)
        except queue.Empty:
            return []
        if isinstance(batch, OSError):
            raise batch
        return batch

    def close(self) -> None:
        self.closed = True


def is_scan(event: DeviceEvent) -> bool:
    return isinstance(event, ScanEvent)


def is_health(health: Health) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, HealthEvent) and e.health is health


def test_the_driver_grabs_reads_and_reopens():
    opened: queue.Queue[FakeInput] = queue.Queue()
    bus = EventBus()

    def opener(path: str) -> FakeInput:
        assert path == "/dev/input/by-id/usb-scanner-event-kbd"
        device = FakeInput()
        opened.put(device)
        return device

    driver = WedgeScanner("scanner-kbd", bus.publish, "/dev/input/by-id/usb-scanner-event-kbd",
                          opener=opener, backoff=Backoff(initial_s=0.02, max_s=0.05),
                          read_timeout_s=0.02)
    driver.start()
    try:
        bus.wait_for(is_health(Health.ONLINE), 5)
        first = opened.get(timeout=5)
        assert first.grabbed
        first.batches.put(typed("4006381333931"))
        event = bus.wait_for(is_scan, 5)
        assert isinstance(event, ScanEvent)
        assert (event.symbology, event.text, event.raw) == \
            (Symbology.UNKNOWN, "4006381333931", b"4006381333931")
        first.batches.put(OSError(19, "No such device"))  # unplugged
        bus.wait_for(is_health(Health.OFFLINE), 5)
        second = opened.get(timeout=5)
        bus.wait_for(is_health(Health.ONLINE), 5)
        assert first.closed
        second.batches.put(typed("96385074", enter=KEY_KPENTER))
        event = bus.wait_for(is_scan, 5)
        assert isinstance(event, ScanEvent)
        assert event.text == "96385074"
        assert driver.connects == 2
    finally:
        driver.close()


def test_without_evdev_claim_says_which_package_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "evdev", None)  # makes ``import evdev`` fail
    driver = WedgeScanner("scanner-kbd", EventBus().publish, "/dev/input/event0")
    driver.open()
    with pytest.raises(WedgeUnavailable, match="'evdev'") as caught:
        driver.claim()
    assert isinstance(caught.value, DeviceNotFound)
    assert caught.value.code == "SCANNER_WEDGE_UNAVAILABLE"
    driver.close()
