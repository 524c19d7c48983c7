"""ESC/POS codec: exact command bytes, status bits one by one, the parser, and fuzzing."""

from __future__ import annotations

import logging

import pytest
from escpos import constants as escpos_constants
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer import escpos_codec as codec
from devices.printer.driver import Responses
from devices.printer.escpos_codec import (
    EscPosParser,
    Kind,
    PrinterConditions,
    PrinterStatus,
    StatusKind,
    parse_all,
)

# -- commands ---------------------------------------------------------------------------


def test_command_bytes():
    assert codec.INIT == b"\x1b\x40"
    assert codec.print_mode(0x38) == b"\x1b\x21\x38"
    assert codec.bold(True) == b"\x1b\x45\x01"
    assert codec.align(codec.Align.RIGHT) == b"\x1b\x61\x02"
    assert codec.underline(2) == b"\x1b\x2d\x02"
    assert codec.feed_lines(3) == b"\x1b\x64\x03"
    assert codec.drawer_pulse(5, 100, 200) == b"\x1b\x70\x01\x32\x64"
    assert codec.char_size(2, 2) == b"\x1d\x21\x11"
    assert codec.char_size(1, 3) == b"\x1d\x21\x02"
    assert codec.select_code_page(19) == b"\x1b\x74\x13"
    assert codec.FULL_CUT == b"\x1d\x56\x00"
    assert codec.feed_and_cut(10, partial=True) == b"\x1d\x56\x42\x0a"
    assert codec.status_request(StatusKind.PAPER) == b"\x10\x04\x04"
    assert codec.ALL_STATUS_REQUESTS == bytes.fromhex("100401 100402 100403 100404")
    assert codec.PAPER_SENSOR_REQUEST == b"\x1d\x72\x01"
    assert codec.raster_image(1, 2, b"\x80\x01") == b"\x1d\x76\x30\x00\x01\x00\x02\x00\x80\x01"
    with pytest.raises(ValueError, match="magnification"):
        codec.char_size(9, 1)


def test_our_constants_agree_with_python_escpos():
    assert codec.status_request(StatusKind.PRINTER) == escpos_constants.RT_STATUS_ONLINE
    assert codec.status_request(StatusKind.PAPER) == escpos_constants.RT_STATUS_PAPER
    assert codec.FULL_CUT == escpos_constants.PAPER_FULL_CUT
    assert codec.PARTIAL_CUT == escpos_constants.PAPER_PART_CUT
    assert codec.drawer_pulse(2, 100, 100) == escpos_constants.CD_KICK_2
    assert codec.INIT == escpos_constants.HW_INIT


# -- status -------------------------------------------------------------------------------

OK = 0x12  # every DLE EOT answer: bits 1 and 4 on, bits 0 and 7 off


@pytest.mark.parametrize(("answers", "field", "value"), [
    ((OK, OK, OK, OK), "online", True),
    ((0x1A, OK, OK, OK), "online", False),  # n=1 bit 3
    ((OK, 0x16, OK, OK), "cover_open", True),  # n=2 bit 2
    ((OK, 0x1A, OK, OK), "feed_button", True),  # n=2 bit 3
    ((OK, 0x32, OK, OK), "paper_end_stop", True),  # n=2 bit 5
    ((OK, 0x32, OK, OK), "paper_out", True),
    ((OK, 0x52, OK, OK), "error_occurred", True),  # n=2 bit 6
    ((OK, OK, 0x1A, OK), "cutter_error", True),  # n=3 bit 3
    ((OK, OK, 0x32, OK), "unrecoverable_error", True),  # n=3 bit 5
    ((OK, OK, 0x52, OK), "auto_recoverable_error", True),  # n=3 bit 6
    ((OK, OK, OK, 0x1E), "paper_near_end", True),  # n=4 bits 2-3
    ((OK, OK, OK, 0x16), "paper_near_end", True),  # one near-end sensor of two
    ((OK, OK, OK, 0x72), "paper_out", True),  # n=4 bits 5-6
    ((OK, OK, OK, 0x72), "paper_near_end", False),
    ((OK, OK, OK, OK), "paper_out", False),
    ((OK, OK, OK, OK), "cover_open", False),
])
def test_each_status_bit_decodes(answers, field, value):
    assert getattr(PrinterStatus.from_answers(answers), field) is value


def test_python_escpos_masks_match_our_paper_bytes():
    # RT_MASK_LOWPAPER 30 = 0x1E near end; RT_MASK_NOPAPER 114 = 0x72 paper end
    assert PrinterStatus.from_answers([OK, OK, OK, escpos_constants.RT_MASK_LOWPAPER]
                                      ).paper_near_end
    assert PrinterStatus.from_answers([OK, OK, OK, escpos_constants.RT_MASK_NOPAPER]).paper_out


def test_missing_or_malformed_answers_are_unknown_never_ok():
    silent = PrinterStatus.from_answers([])
    assert (silent.online, silent.paper_out, silent.cover_open) == (None, None, None)
    assert silent.problem() is codec.PrinterUnknown
    assert not silent.to_event("p").can_print
    partial = PrinterStatus.from_answers([OK])
    assert (partial.online, partial.paper_out) == (True, None)
    noise = PrinterStatus.from_answers([0x00, 0xFF, 0x10, 0x93])
    assert not noise.answered


@pytest.mark.parametrize(("conditions", "problem"), [
    (PrinterConditions(), None),
    (PrinterConditions(paper_near_end=True), None),
    (PrinterConditions(offline=True, paper_end_stop=True, paper_out=True), codec.PrinterPaperOut),
    (PrinterConditions(offline=True, cover_open=True), codec.PrinterCoverOpen),
    (PrinterConditions(offline=True, error=True, cutter_error=True), codec.PrinterFault),
    (PrinterConditions(offline=True, error=True, unrecoverable_error=True), codec.PrinterFault),
    (PrinterConditions(offline=True), codec.PrinterOffline),
])
def test_problem_names_the_most_specific_cause(conditions, problem):
    status = PrinterStatus.from_answers([codec.encode_status(k, conditions) for k in StatusKind])
    assert status.problem() is problem


def test_encoded_status_bytes():
    out = PrinterConditions(offline=True, paper_end_stop=True, error=False, paper_near_end=True,
                            paper_out=True)
    assert [codec.encode_status(k, out) for k in StatusKind] == [0x1A, 0x32, 0x12, 0x7E]
    assert codec.encode_paper_sensor(PrinterConditions(paper_near_end=True)) == 0x03
    assert codec.is_paper_sensor_answer(0x00)
    assert codec.is_paper_sensor_answer(0x03)
    assert not codec.is_realtime_status(0x03)
    assert codec.is_realtime_status(0x7E)


def test_error_codes_are_stable():
    assert [e.code for e in (codec.PrinterPaperOut, codec.PrinterCoverOpen,
                             codec.PrinterOffline, codec.PrinterUnknown,
                             codec.PrinterPaperOutDuring, codec.PrinterFault)] == [
        "PRINTER_PAPER_OUT", "PRINTER_COVER_OPEN", "PRINTER_OFFLINE", "PRINTER_UNKNOWN",
        "PRINTER_PAPER_OUT_DURING", "PRINTER_ERROR"]


@given(st.builds(PrinterConditions, *[st.booleans()] * 11))
def test_status_round_trips(conditions):
    status = PrinterStatus.from_answers([codec.encode_status(k, conditions) for k in StatusKind])
    assert status.online is not conditions.offline
    assert status.cover_open is conditions.cover_open
    assert status.cutter_error is conditions.cutter_error
    assert status.unrecoverable_error is conditions.unrecoverable_error
    assert status.paper_near_end is conditions.paper_near_end
    assert status.paper_out is (conditions.paper_out or conditions.paper_end_stop)


@given(st.lists(st.integers(-5, 300), max_size=8))
def test_status_decoder_takes_any_answers(answers):
    status = PrinterStatus.from_answers(answers)
    status.to_event("p")
    assert status.problem() in (None, codec.PrinterUnknown, codec.PrinterPaperOut,
                                codec.PrinterCoverOpen, codec.PrinterFault,
                                codec.PrinterOffline)


class ScriptedLink:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, timeout: float) -> bytes:
        data, self.data = self.data[:7], self.data[7:]
        return data

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_driver_sorts_any_bytes_and_counts_garbage(data):
    log = logging.LoggerAdapter(logging.getLogger("test"), {"device": "p"})
    responses = Responses(ScriptedLink(data), log)
    answers = responses.collect_status(4, timeout=0.001)
    responses.drain()
    assert len(answers) + responses.stale + responses.printed + responses.garbage == len(data)
    assert responses.garbage == sum(1 for b in data if not codec.is_realtime_status(b)
                                    and not codec.is_paper_sensor_answer(b))


# -- parser -------------------------------------------------------------------------------


def kinds(data: bytes) -> list[tuple[Kind, tuple[int, ...], bytes]]:
    return [(c.kind, c.args, c.data) for c in parse_all(data)]


def test_parser_vectors():
    data = (b"\x1b@\x1bt\x13Gr\x81\xe1e\n\x1bE\x01\x1d!\x11\x1ba\x01\x1b-\x01\x1b!\x30"
            b"\x10\x04\x02\x1dr\x01\x1bd\x03\x1bp\x00\x32\x32\x1dV\x41\x05\x1dV\x00")
    assert kinds(data) == [
        (Kind.INIT, (), b""), (Kind.CODE_PAGE, (19,), b""), (Kind.TEXT, (), b"Gr\x81\xe1e"),
        (Kind.LF, (), b""), (Kind.BOLD, (1,), b""), (Kind.SIZE, (0x11,), b""),
        (Kind.ALIGN, (1,), b""), (Kind.UNDERLINE, (1,), b""), (Kind.PRINT_MODE, (0x30,), b""),
        (Kind.STATUS, (2,), b""), (Kind.PAPER_SENSOR, (1,), b""), (Kind.FEED, (3,), b""),
        (Kind.DRAWER, (0, 50, 50), b""), (Kind.CUT, (0x41, 5), b""), (Kind.CUT, (0,), b""),
    ]


def test_parser_barcodes_qr_and_images():
    assert kinds(codec.barcode_code128("AB-1")) == [(Kind.BARCODE, (73,), b"{BAB-1")]
    assert kinds(b"\x1dk\x024006381333931\x00") == [(Kind.BARCODE, (2,), b"4006381333931")]
    assert kinds(codec.qr_code(b"hi", 4, codec.QrLevel.H)) == [
        (Kind.QR_MODEL, (50, 0), b""), (Kind.QR_SIZE, (4,), b""), (Kind.QR_LEVEL, (51,), b""),
        (Kind.QR_STORE, (48,), b"hi"), (Kind.QR_PRINT, (48,), b"")]
    assert kinds(codec.raster_image(1, 2, b"\x80\x01")) == [(Kind.RASTER, (0, 1, 2), b"\x80\x01")]
    # a PDF417 function of GS ( k and a GS ( L graphics block are skipped whole
    assert kinds(b"\x1d(k\x03\x000A\x00" + b"\x1d(L\x02\x000E" + b"x") == [
        (Kind.SETTING, (), b""), (Kind.SETTING, (), b""), (Kind.TEXT, (), b"x")]


def test_parser_counts_unknown_bytes_and_resynchronises():
    parser = EscPosParser()
    commands = parser.feed(b"\x07A\x1bZB\x1d\xeeC\x10\x99D\x1dv0\x00\xff\xff\xff\xffE")
    assert [c.kind for c in commands if c.kind is not Kind.UNKNOWN] == [Kind.TEXT] * 5
    assert parser.unknown_bytes == 1 + 2 + 2 + 1 + 3 + 1  # BEL, ESC Z, GS ?, DLE, GS v 0, NUL
    assert b"".join(c.data for c in commands if c.kind is Kind.TEXT) == b"ABC\x99D\xff\xff\xff\xffE"


def test_parser_waits_for_the_rest_of_a_command():
    parser = EscPosParser()
    data = codec.qr_store(b"https://x") + b"\x1dk"
    assert parser.feed(data[:5]) == []
    assert parser.pending == 5
    assert [c.kind for c in parser.feed(data[5:])] == [Kind.QR_STORE]
    assert parser.pending == 2
    assert [c.kind for c in parser.feed(b"\x49\x02{B")] == [Kind.BARCODE]


# Commands we emit, with noise between them: what a fuzzed stream is made of.
FRAGMENTS = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([codec.INIT, codec.bold(True), codec.char_size(2, 2), codec.FULL_CUT,
                     codec.ALL_STATUS_REQUESTS, codec.PAPER_SENSOR_REQUEST, b"\n",
                     codec.align(codec.Align.CENTER), codec.print_mode(0xB9)]),
    st.text(max_size=10).map(lambda t: t.encode("cp858", errors="replace")),
    st.binary(max_size=20).map(lambda b: codec.qr_code(b)),
    st.text("AZaz09-{", max_size=20).map(codec.barcode_code128),
)
STREAMS = st.lists(FRAGMENTS, max_size=12).map(b"".join)


def merged(commands: list[codec.Command]) -> list[tuple[Kind, bytes]]:
    """Commands with adjacent text runs joined (text is emitted as it arrives)."""
    out: list[tuple[Kind, bytes]] = []
    for c in commands:
        if c.kind is Kind.TEXT and out and out[-1][0] is Kind.TEXT:
            out[-1] = (Kind.TEXT, out[-1][1] + c.raw)
        else:
            out.append((c.kind, c.raw))
    return out


@settings(max_examples=150, deadline=None)
@given(STREAMS, st.lists(st.integers(1, 50), max_size=20))
def test_parser_takes_any_stream_in_any_pieces(data, cuts):
    whole = EscPosParser()
    at_once = whole.feed(data)
    assert b"".join(c.raw for c in at_once) == data[:len(data) - whole.pending]
    assert whole.unknown_bytes == sum(len(c.raw) for c in at_once if c.kind is Kind.UNKNOWN)
    pieces, parser, start = [], EscPosParser(), 0
    for size in cuts:
        pieces += parser.feed(data[start:start + size])
        start += size
    pieces += parser.feed(data[start:])
    assert merged(pieces) == merged(at_once)
    assert parser.unknown_bytes == whole.unknown_bytes
