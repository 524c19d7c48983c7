"""Sound for the kiosk: short cues, and the screen's prompt spoken for shoppers who ask.

Qt's multimedia module is not part of PySide6-Essentials, so sound goes through
the system's own programs, found on PATH: a WAV player (``pw-play``,
``paplay`` or ``aplay``) for the cues and ``espeak-ng`` for speech.  A lane
without them stays silent and says so once in its log.  Everything plays on
one background thread, latest first: a cue that cannot play at once is dropped
rather than queued behind speech, so sound never lags what the screen shows.

The cues are made here (sine tones with a soft envelope, written once as
16-bit mono WAV), so there are no sound files to ship or license.
"""

from __future__ import annotations

import io
import logging
import math
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

RATE = 22_050
PLAYERS = ("pw-play", "paplay", "aplay")
SPEAKERS = ("espeak-ng", "espeak")
# espeak-ng voices by the kiosk's language codes; a language without a voice is not spoken
# (a Filipino shopper is better served by silence than by Tagalog read as English).
VOICES = {"en": "en", "vi": "vi", "ru": "ru", "de": "de", "tr": "tr", "uk": "uk", "pl": "pl"}


@dataclass(frozen=True, slots=True)
class Tone:
    hz: float
    ms: int


# Short, distinct and not alarming: a rising pair for attention, a falling one for done.
CUES: dict[str, tuple[Tone, ...]] = {
    "scan": (Tone(1760, 60),),
    "attention": (Tone(660, 160), Tone(880, 220)),
    "error": (Tone(440, 140), Tone(330, 200)),
    "done": (Tone(880, 120), Tone(660, 180)),
}


def wav_bytes(tones: Sequence[Tone], *, volume: float = 0.4) -> bytes:
    """The tones one after another as a 16-bit mono WAV, each with a 10 ms fade in and out."""
    frames = bytearray()
    for tone in tones:
        count = RATE * tone.ms // 1000
        fade = max(1, RATE // 100)
        for n in range(count):
            envelope = min(1.0, n / fade, (count - 1 - n) / fade)
            sample = volume * envelope * math.sin(2 * math.pi * tone.hz * n / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


class Sounds:
    """Cues and speech for one lane; every method returns at once."""

    def __init__(self, *, cues: bool, speech: bool, player: Sequence[str] | None = None,
                 speaker: Sequence[str] | None = None, directory: Path | None = None) -> None:
        self.player = list(player) if player else _found(PLAYERS)
        self.speaker = list(speaker) if speaker else _found(SPEAKERS)
        self.cues_on = cues and bool(self.player)
        self.speech_on = speech and bool(self.speaker)
        if cues and not self.player:
            log.info("sound cues are on, but none of %s is installed: silent", PLAYERS)
        if speech and not self.speaker:
            log.info("spoken prompts are on, but none of %s is installed: silent", SPEAKERS)
        self._directory = directory
        self._files: dict[str, Path] = {}
        self._queue: queue.Queue[list[str] | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()  # "idle" and the queue change together
        self.played: list[list[str]] = []  # the commands run, newest last (for tests, status)

    def cue(self, name: str) -> None:
        if self.cues_on and name in CUES:
            self._play([*self.player, str(self._file(name))])

    def say(self, text: str, language: str) -> None:
        voice = VOICES.get(language)
        if self.speech_on and voice is not None and text.strip():
            self._play([*self.speaker, "-v", voice, "--", text])

    def close(self) -> None:
        if self._thread is not None:
            self._drain()
            self._queue.put(None)
            self._thread.join(2)

    def wait_idle(self, timeout: float) -> bool:
        """True once everything asked for has been played (for tests and a clean exit)."""
        return self._idle.wait(timeout)

    # -- inside -----------------------------------------------------------------------------

    def _file(self, name: str) -> Path:
        path = self._files.get(name)
        if path is None:
            directory = self._directory or Path(tempfile.mkdtemp(prefix="sco-sounds-"))
            self._directory = directory
            path = directory / f"{name}.wav"
            path.write_bytes(wav_bytes(CUES[name]))
            self._files[name] = path
        return path

    def _play(self, command: list[str]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sounds", daemon=True)
            self._thread.start()
        with self._lock:
            self._idle.clear()
            try:
                self._queue.put_nowait(command)
            except queue.Full:
                self._drain()  # the newest matters: what is on screen now
                self._queue.put_nowait(command)

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            return

    def _run(self) -> None:
        while True:
            command = self._queue.get()
            if command is None:
                return
            try:
                subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=20, check=False)
                self.played.append(command)
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("could not play %s: %s", command[0], exc)
            with self._lock:
                if self._queue.empty():
                    self._idle.set()


def _found(names: Sequence[str]) -> list[str]:
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return [path]
    return []
