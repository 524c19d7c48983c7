"""ZVT codec: exact bytes for APDUs, BCD, BMPs and serial frames; fuzzing of every parser."""

from __future__ import annotations

import collections

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.payment import zvt_codec as zc

# PROTOCOLS.md: authorization of 12.34 EUR as a serial frame.
EXAMPLE_FRAME = bytes.fromhex("10 02 06 01 0a 04 00 00 00 00 12 34 49 09 78 10 03 b0 91")


def test_example_frame_from_protocols_md():
    apdu = zc.authorization(1234, zc.CURRENCY_NUMERIC["EUR"])
    assert apdu.encode() == bytes.fromhex("06 01 0a 04 00 00 00 00 12 34 49 09 78")
    assert zc.frame(apdu.encode()) == EXAMPLE_FRAME


def test_crc16_kermit():
    assert zc.crc16_kermit(b"123456789") == 0x2189  # the catalogue's check value
    apdu = bytes.fromhex("06 01 0a 04 00 00 00 00 12 34 49 09 78")
    assert zc.crc16_kermit(apdu + b"\x03") == 0x91B0  # sent low byte first: b0 91


@pytest.mark.parametrize(("size", "header"), [
    (0, "06 d3 00"),
    (10, "06 d3 0a"),
    (254, "06 d3 fe"),
    (255, "06 d3 ff ff 00"),  # from 0xFF on: FF, then the length low byte first
    (861, "06 d3 ff 5d 03"),
    (65535, "06 d3 ff ff ff"),
])
def test_apdu_length_forms(size, header):
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    encoded = zc.Apdu(0x06, 0xD3, data).encode()
    assert encoded[:len(bytes.fromhex(header))] == bytes.fromhex(header)
    assert zc.decode_apdu(encoded) == zc.Apdu(0x06, 0xD3, data)


def test_apdu_too_long_is_refused():
    with pytest.raises(ValueError, match="too long"):
        zc.Apdu(0x06, 0xD3, bytes(65536)).encode()


def test_split_apdu_waits_for_the_whole_apdu_and_keeps_the_rest():
    stream = bytes.fromhex("80 00 00 04 ff 01 0a 06 0f")
    assert zc.split_apdu(stream[:2]) == (None, 0)
    assert zc.split_apdu(stream[3:6]) == (None, 0)
    first, used = zc.split_apdu(stream)
    assert (first, used) == (zc.ACK_APDU, 3)
    second, used2 = zc.split_apdu(stream[used:])
    assert second == zc.Apdu(0x04, 0xFF, b"\x0a")
    assert used2 == 4
    assert zc.split_apdu(bytes.fromhex("06 d3 ff 10")) == (None, 0)


def test_decode_apdu_rejects_short_and_trailing_bytes():
    with pytest.raises(zc.ApduError):
        zc.decode_apdu(bytes.fromhex("06 01 0a 04"))
    with pytest.raises(zc.ApduError):
        zc.decode_apdu(bytes.fromhex("80 00 00 00"))


def test_bcd():
    assert zc.bcd_encode(1234, 6) == bytes.fromhex("00 00 00 00 12 34")
    assert zc.bcd_encode(978, 2) == bytes.fromhex("09 78")
    assert zc.bcd_decode(bytes.fromhex("00 00 00 00 12 34")) == 1234
    assert zc.bcd_digits(bytes.fromhex("00 00 42")) == "000042"
    with pytest.raises(ValueError, match="does not fit"):
        zc.bcd_encode(1_000_000, 3)
    with pytest.raises(zc.BmpError):
        zc.bcd_decode(b"\x1a")


def test_llvar_and_lllvar_lengths():
    assert zc.var_length_encode(12, 2) == bytes.fromhex("f1 f2")
    assert zc.var_length_encode(3, 3) == bytes.fromhex("f0 f0 f3")
    assert zc.var_length_decode(bytes.fromhex("f1 f6")) == 16
    with pytest.raises(zc.BmpError):
        zc.var_length_decode(bytes.fromhex("f1 16"))


def test_commands_ecr_to_pt():
    assert zc.registration("000000", 0xBE, 978).encode() == bytes.fromhex(
        "06 00 06 00 00 00 be 09 78")
    assert zc.registration("123456", 0xBE, 978, service_byte=0x01).encode() == bytes.fromhex(
        "06 00 08 12 34 56 be 09 78 03 01")
    assert zc.reversal("000000", 42).encode() == bytes.fromhex("06 30 06 00 00 00 87 00 42")
    assert zc.repeat_receipt("000000").encode() == bytes.fromhex("06 20 03 00 00 00")
    assert zc.ECR_ABORT_APDU.encode() == bytes.fromhex("06 b0 00")
    assert zc.ACK_APDU.encode() == bytes.fromhex("80 00 00")
    assert zc.nak_apdu(0x83).encode() == bytes.fromhex("84 83 00")
    with pytest.raises(ValueError, match="6 digits"):
        zc.password_bytes("12345")


def test_commands_pt_to_ecr():
    assert zc.intermediate_status(0x0A).encode() == bytes.fromhex("04 ff 01 0a")
    assert zc.completion().encode() == bytes.fromhex("06 0f 00")
    assert zc.completion("52500001").encode() == bytes.fromhex("06 0f 05 29 52 50 00 01")
    assert zc.abort(0x6C).encode() == bytes.fromhex("06 1e 01 6c")
    assert zc.print_line("AB").encode() == bytes.fromhex("06 d1 03 00 41 42")
    assert zc.text_block(["AB"], receipt_type=2).encode() == bytes.fromhex(
        "06 d3 0c 06 0a 1f 07 01 02 25 04 07 02 41 42")


# A status information (04 0F) with every BMP the lane reads, as a terminal sends it.
STATUS_BYTES = bytes.fromhex(
    "27 00"  # result code: no error
    "04 00 00 00 00 12 34"  # amount 12.34
    "0b 00 00 42"  # trace number
    "0c 14 30 59"  # time 14:30:59
    "0d 11 23"  # date 23 November
    "0e 28 12"  # expiry 2028-12
    "22 f0 f8 67 25 59 ee ee ee 12 34"  # masked PAN, LLVAR 08
    "29 52 50 00 01"  # terminal id
) + b"\x2a" + b"SIMULATED-VU-01" + b"\x3b" + b"A0000003" + bytes.fromhex(
    "87 00 07"  # receipt number
    "8a 05"  # card type: girocard
    "8b f0 f8") + b"girocard"


def test_status_information_with_every_bmp():
    info = zc.decode_status_info(STATUS_BYTES)
    assert info == zc.StatusInfo(
        result_code=0, amount=1234, trace_no="000042", time="143059", date="1123",
        expiry="2812", masked_pan="672559******1234", terminal_id="52500001",
        vu_number="SIMULATED-VU-01", aid="A0000003", receipt_no="0007", card_type_id=5,
        card_name="girocard")
    assert zc.encode_status_info(info) == zc.Apdu(0x04, 0x0F, STATUS_BYTES)
    message = zc.decode_pt_message(zc.Apdu(0x04, 0x0F, STATUS_BYTES))
    assert message == zc.Status(info)


def test_status_information_timestamp_takes_the_year_that_fits():
    from datetime import datetime

    info = zc.StatusInfo(date="1231", time="235959")
    assert info.timestamp(datetime(2031, 1, 1, 0, 1)) == datetime(2030, 12, 31, 23, 59, 59)
    assert zc.StatusInfo(date="0101", time="000100").timestamp(
        datetime(2031, 1, 1, 0, 2)) == datetime(2031, 1, 1, 0, 1)
    assert zc.StatusInfo(date="1399", time="000000").timestamp() is None


def test_pan_with_odd_digits_and_currency():
    assert zc.pan_encode("4711****123") == bytes.fromhex("47 11 ee ee 12 3f")
    assert zc.pan_decode(bytes.fromhex("47 11 ee ee 12 3f")) == "4711****123"
    info = zc.decode_status_info(bytes.fromhex("27 05 49 09 78"))
    assert (info.result_code, info.currency) == (0x05, 978)


def test_unknown_bmp_strict_and_lenient():
    data = bytes.fromhex("27 00 04 00 00 00 00 01 00 fe 01 02")
    with pytest.raises(zc.BmpError, match="unknown BMP fe"):
        zc.decode_status_info(data)
    info = zc.decode_status_info(data, strict=False)
    assert (info.result_code, info.amount) == (0, 100)
    assert "unknown BMP fe" in info.problem


def test_tlv_container_in_status_information_is_skipped():
    tlv = zc.tlv_encode(0x1F10, b"\x01")
    data = bytes.fromhex("27 00") + zc.encode_bmp(0x06, tlv) + bytes.fromhex("87 00 01")
    assert zc.parse_bmps(data)[0x06] == tlv
    assert zc.decode_status_info(data).receipt_no == "0001"


def test_pt_messages():
    assert zc.decode_pt_message(zc.ACK_APDU) == zc.Ack()
    assert zc.decode_pt_message(zc.Apdu(0x84, 0x00)) == zc.Ack()
    assert zc.decode_pt_message(zc.Apdu(0x84, 0x9A)) == zc.Nak(0x9A)
    assert zc.decode_pt_message(zc.intermediate_status(0x0A)) == zc.Intermediate(
        0x0A, "insert card")
    assert zc.decode_pt_message(zc.abort(0x6C)) == zc.Abort(0x6C)
    assert zc.decode_pt_message(zc.Apdu(0x06, 0x1E)) == zc.Abort(zc.RESULT_SYSTEM_ERROR)
    block = zc.decode_pt_message(zc.text_block(["A", "B"], receipt_type=1))
    assert block == zc.TextBlock(1, ("A", "B"))
    assert zc.decode_pt_message(zc.Apdu(0x06, 0x01)) == zc.Unexpected(zc.Apdu(0x06, 0x01))
    completion = zc.decode_pt_message(zc.completion("52500001"))
    assert completion == zc.Completion({0x29: bytes.fromhex("52 50 00 01")})


def test_print_line_attributes():
    last = zc.decode_pt_message(zc.print_line("END", attribute=0xC0))
    assert isinstance(last, zc.PrintLine)
    assert last.last_line
    assert last.lines() == ["END"]
    feeds = zc.decode_pt_message(zc.Apdu(0x06, 0xD1, b"\xff\x03"))
    assert isinstance(feeds, zc.PrintLine)
    assert feeds.lines() == ["", "", ""]
    assert not zc.PrintLine(0x80, "x").last_line  # 80 alone is RFU (table 16)


def test_ecr_commands_decoded_by_the_simulator():
    assert zc.decode_authorization(zc.authorization(1234, 978).data) == (1234, 978)
    request = zc.decode_registration(zc.registration("123456", 0xBE, 978).data)
    assert request == zc.RegistrationRequest("123456", 0xBE, 978)
    password, fields = zc.decode_password_and_bmps(zc.reversal("000000", 42).data)
    assert (password, fields) == ("000000", {0x87: b"\x00\x42"})
    with pytest.raises(zc.ZvtProtocolError):
        zc.decode_authorization(bytes.fromhex("49 09 78"))


# -- serial framing ---------------------------------------------------------------------


def test_dle_is_doubled_and_undoubled():
    apdu = bytes.fromhex("06 d1 04 00 10 41 10")
    framed = zc.frame(apdu)
    assert framed[2:-4] == bytes.fromhex("06 d1 04 00 10 10 41 10 10")
    # The CRC covers the APDU before doubling.
    assert framed[-2:] == zc.crc16_kermit(apdu + b"\x03").to_bytes(2, "little")
    assert zc.Deframer().feed(framed) == [zc.GoodFrame(apdu)]


def test_deframer_events():
    deframer = zc.Deframer()
    good = zc.frame(zc.ACK_APDU.encode())
    bad = bytearray(good)
    bad[-1] ^= 0xFF
    events = deframer.feed(b"\x06\x15xyz" + bytes(bad) + good[:5])
    assert events == [zc.LinkAck(True), zc.LinkAck(False), zc.BadFrame("CRC mismatch")]
    assert deframer.garbage == 3
    assert deframer.feed(good[5:]) == [zc.GoodFrame(zc.ACK_APDU.encode())]
    assert deframer.feed(b"\x10\x02\x01\x10\x07") == [zc.BadFrame("DLE 07 inside a frame")]


def test_deframer_restarts_on_dle_stx_inside_a_frame():
    partial = b"\x10\x02\x04\xff\x01"  # a frame cut off mid-way
    good = zc.frame(zc.ACK_APDU.encode())
    assert zc.Deframer().feed(partial + good) == [
        zc.BadFrame("frame restarted"), zc.GoodFrame(zc.ACK_APDU.encode())]


class ScriptedPipe:
    """A byte pipe whose peer answers each frame we send with the next scripted reply."""

    def __init__(self, replies: list[bytes]) -> None:
        self.replies = collections.deque(replies)
        self.sent: list[bytes] = []
        self.inbox = bytearray()

    def send(self, data: bytes) -> None:
        self.sent.append(data)
        if data[:2] == b"\x10\x02" and self.replies:
            self.inbox += self.replies.popleft()

    def recv(self, timeout: float) -> bytes:
        data, self.inbox = bytes(self.inbox), bytearray()
        return data


def test_nak_makes_the_sender_retransmit():
    pipe = ScriptedPipe([b"\x15", b"\x06"])
    link = zc.FramedLink(pipe, ack_timeout=0.05)
    link.send(zc.ACK_APDU)
    frame = zc.frame(zc.ACK_APDU.encode())
    assert pipe.sent == [frame, frame]
    assert link.retransmissions == 1


def test_sender_gives_up_after_three_retries():
    pipe = ScriptedPipe([])
    link = zc.FramedLink(pipe, ack_timeout=0.01, retries=3)
    with pytest.raises(zc.ZvtLinkError):
        link.send(zc.ACK_APDU)
    assert len(pipe.sent) == 4


def test_receiver_acknowledges_good_frames_and_naks_bad_ones():
    good = zc.frame(zc.abort(0x6C).encode())
    bad = bytearray(good)
    bad[5] ^= 0x01
    pipe = ScriptedPipe([])
    pipe.inbox += bytes(bad) + good
    link = zc.FramedLink(pipe)
    assert link.recv(0.1) == zc.abort(0x6C)
    assert pipe.sent == [b"\x15", b"\x06"]
    assert link.bad_frames == 1


def test_bare_link_joins_fragments_and_drops_stale_bytes():
    pipe = ScriptedPipe([])
    link = zc.BareLink(pipe)
    pipe.inbox += bytes.fromhex("04 ff 01")
    assert link.recv(0.01) is None
    pipe.inbox += bytes.fromhex("0a 80 00")
    assert link.recv(0.01) == zc.intermediate_status(0x0A)
    assert link.discard_stale() == 2
    assert link.bad_frames == 1


# -- fuzzing: any bytes, only ZvtProtocolError escapes ---------------------------------------


@given(st.binary(max_size=300))
def test_fuzz_apdu_parser(data):
    try:
        apdu = zc.decode_apdu(data)
    except zc.ZvtProtocolError:
        return
    assert apdu.encode() == data


@given(st.binary(max_size=300))
def test_fuzz_bmp_parsers(data):
    for parse in (zc.parse_bmps, zc.decode_status_info, zc.tlv_decode):
        try:
            parse(data)
        except zc.ZvtProtocolError:
            pass
    zc.parse_bmps_lenient(data)  # never raises


@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=200))
def test_fuzz_pt_message_decoder(cls, instr, data):
    try:
        zc.decode_pt_message(zc.Apdu(cls, instr, data))
    except zc.ZvtProtocolError:
        pass


@given(st.binary(max_size=400))
def test_fuzz_deframer_never_raises(data):
    deframer = zc.Deframer()
    for event in deframer.feed(data):
        assert isinstance(event, zc.GoodFrame | zc.BadFrame | zc.LinkAck)


@given(st.binary(max_size=60), st.binary(max_size=80))
@settings(max_examples=300)
def test_fuzz_deframer_resynchronises_on_garbage(garbage, apdu):
    """After any garbage, a frame sent twice (as the sender retries on NAK) gets through."""
    framed = zc.frame(apdu)
    events = zc.Deframer().feed(garbage + framed + framed)
    assert zc.GoodFrame(apdu) in events


@given(st.binary(max_size=300))
def test_fuzz_frame_round_trip(apdu):
    assert zc.Deframer().feed(zc.frame(apdu)) == [zc.GoodFrame(apdu)]


@given(st.builds(
    zc.StatusInfo,
    result_code=st.integers(0, 255), amount=st.integers(0, 999_999_999_999),
    trace_no=st.integers(0, 999_999).map(lambda n: f"{n:06d}"),
    masked_pan=st.text("0123456789*", min_size=1, max_size=19),
    receipt_no=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    card_name=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20)))
def test_status_information_round_trip(info):
    assert zc.decode_status_info(zc.encode_status_info(info).data) == info
