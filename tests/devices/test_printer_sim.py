"""The printer simulator: its receipt model, its status answers on the wire, its PNG."""

from __future__ import annotations

import queue
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from PIL import Image as PILImage

from devices.printer import escpos_codec as codec
from devices.printer.escpos_codec import Align, parse_all
from devices.printer.preview import CELL_W, EDGE, OUTSIDE, render_png
from devices.printer.render import render_receipt
from devices.printer.sim import PrintEngine, PrinterSim, main
from devices.simlink import TcpEndpoint
from tests.devices.test_printer_codec import STREAMS
from tests.devices.test_printer_render import sample_receipt


def run(data: bytes, columns: int = 42) -> PrintEngine:
    engine = PrintEngine(columns)
    for command in parse_all(data):
        engine.apply(command)
    return engine


def test_styles_alignment_and_sizes_follow_the_commands():
    engine = run(
        codec.INIT + b"plain\n"
        + codec.align(codec.Align.CENTER) + codec.char_size(2, 2) + b"BIG\n"
        + codec.print_mode(codec.MODE_EMPHASIZED | codec.MODE_DOUBLE_HEIGHT) + b"tall bold\n"
        + codec.print_mode(0) + codec.align(codec.Align.RIGHT) + codec.underline(1) + b"u\n"
        + codec.underline(0) + codec.bold(True) + b"B" + codec.bold(False) + b"n\n"
        + codec.INIT + b"reset\n" + codec.FULL_CUT)
    (receipt,) = engine.receipts
    plain, big, tall, under, mixed, reset = receipt.text_lines
    assert (plain.text, plain.align, plain.width, plain.bold) == ("plain", Align.LEFT, 1, False)
    assert (big.text, big.align, big.width, big.height) == ("BIG", Align.CENTER, 2, 2)
    assert (tall.bold, tall.width, tall.height) == (True, 1, 2)
    assert (under.align, under.spans[0].style.underline) == (Align.RIGHT, 1)
    assert [(s.text, s.style.bold) for s in mixed.spans] == [("B", True), ("n", False)]
    assert (reset.align, reset.width, reset.bold) == (Align.LEFT, 1, False)
    assert receipt.cut


def test_cuts_split_receipts_and_a_paper_end_stops_printing():
    engine = run(b"one\n" + codec.FULL_CUT + b"two\n" + codec.feed_and_cut(3))
    assert [r.lines for r in engine.receipts] == [["one"], ["two"]]
    engine = PrintEngine()
    engine.paper_lines = 2
    for command in parse_all(b"a\nb\nc\n" + codec.FULL_CUT):
        engine.apply(command)
    assert engine.paper_out
    assert engine.receipts == []
    assert engine.current.lines == ["a", "b"]


def test_images_barcodes_and_code_pages():
    engine = run(codec.raster_image(2, 3, bytes(range(6))) + codec.select_code_page(17)
                 + "Привет".encode("cp866") + b"\n" + b"\x1dh\x32\x1dw\x04\x1dH\x01"
                 + codec.barcode_code128("X-1") + b"\x1dk\x02" + b"4006381333931\x00"
                 + codec.FULL_CUT)
    (receipt,) = engine.receipts
    (image,) = receipt.images
    assert (image.width, image.height, image.bits) == (16, 3, bytes(range(6)))
    assert receipt.lines == ["Привет"]
    code128, ean = receipt.barcodes
    assert (code128.symbology, code128.data, code128.height, code128.module, code128.hri) == (
        "CODE128", "X-1", 0x32, 4, 1)
    assert (ean.symbology, ean.data) == ("EAN13", "4006381333931")


@settings(max_examples=100, deadline=None)
@given(STREAMS)
def test_the_engine_takes_any_stream(data):
    engine = run(data)
    assert all(r.cut for r in engine.receipts)


# -- on the wire ---------------------------------------------------------------------------


@pytest.fixture
def wire():
    endpoint = TcpEndpoint()
    sim = PrinterSim(endpoint).start()
    client = socket.create_connection(("127.0.0.1", endpoint.port), timeout=5)
    yield sim, client
    client.close()
    sim.stop()
    endpoint.close()


def ask(client: socket.socket, data: bytes, count: int) -> bytes:
    client.sendall(data)
    answer = b""
    while len(answer) < count:
        answer += client.recv(16)
    return answer


@pytest.mark.parametrize(("setup", "answers"), [
    (lambda sim: None, "12 12 12 12"),
    (lambda sim: sim.set_online(False), "1a 12 12 12"),
    (lambda sim: sim.set_cover_open(True), "1a 16 12 12"),
    (lambda sim: sim.set_feed_button(True), "1a 1a 12 12"),
    (lambda sim: sim.set_paper_near_end(True), "12 12 12 1e"),
    (lambda sim: sim.set_paper_out(True), "1a 32 12 7e"),
    (lambda sim: sim.set_cutter_error(True), "1a 52 1a 12"),
    (lambda sim: sim.set_unrecoverable_error(True), "1a 52 32 12"),
])
def test_status_answers_on_the_wire(wire, setup, answers):
    sim, client = wire
    setup(sim)
    assert ask(client, codec.ALL_STATUS_REQUESTS, 4) == bytes.fromhex(answers)


def test_paper_sensor_answer_comes_after_the_receipt_and_not_after_a_paper_end(wire):
    sim, client = wire
    data = render_receipt(sample_receipt())
    assert ask(client, data + codec.PAPER_SENSOR_REQUEST, 1) == b"\x00"
    assert sim.wait_receipt(5).qr_codes
    sim.run_out_after(3)
    client.sendall(data + codec.PAPER_SENSOR_REQUEST)
    # DLE EOT is real-time: it may overtake the receipt, so ask until the paper end shows.
    seen = b""
    deadline = time.monotonic() + 5
    while not seen.endswith(bytes.fromhex("1a 32 12 7e")) and time.monotonic() < deadline:
        seen += ask(client, codec.ALL_STATUS_REQUESTS, 4)
    assert seen.endswith(bytes.fromhex("1a 32 12 7e"))
    assert b"\x00" not in seen  # GS r 1 went unanswered: the receipt never finished
    assert len(sim.current.lines) == 3
    assert sim.dropped > 0


def test_silent_printer_takes_data_and_answers_nothing(wire):
    sim, client = wire
    sim.set_silent(True)
    client.settimeout(0.3)
    client.sendall(codec.ALL_STATUS_REQUESTS + b"hello\n" + codec.FULL_CUT)
    with pytest.raises(socket.timeout):
        client.recv(16)
    assert sim.wait_receipt(5).lines == ["hello"]
    assert sim.status_requests == 4


def test_unknown_bytes_are_counted(wire):
    sim, client = wire
    client.sendall(b"\x07\x1bZok\n" + codec.FULL_CUT)
    assert sim.wait_receipt(5).lines == ["ok"]
    assert sim.unknown_bytes == 3


# -- the PNG and the command line -------------------------------------------------------------


def test_png_shows_the_receipt(tmp_path):
    receipt = run(render_receipt(sample_receipt())).receipts[0]
    path = render_png(receipt, tmp_path / "r.png")
    image = PILImage.open(path)
    assert image.format == "PNG"
    assert image.width == 42 * CELL_W + 2 * EDGE + 2 * OUTSIDE
    assert image.height > 1000
    grey = image.convert("L")
    paper = grey.crop((OUTSIDE + EDGE, OUTSIDE + EDGE, image.width - OUTSIDE - EDGE,
                       image.height - OUTSIDE - EDGE))
    histogram = paper.histogram()
    assert histogram[0] > 5000  # the barcode, the QR code and the text are black
    assert histogram[255] > 10 * histogram[0]  # on white paper


class Lines:
    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def write(self, text: str) -> int:
        self.lines.put(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_main_serves_on_tcp_and_draws_receipts(tmp_path):
    stop, out = threading.Event(), Lines()
    thread = threading.Thread(target=main, args=(["--tcp", "0", "--png-dir", str(tmp_path)],),
                              kwargs={"stop": stop, "out": out}, daemon=True)
    thread.start()
    try:
        url = out.lines.get(timeout=5).strip()
        host, port = url.removeprefix("socket://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as client:
            assert ask(client, b"hi\n" + codec.FULL_CUT + codec.PAPER_SENSOR_REQUEST, 1) == b"\0"
    finally:
        stop.set()
        thread.join(5)
    assert [p.name for p in tmp_path.iterdir()] == ["receipt-0001.png"]


def test_a_long_running_simulator_keeps_only_the_latest_receipts():
    from devices.printer.sim import KEEP_RECEIPTS

    engine = run(b"".join(f"receipt {n}\n".encode() + codec.FULL_CUT
                          for n in range(KEEP_RECEIPTS + 5)))
    assert len(engine.receipts) == KEEP_RECEIPTS
    assert engine.receipts[0].lines == ["receipt 5"]
    assert engine.receipts[-1].lines == [f"receipt {KEEP_RECEIPTS + 4}"]
