"""Sound cues made here as WAV, and played through the system's programs.

The players (pw-play, aplay, espeak-ng) are outside the project; here a small
program stands in for them that writes down how it was called, so what is
tested is ours: the sound made, the command built, the order and the dropping.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import wave
from pathlib import Path

import pytest

from kiosk.sound import CUES, RATE, Sounds, Tone, wav_bytes

RECORDER = """
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[2:]) + "\\n")
"""


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[list[str], Path]:
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    log = tmp_path / "played.jsonl"
    return [sys.executable, str(script), str(log)], log


def calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_a_cue_is_a_short_mono_16_bit_wav_that_fades_in_and_out() -> None:
    data = wav_bytes((Tone(1000, 100), Tone(500, 50)))
    with wave.open(io.BytesIO(data)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, RATE)
        frames = sound.readframes(sound.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    assert len(samples) == RATE * 150 // 1000
    assert samples[0] == 0  # no click at the start or the end
    assert samples[RATE // 10 - 1] == 0
    assert 0.35 * 32767 < max(samples) <= 0.4 * 32767


@pytest.mark.parametrize("name", sorted(CUES))
def test_every_cue_is_written_once_and_played(recorder, tmp_path: Path, name: str) -> None:
    command, log = recorder
    sounds = Sounds(cues=True, speech=False, player=command, directory=tmp_path)
    sounds.cue(name)
    sounds.cue(name)
    assert sounds.wait_idle(10)
    played = calls(log)
    assert 1 <= len(played) <= 2  # the second may be dropped: the newest matters
    path = Path(played[-1][0])
    assert path == tmp_path / f"{name}.wav"
    assert path.read_bytes() == wav_bytes(CUES[name])
    sounds.close()


def test_speech_uses_the_shoppers_language_and_skips_one_without_a_voice(recorder) -> None:
    command, log = recorder
    sounds = Sounds(cues=False, speech=True, speaker=command, player=command)
    sounds.say("Положите товар в зону упаковки", "ru")
    assert sounds.wait_idle(10)
    sounds.say("Ilagay ang item sa bagging area", "fil")  # espeak-ng has no Filipino voice
    sounds.cue("scan")  # cues are off
    assert sounds.wait_idle(10)
    assert calls(log) == [["-v", "ru", "--", "Положите товар в зону упаковки"]]
    sounds.close()


def test_without_players_the_lane_is_silent(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # none of pw-play, aplay, espeak-ng here
    sounds = Sounds(cues=True, speech=True)
    assert (sounds.cues_on, sounds.speech_on) == (False, False)
    sounds.cue("scan")
    sounds.say("hello", "en")
    assert sounds.wait_idle(1)
    assert sounds.played == []


def test_the_players_are_found_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("aplay", "espeak-ng"):
        program = tmp_path / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    sounds = Sounds(cues=True, speech=True)
    assert sounds.player == [str(tmp_path / "aplay")]
    assert sounds.speaker == [str(tmp_path / "espeak-ng")]
