"""The serial scanner codec: exact frames, the stream decoder's cuts and drops, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner.aim import (
    AimIds,
    Dropped,
    FrameDecoder,
    FrameError,
    Framing,
    Scan,
    decode_frame,
    encode_frame,
    split_aim,
)
from pos.barcode import ProductCode, Symbology, interpret

CR = Framing()
CRLF = Framing(suffix=b"\r\n")
STX = Framing(prefix=b"\x02", suffix=b"\x03\r\n")
GS1 = "0104006381333931\x1d10ABC123"  # (01) GTIN, (10) batch ... FNC1 sent as GS


def scans(items: list[Scan | Dropped]) -> list[Scan]:
    return [item for item in items if isinstance(item, Scan)]


def drops(items: list[Scan | Dropped]) -> list[Dropped]:
    return [item for item in items if isinstance(item, Dropped)]


# -- exact frames --------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "aim", "framing", "frame"), [
    (b"4006381333931", "]E0", CR, b"]E04006381333931\r"),
    (b"96385074", "]E4", CRLF, b"]E496385074\r\n"),
    (GS1.encode(), "]C1", CR, b"]C10104006381333931\x1d10ABC123\r"),
    (b"4006381333931", "]E0", STX, b"\x02]E04006381333931\x03\r\n"),
    (b"4006381333931", "]E0", Framing(aim_ids=AimIds.NONE), b"4006381333931\r"),
    (b"4006381333931", None, CR, b"4006381333931\r"),
])
def test_encode_frame_exact_bytes(data, aim, framing, frame):
    assert encode_frame(data, aim, framing) == frame


@pytest.mark.parametrize(("aim", "symbology"), [
    ("]E0", Symbology.EAN13), ("]E3", Symbology.EAN_ADDON), ("]E4", Symbology.EAN8),
    ("]C1", Symbology.GS1_128), ("]C0", Symbology.CODE128), ("]e0", Symbology.GS1_DATABAR),
    ("]e1", Symbology.GS1_COMPOSITE), ("]e2", Symbology.GS1_COMPOSITE),
    ("]d2", Symbology.GS1_DATAMATRIX), ("]Q3", Symbology.GS1_QR), ("]I1", Symbology.ITF14),
    ("]X0", Symbology.UNKNOWN),  # a well-formed AIM id of a symbology the lane does not use
])
def test_decode_frame_maps_aim_ids_to_symbologies(aim, symbology):
    scan = decode_frame(aim.encode() + b"12345670\r", CR)
    assert (scan.aim, scan.symbology, scan.text) == (aim, symbology, "12345670")


def test_decode_frame_keeps_gs_and_the_whole_frame_as_raw():
    frame = b"\x02]C1" + GS1.encode() + b"\x03\r\n"
    scan = decode_frame(frame, STX)
    assert scan.raw == frame
    assert scan.text == GS1
    assert scan.data.count(b"\x1d") == 1
    product = interpret(scan.text, scan.symbology)
    assert isinstance(product, ProductCode)
    assert product.gtin == "04006381333931"


def test_text_is_latin1_so_any_byte_decodes_and_round_trips():
    scan = decode_frame(b"]Q1Gr\xfc\xdfe \xff\r", CR)
    assert scan.text == "Grüße ÿ"
    assert scan.text.encode("latin-1") == scan.data


def test_without_aim_ids_the_symbology_is_unknown():
    scan = decode_frame(b"4006381333931\r", CR)
    assert (scan.aim, scan.symbology, scan.text) == (None, Symbology.UNKNOWN, "4006381333931")
    # Set up without AIM ids, data that looks like one is left alone.
    scan = decode_frame(b"]E0123\r", Framing(aim_ids=AimIds.NONE))
    assert (scan.aim, scan.text) == (None, "]E0123")


@pytest.mark.parametrize(("frame", "framing"), [
    (b"\r", CR),  # nothing
    (b"]E0\r", CR),  # an AIM id and no data
    (b"4006381333931\r", Framing(aim_ids=AimIds.REQUIRED)),
    (b"]E0123", CR),  # no suffix
    (b"]E0123\r", STX),  # no prefix
])
def test_decode_frame_rejects_what_is_not_a_barcode(frame, framing):
    with pytest.raises(FrameError) as caught:
        decode_frame(frame, framing)
    assert caught.value.code == "SCANNER_FRAME"


def test_split_aim_checks_the_shape():
    assert split_aim(b"]E0123") == ("]E0", b"123")
    assert split_aim(b"]0E123") == (None, b"]0E123")  # code character must be a letter
    assert split_aim(b"]E") == (None, b"]E")


def test_encode_refuses_what_a_scanner_cannot_send():
    with pytest.raises(ValueError, match="suffix"):
        encode_frame(b"12\r34", "]E0", CR)
    with pytest.raises(ValueError, match="AIM"):
        encode_frame(b"1234", "E0", CR)


@pytest.mark.parametrize("kwargs", [
    {"suffix": b""}, {"max_frame": 4}, {"inter_byte_timeout_s": 0},
])
def test_framing_rejects_impossible_settings(kwargs):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Framing(**kwargs)


# -- the stream decoder ---------------------------------------------------------------------------


def test_a_frame_split_at_every_position_decodes_once():
    frame = b"\x02]C1" + GS1.encode() + b"\x03\r\n"
    for cut in range(1, len(frame)):
        decoder = FrameDecoder(STX)
        assert decoder.feed(frame[:cut], 0.0) == []
        (scan,) = decoder.feed(frame[cut:], 0.01)
        assert isinstance(scan, Scan)
        assert scan.raw == frame
        assert decoder.dropped == 0


def test_several_frames_in_one_read_come_out_in_order():
    decoder = FrameDecoder(CRLF)
    chunk = b"]E04006381333931\r\n]E496385074\r\n]C1" + GS1.encode() + b"\r\n]E0"
    out = decoder.feed(chunk, 0.0)
    assert [s.text for s in scans(out)] == ["4006381333931", "96385074", GS1]
    assert decoder.pending == b"]E0"


def test_bytes_before_the_prefix_are_dropped_and_counted():
    decoder = FrameDecoder(STX)
    out = decoder.feed(b"noise\x02]E0123\x03\r\n", 0.0)
    assert [d.data for d in drops(out)] == [b"noise"]
    assert [s.text for s in scans(out)] == ["123"]
    assert (decoder.dropped, decoder.dropped_bytes, decoder.scans) == (1, 5, 1)


def test_a_prefix_split_across_reads_is_kept():
    decoder = FrameDecoder(Framing(prefix=b"\x02\x02"))
    assert drops(decoder.feed(b"xx\x02", 0.0))[0].data == b"xx"
    assert scans(decoder.feed(b"\x02]E0123\r", 0.0))[0].text == "123"


def test_a_frame_cut_short_by_the_next_prefix_is_dropped():
    decoder = FrameDecoder(STX)
    out = decoder.feed(b"\x02]E012\x02]E0456\x03\r\n", 0.0)
    assert [d.data for d in drops(out)] == [b"\x02]E012"]
    assert [s.text for s in scans(out)] == ["456"]


def test_an_incomplete_frame_expires_after_the_inter_byte_timeout():
    decoder = FrameDecoder(Framing(inter_byte_timeout_s=0.5))
    decoder.feed(b"]E04006", 10.0)
    assert decoder.expire(10.4) is None
    dropped = decoder.expire(10.6)
    assert dropped == Dropped("incomplete frame timed out", b"]E04006")
    assert decoder.pending == b""
    assert decoder.dropped == 1


def test_a_late_chunk_does_not_complete_a_stale_fragment():
    decoder = FrameDecoder(Framing(inter_byte_timeout_s=0.5))
    decoder.feed(b"]E04006", 0.0)
    out = decoder.feed(b"]E0123\r", 2.0)  # the fragment's tail never came
    assert [d.data for d in drops(out)] == [b"]E04006"]
    assert [s.text for s in scans(out)] == ["123"]


def test_a_slow_frame_within_the_timeout_is_fine():
    decoder = FrameDecoder(Framing(inter_byte_timeout_s=0.5))
    frame = b"]E04006381333931\r"
    out: list[Scan | Dropped] = []
    for i, byte in enumerate(frame):
        out += decoder.feed(bytes([byte]), i * 0.3)  # 0.3 s between bytes: slow, not dead
    assert [s.text for s in scans(out)] == ["4006381333931"]


def test_too_long_frames_are_dropped_with_or_without_their_suffix():
    decoder = FrameDecoder(Framing(max_frame=16))
    out = decoder.feed(b"]E0" + b"1" * 20, 0.0)
    assert drops(out)[0].reason == "frame too long"
    assert decoder.pending == b""
    out = decoder.feed(b"]E0" + b"1" * 14 + b"\r]E012\r", 0.0)
    assert [d.reason for d in drops(out)] == ["frame too long"]
    assert [s.text for s in scans(out)] == ["12"]


def test_an_empty_frame_counts_as_bad():
    decoder = FrameDecoder(CR)
    out = decoder.feed(b"\r]E0\r", 0.0)
    assert len(drops(out)) == 2
    assert decoder.dropped == 2


def test_required_aim_ids_turn_noise_with_a_cr_into_a_dropped_frame():
    optional, required = FrameDecoder(CR), FrameDecoder(Framing(aim_ids=AimIds.REQUIRED))
    assert scans(optional.feed(b"\x00\xffnoise\r", 0.0))[0].symbology is Symbology.UNKNOWN
    assert drops(required.feed(b"\x00\xffnoise\r", 0.0))[0].reason == \
        "frame without an AIM identifier"


def test_discard_drops_a_partial_frame():
    decoder = FrameDecoder(CR)
    assert decoder.discard("link lost") is None
    decoder.feed(b"]E01", 0.0)
    assert decoder.discard("link lost") == Dropped("link lost", b"]E01")


# -- fuzzing ------------------------------------------------------------------------------------

FRAMINGS = st.sampled_from([
    CR, CRLF, STX, Framing(aim_ids=AimIds.REQUIRED), Framing(aim_ids=AimIds.NONE, max_frame=32),
])


@settings(max_examples=200, deadline=None)
@given(framing=FRAMINGS, chunks=st.lists(st.binary(max_size=80), max_size=12),
       gaps=st.lists(st.floats(0, 1), min_size=12, max_size=12))
def test_no_input_breaks_the_decoder_and_every_byte_is_accounted_for(framing, chunks, gaps):
    decoder = FrameDecoder(framing)
    now, total, out = 0.0, 0, []
    for chunk, gap in zip(chunks, gaps, strict=False):
        now += gap
        total += len(chunk)
        out += decoder.feed(chunk, now)
    out.append(decoder.expire(now + 10))
    seen = sum(len(s.raw) for s in scans([o for o in out if o is not None]))
    assert seen + decoder.dropped_bytes + len(decoder.pending) == total
    assert decoder.pending == b""
    assert decoder.scans == len(scans([o for o in out if o is not None]))


AIMS = st.sampled_from(["]E0", "]E4", "]C1", "]e0", "]d2", "]Q3", "]I1"])
DATA = st.binary(min_size=1, max_size=200).filter(lambda d: b"\r" not in d and b"\x02" not in d)


@settings(max_examples=200, deadline=None)
@given(framing=st.sampled_from([CR, STX, Framing(aim_ids=AimIds.REQUIRED)]),
       barcodes=st.lists(st.tuples(DATA, AIMS), min_size=1, max_size=6), data=st.data())
def test_frames_in_any_chunking_decode_to_what_was_sent(framing, barcodes, data):
    stream = b"".join(encode_frame(d, aim, framing) for d, aim in barcodes)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    decoder = FrameDecoder(framing)
    out: list[Scan | Dropped] = []
    for start, stop in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        out += decoder.feed(stream[start:stop], 0.0)
    assert [(s.data, s.aim) for s in scans(out)] == barcodes
    assert decoder.dropped == 0
