"""The printer simulator's receipts drawn as a person would see them on thermal paper.

One pixel per printer dot: font A cells of 12 x 24 dots (DejaVu Sans Mono, or Pillow's
own font), barcodes drawn from python-barcode's modules, QR codes from ``qrcode``'s matrix,
raster images as printed, and the cut (or a torn edge when the printer stopped before it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import barcode as python_barcode
import qrcode
from barcode.errors import BarcodeError
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from devices.printer.escpos_codec import Align
from devices.printer.sim import Barcode, Picture, QrCode, SimReceipt, Span, Style, TextLine

CELL_W, CELL_H = 12, 24  # font A is 12 x 24 dots; the preview draws one pixel per dot
LINE_H = 30  # ESC 2 default line spacing, in dots
EDGE = 18  # paper margin
OUTSIDE = 24  # grey around the paper
_BARCODE_MODULES = {"CODE128": "code128", "GS1-128": "code128", "EAN13": "ean13",
                    "EAN8": "ean8", "UPC-A": "upca", "CODE39": "code39", "ITF": "itf"}
_QR_LEVELS = {"L": 1, "M": 0, "Q": 3, "H": 2}  # qrcode.constants.ERROR_CORRECT_*


class _Glyphs:
    """Font A glyphs, bold and magnified as a printer does it (dots doubled, same font)."""

    def __init__(self) -> None:
        self._fonts: dict[bool, Any] = {}
        for bold, name in ((False, "DejaVuSansMono.ttf"), (True, "DejaVuSansMono-Bold.ttf")):
            try:
                self._fonts[bold] = ImageFont.truetype(name, 20)
            except OSError:  # no DejaVu: Pillow's own font, not monospaced, so drawn per cell
                self._fonts[bold] = ImageFont.load_default(size=20)
        self._cache: dict[tuple[str, Style], Any] = {}

    def glyph(self, char: str, style: Style) -> Any:
        key = (char, style)
        if key not in self._cache:
            self._cache[key] = self._draw(char, style)
        return self._cache[key]

    def _draw(self, char: str, style: Style) -> Any:
        cell = PILImage.new("L", (CELL_W, CELL_H), 255)
        draw = ImageDraw.Draw(cell)
        font = self._fonts[style.bold]
        fake_bold = style.bold and font is self._fonts[False]
        draw.text((CELL_W / 2, 0), char, font=font, fill=0, anchor="ma",
                  stroke_width=1 if fake_bold else 0, stroke_fill=0)
        if style.underline:
            draw.rectangle((0, CELL_H - style.underline, CELL_W, CELL_H - 1), fill=0)
        if style.width > 1 or style.height > 1:
            cell = cell.resize((CELL_W * style.width, CELL_H * style.height),
                               PILImage.Resampling.NEAREST)
        return cell


def _text_rows(line: TextLine, columns: int) -> list[list[tuple[str, Style]]]:
    """The characters of ``line`` in printed rows: a printer wraps at the paper edge."""
    rows: list[list[tuple[str, Style]]] = [[]]
    used = 0
    for span in line.spans:
        for char in span.text:
            if used + span.style.width > columns and rows[-1]:
                rows.append([])
                used = 0
            rows[-1].append((char, span.style))
            used += span.style.width
    return rows


def _text_block(line: TextLine, columns: int, glyphs: _Glyphs) -> list[tuple[Any, Align]]:
    blocks = []
    for row in _text_rows(line, columns):
        height = max((style.height for _, style in row), default=1)
        width = sum(style.width for _, style in row) * CELL_W
        image = PILImage.new("L", (max(1, width), LINE_H * height), 255)
        x = 0
        for char, style in row:
            glyph = glyphs.glyph(char, style)
            image.paste(glyph, (x, LINE_H * height - glyph.height - (LINE_H - CELL_H) // 2))
            x += glyph.width
        blocks.append((image, line.align))
    return blocks


def _bars(code: Barcode) -> str | None:
    name = _BARCODE_MODULES.get(code.symbology)
    if name is None:
        return None
    try:
        modules: list[str] = python_barcode.get(name, code.data).build()
    except (BarcodeError, ValueError, TypeError):
        return None
    return modules[0]


def _barcode_block(code: Barcode, glyphs: _Glyphs) -> Any:
    module = max(1, code.module)
    bars = _bars(code) or "1" * len(code.data) * 11  # unknown symbology: a solid block
    hri_h = LINE_H if code.hri in (1, 2, 3) else 0
    quiet = 10 * module
    image = PILImage.new("L", (len(bars) * module + 2 * quiet, code.height + hri_h), 255)
    draw = ImageDraw.Draw(image)
    top = hri_h if code.hri in (1, 3) else 0
    for i, bit in enumerate(bars):
        if bit == "1":
            x = quiet + i * module
            draw.rectangle((x, top, x + module - 1, top + code.height - 1), fill=0)
    if code.hri in (2, 3):
        hri = _text_block(TextLine((Span(code.data, Style()),), Align.CENTER), 10_000, glyphs)
        text = hri[0][0]
        image.paste(text, ((image.width - text.width) // 2, top + code.height))
    return image


def _qr_block(code: QrCode) -> Any:
    qr = qrcode.QRCode(error_correction=_QR_LEVELS.get(code.level, 1), border=4)
    qr.add_data(code.raw)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    size = len(matrix)
    image = PILImage.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    module = max(1, code.module)
    return image.resize((size * module, size * module), PILImage.Resampling.NEAREST)


def _image_block(picture: Picture) -> Any:
    bitmap = PILImage.frombytes("1", (picture.width, picture.height), picture.bits)
    return ImageOps.invert(bitmap.convert("L"))  # ESC/POS: 1 is a black dot; Pillow: white


def _blocks(receipt: SimReceipt, columns: int) -> list[tuple[Any, Align]]:
    glyphs = _Glyphs()
    blocks: list[tuple[Any, Align]] = []
    for item in receipt.items:
        if isinstance(item, TextLine):
            blocks += _text_block(item, columns, glyphs)
        elif isinstance(item, Barcode):
            blocks.append((_barcode_block(item, glyphs), item.align))
        elif isinstance(item, QrCode):
            blocks.append((_qr_block(item), item.align))
        elif isinstance(item, Picture):
            blocks.append((_image_block(item), item.align))
        else:
            blocks.append((PILImage.new("L", (1, LINE_H * item.lines), 255), Align.LEFT))
    return blocks


def render_png(receipt: SimReceipt, path: Path | str, *, columns: int = 42) -> Path:
    """Draw ``receipt`` as printed on thermal paper, ``columns`` characters wide; a PNG."""
    blocks = _blocks(receipt, columns)
    printable = columns * CELL_W
    paper_w = printable + 2 * EDGE
    paper_h = 2 * EDGE + sum(block.height for block, _ in blocks) + LINE_H
    canvas = PILImage.new("RGB", (paper_w + 2 * OUTSIDE, paper_h + 2 * OUTSIDE), (200, 200, 196))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((OUTSIDE, OUTSIDE, OUTSIDE + paper_w - 1, OUTSIDE + paper_h - 1),
                   fill=(255, 255, 255))
    y = OUTSIDE + EDGE
    for block, where in blocks:
        free = max(0, printable - block.width)
        x = OUTSIDE + EDGE + {Align.LEFT: 0, Align.CENTER: free // 2, Align.RIGHT: free}[where]
        canvas.paste(block.crop((0, 0, min(block.width, printable), block.height)).convert("RGB"),
                     (x, y))
        y += block.height
    bottom = OUTSIDE + paper_h - 1
    if receipt.cut:
        for x in range(OUTSIDE, OUTSIDE + paper_w, 12):
            draw.line((x, bottom, x + 6, bottom), fill=(120, 120, 120), width=2)
    else:  # torn off: the printer stopped before the cut
        points = [(OUTSIDE + x, bottom - (6 if (x // 8) % 2 else 0))
                  for x in range(0, paper_w + 8, 8)]
        draw.line(points, fill=(160, 40, 40), width=2)
    target = Path(path)
    canvas.save(target, format="PNG")
    return target
