"""The look of the shopper's screens: one shape sheet and two colour sheets.

``kiosk.qss`` holds shapes, spacing and font sizes (as ``$``-placeholders);
``standard.qss`` and ``high_contrast.qss`` hold only colours, so the two
looks cannot drift apart in layout.  Font sizes are computed here from the
window's size (a 1024x768 screen is read from closer, so it gets smaller
type) and the shopper's large-text choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

STYLE_DIR = Path(__file__).resolve().parent

# Font sizes in px for a full-HD lane screen seen from about 60 cm.
BASE_SIZES: dict[str, int] = {
    "small": 20, "body": 22, "caption": 22, "lead": 26, "button": 25, "primary": 32,
    "key": 32, "tile": 21, "itemname": 32, "amount": 38, "title": 42, "total": 58,
    "hero": 64,
}
COMPACT_SCALE = 0.78  # 1024x768: the same screens with 20 % less type, still >= 16 px
LARGE_TEXT_SCALE = 1.3  # the large-text mode; layouts wrap rather than clip
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")  # all cover vi and ru


@dataclass(frozen=True)
class Look:
    """What the stylesheet depends on."""

    high_contrast: bool = False
    large_text: bool = False
    compact: bool = False

    @property
    def text_scale(self) -> float:
        return (COMPACT_SCALE if self.compact else 1.0) * (
            LARGE_TEXT_SCALE if self.large_text else 1.0)

    def px(self, name: str) -> int:
        return round(BASE_SIZES[name] * self.text_scale)


def is_compact(width: int, height: int) -> bool:
    return width < 1400 or height < 900


@lru_cache(maxsize=4)
def _sheet(name: str) -> str:
    return (STYLE_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def stylesheet(look: Look) -> str:
    sizes = {name: str(look.px(name)) for name in BASE_SIZES}
    sizes["focus"] = "5" if look.high_contrast else "4"
    # Button heights do not follow the text scale below 64 px (the touch minimum); the
    # 1024x768 layout trades some height of its big buttons for room.
    sizes["bigh"] = "72" if look.compact else "88"
    sizes["primaryh"] = "80" if look.compact else "96"
    shapes = Template(_sheet("kiosk.qss")).substitute(sizes)
    colours = _sheet("high_contrast.qss" if look.high_contrast else "standard.qss")
    return shapes + "\n" + colours
