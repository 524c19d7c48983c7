"""The console of a ``sco sim`` simulator: one command per line on stdin, one reply on stdout.

Each simulator declares its commands as data (the usage line, a sentence of
help, and a function from the arguments to the reply); ``Console`` parses a
line against them and never raises for what a person may type: an unknown
word or a bad argument gets a one-line answer.  ``serve`` reads standard
input while the simulator runs on its own threads::

    COMMANDS = (
        Command("abort", "the shopper presses abort", lambda sim, args: abort(sim)),
        Command("decline [CODE]", "decline the next payment", decline),
    )
    console = Console("payment terminal", COMMANDS, sim)
    return serve(console, stdin=sys.stdin, out=sys.stdout)

``help`` lists the commands; ``quit`` (or ``exit``) ends the simulator.  The
end of input depends on where it comes from: Ctrl-D on a terminal means the
person is done, so the simulator stops as with ``quit``; anywhere else
(``< /dev/null``, a pipe that closed, a script's background job) the
simulator keeps serving until SIGTERM or SIGINT, so it can be started in the
background by a script or a test.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import math
import os
import queue
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from types import FrameType
from typing import Any, Generic, TextIO, TypeVar

QUIT_WORDS = frozenset({"quit", "exit"})

T = TypeVar("T")


class UsageError(ValueError):
    """The arguments do not fit the command; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Command(Generic[T]):
    """One console command for a simulator of type ``T``.

    ``usage`` is what ``help`` shows; its first word is what a person types and
    the words after it (``[SECONDS]``, ``on|off``) bound how many arguments it
    takes.  ``run`` gets the simulator and the arguments and returns the reply.
    ``rest_of_line`` hands ``run`` the text after the first word as one
    argument, spaces kept (a barcode may contain them).
    """

    usage: str
    summary: str
    run: Callable[[T, list[str]], str]
    rest_of_line: bool = False

    @property
    def name(self) -> str:
        return self.usage.split()[0]

    @property
    def max_args(self) -> int:
        return len(self.usage.split()) - 1


def help_text(title: str, commands: Sequence[Command[Any]]) -> str:
    """The command list, as ``help`` prints it (and ``--help`` shows it)."""
    rows = [(c.usage, c.summary) for c in commands]
    rows += [("help", "this list"), ("quit", "stop the simulator (also: exit)")]
    width = max(len(usage) for usage, _ in rows)
    return "\n".join([f"{title} commands (one per line on stdin):"]
                     + [f"  {usage:<{width}}  {summary}" for usage, summary in rows])


class Console(Generic[T]):
    """Commands in, replies out; ``fallback`` takes lines whose first word is no command."""

    def __init__(self, title: str, commands: Sequence[Command[T]], target: T, *,
                 fallback: Callable[[T, str], str] | None = None) -> None:
        self.title = title
        self.target = target
        self.commands = {command.name: command for command in commands}
        self.fallback = fallback

    def handle(self, line: str) -> str:
        """The reply to one line ("" for a blank one)."""
        words = line.split(None, 1)
        if not words:
            return ""
        verb, rest = words[0], words[1] if len(words) > 1 else ""
        if verb == "help":
            return self.help()
        command = self.commands.get(verb)
        try:
            if command is not None:
                args = [rest.rstrip("\r\n")] if command.rest_of_line else rest.split()
                if not command.rest_of_line and len(args) > command.max_args:
                    raise UsageError("too many arguments")
                return command.run(self.target, args)
            if self.fallback is not None:
                return self.fallback(self.target, line.rstrip("\r\n"))
        except ValueError as exc:  # UsageError, or a word the simulator refused
            usage = f" (usage: {command.usage})" if command is not None else ""
            return f"bad arguments for {verb}: {exc}{usage}"
        except OSError as exc:  # a file the command writes (a PNG preview), say
            return f"{verb} failed: {exc}"
        return f"unknown command {verb!r}: type help for the list"

    def help(self) -> str:
        return help_text(self.title, list(self.commands.values()))


def argument(args: Sequence[str], index: int, what: str, default: str | None = None) -> str:
    """The ``index``-th argument, or ``default``; a ``UsageError`` naming ``what`` if missing."""
    if index < len(args):
        return args[index]
    if default is None:
        raise UsageError(f"{what} is missing")
    return default


def choice(args: Sequence[str], index: int, choices: Sequence[str],
           default: str | None = None) -> str:
    """An argument that must be one of ``choices``."""
    value = argument(args, index, "|".join(choices), default)
    if value not in choices:
        raise UsageError(f"{value!r} is not one of {', '.join(choices)}")
    return value


def number(args: Sequence[str], index: int, what: str, default: float | None = None, *,
           minimum: float = 0) -> float:
    """A number (seconds, say) of at least ``minimum``."""
    text = argument(args, index, what, None if default is None else str(default))
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what} must be a number, not {text!r}") from None
    if not (math.isfinite(value) and value >= minimum):
        raise UsageError(f"{what} must be a finite number of at least {minimum:g}")
    return value


def whole(args: Sequence[str], index: int, what: str, default: int | None = None, *,
          minimum: int | None = None) -> int:
    """A whole number (grams, lines)."""
    text = argument(args, index, what, None if default is None else str(default))
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{what} must be a whole number, not {text!r}") from None
    if minimum is not None and value < minimum:
        raise UsageError(f"{what} must be at least {minimum}")
    return value


# -- reading standard input ----------------------------------------------------------------


class _Event(Enum):
    END_OF_INPUT = "end of input"
    STOP = "stop"


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _read(stdin: Any, terminal: bool, lines: queue.SimpleQueue[str | _Event]) -> None:
    """Put each line of ``stdin`` on ``lines``, then ``END_OF_INPUT``; on its own thread.

    A real file descriptor is read with ``os.read``, not through ``sys.stdin``'s
    buffer: a daemon thread blocked inside that buffer's lock can abort the
    interpreter's shutdown (CPython issue 23309).
    """
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):  # io.StringIO, pytest's captured stdin
        fd = None
    if fd is None:
        with contextlib.suppress(OSError):  # pytest's captured stdin refuses to be read
            for line in iter(stdin.readline, ""):
                lines.put(line)
        lines.put(_Event.END_OF_INPUT)
        return
    decoder = codecs.getincrementaldecoder(getattr(stdin, "encoding", None) or "utf-8")(
        errors="replace")
    pending = ""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError as exc:
            if terminal and exc.errno == errno.EIO:
                # A background job of an interactive shell (SIGTTIN is ignored, see
                # serve): read again once the job is brought to the foreground.
                threading.Event().wait(0.5)
                continue
            chunk = b""
        if not chunk:
            if pending:
                lines.put(pending)
            lines.put(_Event.END_OF_INPUT)
            return
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            lines.put(line)


def _say(out: TextIO, text: str) -> None:
    if not text:
        return
    # Nobody reading stdout any more (``sco sim ... | head -1``): the simulator serves on.
    with contextlib.suppress(OSError, ValueError):
        out.write(text + "\n")
        out.flush()


def _relay(stop: threading.Event, events: queue.SimpleQueue[str | _Event]) -> None:
    stop.wait()
    events.put(_Event.STOP)


def _handle_signals(events: queue.SimpleQueue[str | _Event], terminal: bool) -> dict[int, Any]:
    """SIGTERM and SIGINT stop the console; returns the handlers they replaced."""

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        events.put(_Event.STOP)

    previous: dict[int, Any] = {signum: signal.signal(signum, on_signal)
                                for signum in (signal.SIGTERM, signal.SIGINT)}
    if terminal:
        # Reading the terminal from a background job (``sco sim payment &``) would stop
        # the whole simulator with SIGTTIN; ignored, the read fails with EIO instead.
        # Left ignored on the way out: the reader thread may still be reading.
        signal.signal(signal.SIGTTIN, signal.SIG_IGN)
    return previous


def serve(console: Console[Any], *, stdin: TextIO, out: TextIO,
          stop: threading.Event | None = None) -> int:
    """Answer commands from ``stdin`` until ``quit``, SIGTERM/SIGINT or ``stop``; returns 0.

    The end of input stops the simulator only when ``stdin`` is a terminal.
    Signal handlers are installed only on the main thread (a test may run a
    simulator's ``main`` on another); those for SIGTERM and SIGINT are restored
    on the way out.
    """
    terminal = _is_terminal(stdin)
    events: queue.SimpleQueue[str | _Event] = queue.SimpleQueue()  # put() is signal-safe
    if stop is not None:
        threading.Thread(target=_relay, args=(stop, events), name="sim-console-stop",
                         daemon=True).start()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        previous = _handle_signals(events, terminal)
    # Only now: a read from a background job before SIGTTIN is ignored stops the process.
    threading.Thread(target=_read, args=(stdin, terminal, events), name="sim-console",
                     daemon=True).start()
    if terminal:
        _say(out, f"{console.title}: type help for the commands")
    try:
        while True:
            event = events.get()
            if isinstance(event, str):
                if event.strip() in QUIT_WORDS:
                    return 0
                _say(out, console.handle(event))
            elif event is _Event.STOP or terminal:
                return 0
            else:
                _say(out, f"end of input: serving until SIGTERM (kill {os.getpid()})")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
