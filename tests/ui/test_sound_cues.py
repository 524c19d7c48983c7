"""Which cue the window plays for what the shopper sees, and what it speaks when asked.

The sound programs are stood in for by a recorder (see tests/unit/test_sound.py);
the thing under test is the window's choice of cue and prompt.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.sound import Sounds
from kiosk.ui.window import KioskWindow

RECORDER = """
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[2:]) + "\\n")
"""


@pytest.fixture
def sounded(qtbot, tmp_path: Path, intents, tiles):
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    log = tmp_path / "played.jsonl"
    command = [sys.executable, str(script), str(log)]
    sounds = Sounds(cues=True, speech=True, player=command, speaker=command,
                    directory=tmp_path)
    window = KioskWindow(intents, lookup_items=tiles, sounds=sounds)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def played() -> list[str]:
        assert sounds.wait_idle(10)
        lines = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return [Path(c[0]).stem if len(c) == 1 else f"say {c[1]}: {c[3]}"
                for c in map(json.loads, lines)]

    yield window, played
    sounds.close()


def test_cues_follow_what_happens(sounded, samples, show) -> None:
    window, played = sounded
    scanning = samples.view("scanning")
    show(window, scanning)
    played()
    fewer = scanning.with_(lines=scanning.lines[:-1])
    show(window, fewer)
    assert played() == []  # a line fewer is no scan
    show(window, scanning)
    assert played() == ["scan"]
    show(window, samples.view("weight_mismatch"))
    assert played() == ["attention"]
    show(window, samples.view("scanning").with_(message=("BARCODE_CHECK_DIGIT", "bad")))
    assert played() == ["error"]
    show(window, samples.view("thank_you"))
    assert played() == ["done"]


def test_spoken_prompts_are_the_shoppers_choice_in_their_language(
        qtbot, sounded, samples, show, intents) -> None:
    window, played = sounded
    show(window, samples.view("attract"))
    played()
    window.accessibility_sheet.open()
    toggle = window.findChild(QPushButton, "spoken")
    assert toggle.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert intents.calls[-1] == ("set_accessibility", (), {"spoken": True})
    bagging = samples.view("awaiting_bagging")
    show(window, bagging.with_(spoken=True, language="ru"))
    [spoken] = [p for p in played() if p.startswith("say")]
    assert spoken.startswith("say ru: Положите товар в зону упаковки")


def test_no_spoken_prompt_toggle_where_the_lane_cannot_speak(window, samples, show) -> None:
    show(window, samples.view("attract"))
    window.accessibility_sheet.open()
    assert not window.findChild(QPushButton, "spoken").isVisible()
