"""Render the attendant station at 1920x1080 with 4 and with 32 lanes, as PNGs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/station_screenshots.py [--out docs/screenshots]

Writes ``station-4-lanes.png`` (one lane available, one scanning, one weight
mismatch flashing, one age check; a supervisor signed in) and
``station-32-lanes.png`` (32 lanes in mixed states, one offline, one never
heard from; nobody signed in).  No broker and no lanes: the window is given
``LaneStatus``es as a lane would publish them, with explanations built by the
core's own ``WeightExplanation``; a stand-in port signs the supervisor in.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402 (the platform must be chosen first)
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from attendant.model import StationModel  # noqa: E402
from attendant.station import ActionRequest, Operator, SignInRefused  # noqa: E402
from attendant.ui.window import StationWindow  # noqa: E402
from pos.messages import (  # noqa: E402
    DeviceSummary,
    InterventionSummary,
    LaneStatus,
    lane_light,
)
from pos.security import WeightExplanation, WeightSource  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_767_265_200.0  # a fixed clock (a Thursday morning), so the pictures do not drift
SIZE = (1920, 1080)
DEVICES = ("scanner", "scale", "printer", "payment")


class ScreenshotPort:
    """Signs in the one supervisor the pictures show; sends nothing (nothing is pressed)."""

    def __init__(self) -> None:
        self._operator: Operator | None = None

    def sign_in_pin(self, operator_id: str, pin: str) -> Operator:
        if (operator_id, pin) != ("maria", "2468"):
            raise SignInRefused("Wrong PIN.", code="OPERATOR_WRONG_PIN")
        self._operator = Operator("maria", "Maria Santos", "supervisor")
        return self._operator

    def sign_in_badge(self, badge: str) -> Operator:
        raise SignInRefused("This badge is not known at this store.", code="OPERATOR_UNKNOWN")

    def sign_out(self) -> None:
        self._operator = None

    @property
    def operator(self) -> Operator | None:
        return self._operator

    def send(self, request: ActionRequest) -> str:
        return "screenshot-0001"


@dataclass(frozen=True)
class SampleFigures:
    transactions: int = 214
    interventions_per_100: dict[str, float] = field(default_factory=lambda: {
        "weight_mismatch": 6.1, "age_check": 4.2, "help": 2.8, "unexpected_item": 1.9,
        "void_request": 0.9, "device_fault": 0.5})
    assist_median_s: float | None = 38.0
    assist_p90_s: float | None = 131.0
    per_hour: list[tuple[str, int, int]] = field(default_factory=lambda: [
        ("07:00", 12, 1), ("08:00", 31, 3), ("09:00", 44, 5), ("10:00", 52, 7),
        ("11:00", 47, 4), ("12:00", 28, 2)])


def devices(*broken: tuple[str, str, str]) -> tuple[DeviceSummary, ...]:
    faults = {name: (health, code) for name, health, code in broken}
    return tuple(DeviceSummary(name, faults.get(name, ("online", ""))[0],
                               faults.get(name, ("", ""))[1]) for name in DEVICES)


def lane_status(lane: str, state: str, *, ago: float = 60.0, total: int = 0, items: int = 0,
                interventions: tuple[InterventionSummary, ...] = (),
                device_health: tuple[DeviceSummary, ...] | None = None,
                attendant: str | None = None, online: bool = True) -> LaneStatus:
    number = lane.split("-")[1]
    name = f"Lane {number}"
    if not online:
        return LaneStatus.offline(lane, "demo", NOW - ago, name)
    health = device_health if device_health is not None else devices()
    light, flashing = lane_light(state, True, interventions, health, attendant)
    txn = f"{lane}-000{number:0>3}" if state not in ("attract", "closed") else ""
    return LaneStatus(lane=lane, store="demo", online=True, at=NOW - 1, name=name, state=state,
                      state_since=NOW - ago, txn=txn, total=total, currency="EUR",
                      items=items, light=light.value, flashing=flashing, attendant=attendant,
                      interventions=interventions, devices=health)


def weight_mismatch(raised_ago: float) -> InterventionSummary:
    why = WeightExplanation("mismatch", 1200, 1450, 50, WeightSource.LEARNED, "2000000000015",
                            "Bananas").to_dict()
    return InterventionSummary(1, "weight_mismatch", NOW - raised_ago, "scanning", "attendant",
                               True, why, 4)


def age_check(raised_ago: float) -> InterventionSummary:
    why = {"min_age": 18, "item": "Vodka 0.7 l", "gtin": "4000000000031", "lines": [3]}
    return InterventionSummary(1, "age_check", NOW - raised_ago, "payment", "attendant", False,
                               why, 3)


def unexpected_item(raised_ago: float) -> InterventionSummary:
    why = WeightExplanation("unexpected", 0, 380, 5, None).to_dict()
    return InterventionSummary(1, "unexpected_item", NOW - raised_ago, "scanning", "attendant",
                               True, why)


def help_request(raised_ago: float) -> InterventionSummary:
    return InterventionSummary(2, "help", NOW - raised_ago, "nothing", "attendant", False,
                               {"reason": "shopper"})


def printer_fault(raised_ago: float) -> InterventionSummary:
    why = {"device": "printer", "code": "PRINTER_PAPER_OUT", "message": "out of paper",
           "essential": False}
    return InterventionSummary(1, "device_fault", NOW - raised_ago, "nothing", "attendant",
                               False, why)


def four_lanes() -> list[LaneStatus]:
    return [
        lane_status("lane-1", "attract", ago=312),
        lane_status("lane-2", "scanning", ago=95, total=2347, items=7),
        lane_status("lane-3", "weight_mismatch", ago=74, total=1289, items=4,
                    interventions=(weight_mismatch(74),)),
        lane_status("lane-4", "scanning", ago=41, total=3156, items=9,
                    interventions=(age_check(41),)),
    ]


def thirty_two_lanes() -> list[LaneStatus]:
    special: dict[int, LaneStatus | None] = {
        3: lane_status("lane-3", "weight_mismatch", ago=74, total=1289, items=4,
                       interventions=(weight_mismatch(74),)),
        7: lane_status("lane-7", "scanning", ago=840, online=False),
        9: lane_status("lane-9", "payment_in_doubt", ago=25, total=6712, items=21),
        12: lane_status("lane-12", "scanning", ago=41, total=3156, items=9,
                        interventions=(age_check(41),)),
        15: lane_status("lane-15", "closed", ago=3600),
        19: None,  # never heard from: the tile says "No contact"
        22: lane_status("lane-22", "unexpected_item", ago=18, total=845, items=3,
                        interventions=(unexpected_item(18),)),
        24: lane_status("lane-24", "scanning", ago=200, total=1899, items=5, attendant="maria"),
        27: lane_status("lane-27", "scanning", ago=130, total=5120, items=14,
                        interventions=(help_request(130),)),
        30: lane_status("lane-30", "attract", ago=600, interventions=(printer_fault(600),),
                        device_health=devices(("printer", "error", "PRINTER_PAPER_OUT"))),
        31: lane_status("lane-31", "closed", ago=3600),
        32: lane_status("lane-32", "closed", ago=3600),
    }
    statuses: list[LaneStatus] = []
    for number in range(1, 33):
        lane = f"lane-{number}"
        if number in special:
            status = special[number]
        elif number % 4 == 1:
            status = lane_status(lane, "attract", ago=30 + number * 11)
        elif number % 4 == 0:
            status = lane_status(lane, "payment", ago=15, total=1505 + number * 97,
                                 items=number % 7 + 3)
        else:
            status = lane_status(lane, "scanning", ago=20 + number * 3, total=299 * number,
                                 items=number % 11 + 1)
        if status is not None:
            statuses.append(status)
    return statuses


def save(pixmap: QPixmap, path: Path) -> None:
    """A PNG, reduced to a 256-colour palette where Pillow is there (as tools/screenshots.py)."""
    pixmap.save(str(path), "PNG")
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def render(statuses: list[LaneStatus], lanes: int, path: Path, *, signed_in: bool) -> Path:
    ids = [f"lane-{n}" for n in range(1, lanes + 1)]
    clock = [NOW]
    model = StationModel(ids, {lane: f"Lane {lane.split('-')[1]}" for lane in ids},
                         clock=lambda: clock[0])
    port = ScreenshotPort()
    window = StationWindow(port, model, columns=2, size=SIZE, title="Attendant desk",
                           clock=lambda: NOW)
    window.show()
    for status in statuses:
        # The station learns a lane went offline when its will arrives: "then", not now.
        clock[0] = status.at if not status.online else NOW
        window.show_status(status)
    if signed_in:
        window.signin.operator_id.setText("maria")
        for digit in "2468":
            window.signin.pinpad.press(digit)
        window.signin.pinpad.submitted.emit()
    window.show_figures(SampleFigures())
    for _round in range(3):  # layouts settle in rounds (wrapped labels grow)
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    save(window.grab(), path)
    window.close()
    window.deleteLater()
    # Delete it now, while the application exists (see tools/screenshots.py).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for path in (render(four_lanes(), 4, args.out / "station-4-lanes.png", signed_in=True),
                 render(thirty_two_lanes(), 32, args.out / "station-32-lanes.png",
                        signed_in=False)):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
