"""Every refusal code the lane can show a shopper has a sentence in every language."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.ui.texts import NOTICES, _lookup

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r'\bcode(?::\s*str)?\s*=\s*"([A-Z][A-Z0-9_]+)"')

# Codes that never reach the shopper's notice bar.
NOT_FOR_SHOPPERS = {
    # store IT's tools: config check, catalog import, the operators CLI
    "CONFIG", "CATALOG_DUPLICATE", "CATALOG_GTIN", "CATALOG_MISSING", "TAX", "TAX_CLASS",
    "MONEY", "OPERATOR_BAD_BADGE", "OPERATOR_BAD_ID", "OPERATOR_BAD_NAME",
    "OPERATOR_BAD_ROLE", "OPERATOR_WEAK_PIN",
    # the station link, the journal and the scenario runner: logged, or the attendant's
    "LINK_VERSION", "LINK_BAD_MESSAGE", "LINK_BROKER", "EVENT_DECODE", "JOURNAL_CONFLICT",
    "JOURNAL_CORRUPT", "SCENARIO_FAILED",
    # a device's wire protocol: it becomes a device fault (DEVICE_ has the shopper's sentence)
    "SCALE_8217_PROTOCOL", "SCALE_COMMAND_REFUSED", "SCALE_MTSICS_PROTOCOL", "SCANNER_FRAME",
    "SCANNER_NOT_HID_POS", "SCANNER_REPORT", "SCANNER_WEDGE_UNAVAILABLE", "ZVT_APDU",
    "ZVT_BMP", "ZVT_LINK", "ZVT_PROTOCOL",
    # the base class's default, for errors no screen shows (the lane names its own codes)
    "SCO_ERROR",
}


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for package in ("pos", "devices", "kiosk"):
        for path in (ROOT / package).rglob("*.py"):
            codes.update(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_the_scan_finds_the_codes() -> None:
    codes = raised_codes()
    assert {"TXN_SCANNING_BLOCKED", "BASKET_COUPON_TWICE", "PRODUCE_NOT_WEIGHED"} <= codes


def test_every_code_a_shopper_can_meet_has_a_sentence() -> None:
    missing = sorted(code for code in raised_codes() - NOT_FOR_SHOPPERS
                     if _lookup(NOTICES, code) is None)
    assert missing == [], f"add a sentence for these codes to kiosk/ui/texts.py: {missing}"


def test_the_exceptions_are_still_raised_somewhere() -> None:
    assert NOT_FOR_SHOPPERS <= raised_codes()  # a stale entry would hide a new code
