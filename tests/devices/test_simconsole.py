"""The console every ``sco sim`` shares: parsing, replies, and when it stops."""

from __future__ import annotations

import io
import queue
import threading

import pytest

from devices.simconsole import Command, Console, UsageError, number, serve, whole

WAIT = 5.0


class Counter:
    def __init__(self) -> None:
        self.value = 0


def _add(counter: Counter, args: list[str]) -> str:
    counter.value += whole(args, 0, "N", 1)
    return f"value {counter.value}"


def _save(_counter: Counter, _args: list[str]) -> str:
    raise PermissionError("read-only file system")


def _echo(_counter: Counter, args: list[str]) -> str:
    if not args[0]:
        raise UsageError("TEXT is missing")
    return f"<{args[0]}>"


COMMANDS = (
    Command("add [N]", "add N (default 1)", _add),
    Command("save", "write a file", _save),
    Command("echo TEXT", "say TEXT back, spaces kept", _echo, rest_of_line=True),
)


def test_replies_and_errors_are_one_line_each():
    console = Console("sco sim counter", COMMANDS, Counter())
    assert console.handle("add") == "value 1"
    assert console.handle("  add\t41 \n") == "value 42"
    assert console.handle("") == ""
    assert console.handle("add x") == \
        "bad arguments for add: N must be a whole number, not 'x' (usage: add [N])"
    assert console.handle("add 1 2") == \
        "bad arguments for add: too many arguments (usage: add [N])"
    assert console.handle("jump") == "unknown command 'jump': type help for the list"
    assert console.handle("save") == "save failed: read-only file system"
    assert console.handle("echo a  b") == "<a  b>"
    assert console.handle("echo").startswith("bad arguments for echo: TEXT is missing")
    assert console.handle("help").splitlines() == [
        "sco sim counter commands (one per line on stdin):",
        "  add [N]    add N (default 1)",
        "  save       write a file",
        "  echo TEXT  say TEXT back, spaces kept",
        "  help       this list",
        "  quit       stop the simulator (also: exit)",
    ]


def test_a_fallback_takes_lines_that_are_no_command():
    console = Console("sco sim counter", COMMANDS, Counter(),
                      fallback=lambda counter, line: f"scanned {line!r}")
    assert console.handle("4006381333931 x\n") == "scanned '4006381333931 x'"
    assert console.handle("add 2") == "value 2"


def test_numbers_take_defaults():
    assert number(["0.5"], 0, "S") == 0.5
    assert number([], 0, "S", 4.0) == 4.0


@pytest.mark.parametrize("bad", ["inf", "nan", "-1", "soon"])
def test_numbers_must_be_finite_and_in_range(bad):
    with pytest.raises(UsageError, match="S must be"):
        number([bad], 0, "S")


class Lines:
    """A stdout whose lines a test can wait for."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def write(self, text: str) -> int:
        for line in text.splitlines():
            self.lines.put(line)
        return len(text)

    def flush(self) -> None:
        pass


def test_quit_ends_and_what_follows_is_not_read():
    out = Lines()
    counter = Counter()
    console = Console("sco sim counter", COMMANDS, counter)
    assert serve(console, stdin=io.StringIO("add 5\nquit\nadd 5\n"), out=out) == 0
    assert counter.value == 5
    assert out.lines.get_nowait() == "value 5"
    assert out.lines.empty()


def test_the_end_of_input_that_is_no_terminal_keeps_it_serving_until_stopped():
    out, stop = Lines(), threading.Event()
    console = Console("sco sim counter", COMMANDS, Counter())
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(
        serve(console, stdin=io.StringIO("add\n"), out=out, stop=stop)), daemon=True)
    thread.start()
    assert out.lines.get(timeout=WAIT) == "value 1"
    assert out.lines.get(timeout=WAIT).startswith("end of input: serving until SIGTERM")
    assert thread.is_alive()
    stop.set()
    thread.join(WAIT)
    assert result == [0]
