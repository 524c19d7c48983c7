"""The look of the shopper's screens: one shape sheet and two colour sheets.

``kiosk.qss`` holds shapes, spacing and font sizes (as ``$``-placeholders);
``standard.qss`` and ``high_contrast.qss`` hold only colours, so the two
looks cannot drift apart in layout.  Font sizes are computed here from the
window's layout (a 1024x768 panel, either way round, is read from closer, so
it gets smaller type) and the shopper's large-text choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
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
COMPACT_SCALE = 0.78  # 1024x768 and 768x1024: 20 % less type, still >= 16 px
LARGE_TEXT_SCALE = 1.3  # the large-text mode; layouts wrap rather than clip
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")  # all cover vi and ru


class Layout(Enum):
    """The lane screens the screens are laid out for (``layout_for`` picks one by size)."""

    FULL = "full"  # 1920x1080 and the like: room for everything side by side
    COMPACT = "compact"  # 1024x768 landscape: the same arrangement, smaller type and margins
    PORTRAIT = "portrait"  # 768x1024: smaller type too, and columns stacked top to bottom

    @property
    def compact(self) -> bool:
        """Smaller type and margins: a small panel, either way round."""
        return self is not Layout.FULL

    @property
    def portrait(self) -> bool:
        return self is Layout.PORTRAIT


def layout_for(width: int, height: int) -> Layout:
    if height > width:
        return Layout.PORTRAIT
    return Layout.COMPACT if width < 1400 or height < 900 else Layout.FULL


@dataclass(frozen=True)
class Look:
    """What the stylesheet depends on."""

    high_contrast: bool = False
    large_text: bool = False
    layout: Layout = Layout.FULL

    @property
    def compact(self) -> bool:
        return self.layout.compact

    @property
    def text_scale(self) -> float:
        return (COMPACT_SCALE if self.compact else 1.0) * (
            LARGE_TEXT_SCALE if self.large_text else 1.0)

    def px(self, name: str) -> int:
        return round(BASE_SIZES[name] * self.text_scale)


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
    # The top bar's four buttons share a portrait screen's 768 px: less padding beside
    # their words, so that they fit in large text too.
    sizes["barpad"] = "12" if look.layout.portrait else "20"
    shapes = Template(_sheet("kiosk.qss")).substitute(sizes)
    colours = _sheet("high_contrast.qss" if look.high_contrast else "standard.qss")
    return shapes + "\n" + colours
