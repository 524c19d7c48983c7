"""Scale codecs: exact bytes for the Toledo 8217 and MT-SICS, and parsers under fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import ProtocolError
from devices.scale import mtsics
from devices.scale import toledo8217 as t8217
from devices.scale.toledo8217 import Status

# -- Toledo 8217 ------------------------------------------------------------------------------


def test_8217_commands_are_single_bytes():
    assert [c.value for c in t8217.Command] == [b"W", b"Z", b"T", b"C", b"E", b"F"]
    assert t8217.preset_tare(1500) == b"T01500"
    with pytest.raises(ValueError, match="5 digits"):
        t8217.preset_tare(100_000)


def test_8217_line_settings_are_7e1_9600():
    settings = t8217.SETTINGS
    assert (settings.baudrate, settings.bytesize, settings.parity, settings.stopbits) == \
        (9600, 7, "E", 1)


@pytest.mark.parametrize(("grams", "frame"), [
    (1234, b"\x0201.234\r"),
    (0, b"\x0200.000\r"),
    (29_999, b"\x0229.999\r"),
    (5, b"\x0200.005\r"),
])
def test_8217_kg_weight_frames(grams, frame):
    assert t8217.encode_weight(grams) == frame
    assert t8217.parse_frame(frame) == t8217.WeightFrame(grams, t8217.Unit.KG)


def test_8217_net_weight_has_a_trailing_n():
    assert t8217.encode_weight(1234, net=True) == b"\x0201.234N\r"
    assert t8217.parse_frame(b"\x0201.234N\r") == t8217.WeightFrame(1234, t8217.Unit.KG, net=True)


def test_8217_lb_frames_are_read_into_grams():
    assert t8217.encode_weight(1134, t8217.Unit.LB) == b"\x02002.50\r"  # 2.50 lb
    assert t8217.parse_frame(b"\x02002.50\r") == t8217.WeightFrame(1134, t8217.Unit.LB)
    assert t8217.parse_frame(b"\x02010.00N\r").grams == 4536  # type: ignore[union-attr]


def test_8217_leading_spaces_are_tolerated():
    assert t8217.parse_frame(b"\x02  1.234\r") == t8217.WeightFrame(1234, t8217.Unit.KG)


def test_8217_a_declared_unit_rejects_the_other():
    with pytest.raises(t8217.Toledo8217Error):
        t8217.parse_frame(b"\x02002.50\r", t8217.Unit.KG)


def test_8217_negative_weights_are_never_encoded():
    with pytest.raises(ValueError, match="status frame"):
        t8217.encode_weight(-1)


# The status byte is a bit mask; bit 6 is always set, bit 7 is parity and ignored.
@pytest.mark.parametrize(("byte", "status"), [
    (0x40, Status.NONE),  # "@"
    (0x41, Status.MOTION),  # "A"
    (0x42, Status.OVER_CAPACITY),  # "B"
    (0x44, Status.UNDER_ZERO),  # "D"
    (0x48, Status.OUTSIDE_ZERO_RANGE),  # "H"
    (0x50, Status.CENTRE_OF_ZERO),  # "P"
    (0x60, Status.NET),  # "`"
    (0x45, Status.MOTION | Status.UNDER_ZERO),  # "E"
    (0x71, Status.MOTION | Status.CENTRE_OF_ZERO | Status.NET),  # "q"
    (0xC1, Status.MOTION),  # parity bit set: same status
])
def test_8217_status_bits(byte, status):
    assert t8217.decode_status(byte) == status
    assert t8217.parse_frame(bytes([0x02, ord("?"), byte, 0x0D])) == t8217.StatusFrame(status)


def test_8217_status_without_bit6_is_not_a_status():
    with pytest.raises(t8217.Toledo8217Error, match="bit 6"):
        t8217.decode_status(0x01)


def test_8217_status_frames_encode():
    assert t8217.encode_status_frame(Status.MOTION) == b"\x02?A\r"
    assert t8217.encode_status_frame(Status.NONE) == b"\x02?@\r"
    assert t8217.encode_status_frame(Status.UNDER_ZERO | Status.NET) == b"\x02?d\r"


def test_8217_echo_acknowledgement():
    assert t8217.ECHO_ACK == b"\x02E\r"
    assert t8217.parse_frame(b"\x02E\r") == t8217.EchoAck()


@pytest.mark.parametrize("frame", [
    b"", b"\x02", b"\x02?\r", b"\x02?A", b"\x0201.234", b"\x0212.34.5\r", b"\x02ABC\r",
    b"01.234\r", b"\x021234\r", b"\x0201.2345\r", b"\x02?\x01\r", b"\x02-1.234\r",
])
def test_8217_bad_frames_raise_the_protocol_error(frame):
    with pytest.raises(t8217.Toledo8217Error) as caught:
        t8217.parse_frame(frame)
    assert caught.value.code == "SCALE_8217_PROTOCOL"
    assert isinstance(caught.value, ProtocolError)


def read_all(reader: t8217.FrameReader) -> list[bytes]:
    frames = []
    while (frame := reader.next_frame()) is not None:
        frames.append(frame)
    return frames


def test_8217_frame_reader_cuts_frames_and_reports_junk():
    junk: list[bytes] = []
    reader = t8217.FrameReader(junk.append)
    reader.feed(b"xx\x0201.2")
    assert read_all(reader) == []
    reader.feed(b"34\r\x02?A\r")
    assert read_all(reader) == [b"\x0201.234\r", b"\x02?A\r"]
    assert junk == [b"xx"]


def test_8217_frame_reader_drops_a_frame_cut_short():
    junk: list[bytes] = []
    reader = t8217.FrameReader(junk.append)
    reader.feed(b"\x0201.2\x02?A\r")
    assert read_all(reader) == [b"\x02?A\r"]
    assert junk == [b"\x0201.2"]


def test_8217_frame_reader_drops_runs_longer_than_any_frame():
    junk: list[bytes] = []
    reader = t8217.FrameReader(junk.append)
    reader.feed(b"\x02" + b"9" * 20)
    assert read_all(reader) == []
    assert junk == [b"\x02" + b"9" * 20]
    reader.feed(b"\x0200.100\r")
    assert read_all(reader) == [b"\x0200.100\r"]


def test_8217_frame_reader_hands_out_echoed_bytes():
    reader = t8217.FrameReader()
    reader.feed(b"\x02E\rhel")
    assert reader.next_frame() == b"\x02E\r"
    assert reader.take(5) is None
    reader.feed(b"lo")
    assert reader.take(5) == b"hello"


def test_8217_command_reader_splits_commands_and_preset_tares():
    reader = t8217.CommandReader()
    reader.feed(b"WZT01500C")
    assert reader.commands() == [b"W", b"Z", b"T01500", b"C"]
    reader.feed(b"T01")
    assert reader.commands() == []  # maybe more digits on the way
    assert reader.flush() == [b"T", b"0", b"1"]
    reader.feed(b"TW")
    assert reader.commands() == [b"T", b"W"]
    reader.feed(bytes([ord("W") | 0x80]))  # parity bit set on the wire
    assert reader.commands() == [b"W"]


@given(st.binary(max_size=64))
def test_8217_parser_raises_only_its_protocol_error(data):
    try:
        frame = t8217.parse_frame(data)
    except t8217.Toledo8217Error:
        return
    assert data.startswith(b"\x02")
    assert data.endswith(b"\r")
    assert isinstance(frame, t8217.WeightFrame | t8217.StatusFrame | t8217.EchoAck)


@given(st.lists(st.binary(max_size=24), max_size=12))
def test_8217_frame_reader_never_raises_and_yields_only_frames(chunks):
    junk: list[bytes] = []
    reader = t8217.FrameReader(junk.append)
    for chunk in chunks:
        reader.feed(chunk)
        for frame in read_all(reader):
            assert frame[0] == 0x02
            assert frame[-1] == 0x0D
            assert len(frame) <= t8217.MAX_FRAME + 1
    assert len(reader) <= t8217.MAX_FRAME + 1


@given(st.binary(max_size=32))
def test_8217_command_reader_never_raises(data):
    reader = t8217.CommandReader()
    reader.feed(data)
    reader.commands()
    reader.flush()


@given(st.integers(min_value=0, max_value=99_999), st.booleans())
def test_8217_kg_round_trip(grams, net):
    assert t8217.parse_frame(t8217.encode_weight(grams, net=net)) == \
        t8217.WeightFrame(grams, t8217.Unit.KG, net)


@given(st.integers(min_value=0, max_value=45_000))
def test_8217_lb_round_trip_within_a_hundredth_of_a_pound(grams):
    frame = t8217.parse_frame(t8217.encode_weight(grams, t8217.Unit.LB))
    assert isinstance(frame, t8217.WeightFrame)
    assert abs(frame.grams - grams) <= 3  # 0.005 lb = 2.3 g


# -- MT-SICS ----------------------------------------------------------------------------------


def test_mtsics_commands_end_in_cr_lf():
    assert mtsics.encode_command(mtsics.Command.SEND_STABLE) == b"S\r\n"
    assert mtsics.encode_command(mtsics.Command.SEND_IMMEDIATE) == b"SI\r\n"
    assert mtsics.encode_command(mtsics.Command.SEND_REPEAT) == b"SIR\r\n"
    assert mtsics.encode_command(mtsics.Command.ZERO) == b"Z\r\n"
    assert mtsics.encode_command(mtsics.Command.TARE) == b"T\r\n"


def test_mtsics_weight_lines():
    # The example in the MT-SICS manual and PROTOCOLS.md, byte for byte.
    assert mtsics.encode_weight(mtsics.Motion.STABLE, 100, "g", 2) == b"S S     100.00 g\r\n"
    assert mtsics.encode_weight(mtsics.Motion.DYNAMIC, -12_345, "kg", 3) == \
        b"S D    -12.345 kg\r\n"
    assert mtsics.encode_weight(mtsics.Motion.STABLE, 1250, "g", 1) == b"S S     1250.0 g\r\n"


@pytest.mark.parametrize(("line", "reply"), [
    (b"S S     100.00 g\r\n", mtsics.WeightReply(mtsics.Motion.STABLE, 100, "g")),
    (b"S D     99.96 g", mtsics.WeightReply(mtsics.Motion.DYNAMIC, 100, "g")),
    (b"S S      1.234 kg", mtsics.WeightReply(mtsics.Motion.STABLE, 1234, "kg")),
    (b"S S       -0.4 g", mtsics.WeightReply(mtsics.Motion.STABLE, 0, "g")),
    (b"S S        1.5 lb", mtsics.WeightReply(mtsics.Motion.STABLE, 680, "lb")),
    (b"S I", mtsics.WeightUnavailable(mtsics.Unavailable.NOT_EXECUTABLE)),
    (b"S +", mtsics.WeightUnavailable(mtsics.Unavailable.OVERLOAD)),
    (b"S -", mtsics.WeightUnavailable(mtsics.Unavailable.UNDERLOAD)),
    (b"Z A", mtsics.ZeroReply(mtsics.ZeroResult.DONE)),
    (b"Z I", mtsics.ZeroReply(mtsics.ZeroResult.NOT_EXECUTABLE)),
    (b"Z +", mtsics.ZeroReply(mtsics.ZeroResult.ABOVE_RANGE)),
    (b"Z -", mtsics.ZeroReply(mtsics.ZeroResult.BELOW_RANGE)),
    (b"T S    100.00 g", mtsics.TareReply(mtsics.TareResult.DONE, 100)),
    (b"T I", mtsics.TareReply(mtsics.TareResult.NOT_EXECUTABLE)),
    (b"T +", mtsics.TareReply(mtsics.TareResult.ABOVE_RANGE)),
    (b"ES", mtsics.ErrorReply(mtsics.ErrorKind.SYNTAX)),
    (b"ET\r\n", mtsics.ErrorReply(mtsics.ErrorKind.TRANSMISSION)),
    (b"EL", mtsics.ErrorReply(mtsics.ErrorKind.LOGICAL)),
    (b'I4 A "0123456789"', mtsics.OtherReply("I4", "A", '"0123456789"')),
    (b"TAC A", mtsics.OtherReply("TAC", "A")),
])
def test_mtsics_replies(line, reply):
    assert mtsics.parse_reply(line) == reply


@pytest.mark.parametrize("line", [
    b"", b"S", b"S X     100.00 g", b"S S     abc g", b"S S     100.00 furlong",
    b"S S     100.00", b"Z A extra", b"T S", b"S + 12 g", b"\xff\xfe", b"S S\t100 g",
    b"s s 100 g", b"EX", b"S S  1e5 g", b"Z Q",
])
def test_mtsics_bad_lines_raise_the_protocol_error(line):
    with pytest.raises(mtsics.MtSicsError) as caught:
        mtsics.parse_reply(line)
    assert caught.value.code == "SCALE_MTSICS_PROTOCOL"


def test_mtsics_value_field_is_ten_characters():
    assert mtsics.format_value(100, "g", 2) == "    100.00 g"
    with pytest.raises(ValueError, match="10 characters"):
        mtsics.format_value(10**9, "g", 2)


def test_mtsics_line_reader():
    junk: list[bytes] = []
    reader = mtsics.LineReader(junk.append)
    reader.feed(b"S S     1.0 g\r\nS D  ")
    assert reader.next_line() == b"S S     1.0 g"
    assert reader.next_line() is None
    reader.feed(b"   2.0 g\r\n\r\nZ A\n")
    assert reader.next_line() == b"S D     2.0 g"
    assert reader.next_line() == b"Z A"  # a bare LF ends a line too; empty lines are skipped
    reader.feed(b"x" * 100)
    assert reader.next_line() is None
    assert junk == [b"x" * 100]


@given(st.binary(max_size=48))
def test_mtsics_parser_raises_only_its_protocol_error(data):
    try:
        mtsics.parse_reply(data)
    except mtsics.MtSicsError:
        pass


@given(st.text(alphabet="SDIZTAE+-0123456789. gk\r\n", max_size=40))
def test_mtsics_parser_on_near_miss_text(text):
    try:
        mtsics.parse_reply(text.encode())
    except mtsics.MtSicsError:
        pass


@given(st.lists(st.binary(max_size=40), max_size=10))
def test_mtsics_line_reader_never_raises(chunks):
    reader = mtsics.LineReader()
    for chunk in chunks:
        reader.feed(chunk)
        while (line := reader.next_line()) is not None:
            assert b"\n" not in line
            assert 0 < len(line) <= mtsics.MAX_LINE


@given(st.integers(min_value=-99_999, max_value=999_999), st.sampled_from(["g", "kg"]),
       st.sampled_from([mtsics.Motion.STABLE, mtsics.Motion.DYNAMIC]))
def test_mtsics_round_trip(grams, unit, motion):
    decimals = 1 if unit == "g" else 3
    reply = mtsics.parse_reply(mtsics.encode_weight(motion, grams, unit, decimals))
    assert reply == mtsics.WeightReply(motion, grams, unit)
