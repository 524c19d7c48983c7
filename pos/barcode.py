"""What a scanned barcode means for the checkout.

``interpret()`` turns the text a scanner sent (and, where the scanner gives
it, the AIM symbology identifier) into a ``ProductCode`` to look up in the
catalog or a ``CouponCode`` for promotions.  Anything it cannot vouch for is a
``BarcodeError``: a misread is never looked up, because a wrong product at
the right price is worse than asking the shopper to scan again.

Variable-measure EAN-13 (restricted circulation numbers, first digit 2) are
national.  A lane declares its layouts in config (``VariableMeasureLayout``)
or names its country, in which case biip's rules are used.  The rules biip
5.2 has, read from ``biip/rcn.py`` and spot-checked with biip's test vectors
for de, se, no and gb (positions are 0-based slices of the 13 digits; "check" is the
price/weight check digit):

====  ========================================================================
de    22, 23 price [7:12] 2 dec, check at 6; 25, 26 count [7:12], check at 6;
      28, 29 weight kg [7:12] 3 dec, check at 6
gb    20 price [8:12] 2 dec, check at 7
se    20/21/22 price [8:12] with 2/1/0 dec; 23/24/25 weight kg [8:12] with
      3/2/1 dec; no check digit
no    same as se (biip notes it found no Norwegian specification)
dk    21-24 price [6:12] 2 dec; 26, 28 weight [6:12] 3 dec; 27 weight [7:12]
      3 dec; no check digit
fi    23/24/25 weight kg [8:12] with 3/2/1 dec; no check digit
ee    as fi
lv    as fi
lt    as fi
====  ========================================================================

Prefixes a country does not list (e.g. 20 and 21 in Germany) are fixed
in-store codes and are looked up as ordinary GTINs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from pos.catalog import gs1_check_digit, gtin14, has_valid_check_digit
from pos.errors import BarcodeError

if TYPE_CHECKING:
    from biip.gs1_element_strings import GS1ElementString

__all__ = [
    "CouponCode",
    "ProductCode",
    "Symbology",
    "VariableMeasureLayout",
    "interpret",
    "variable_measure_check_digit",
]


class Symbology(Enum):
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    UPCE = "upce"
    EAN_ADDON = "ean_addon"
    GS1_128 = "gs1_128"
    CODE128 = "code128"
    GS1_DATABAR = "gs1_databar"
    GS1_COMPOSITE = "gs1_composite"
    GS1_DATAMATRIX = "gs1_datamatrix"
    GS1_QR = "gs1_qr"
    QR = "qr"
    ITF14 = "itf14"
    UNKNOWN = "unknown"

    @classmethod
    def from_aim(cls, aim: str) -> Symbology:
        """The symbology of an AIM identifier such as ``"]E0"``; UNKNOWN if not one we know.

        ``]E0`` is reported as EAN13 although it also covers UPC-A and UPC-E:
        ``interpret()`` tells them apart by the number of digits.
        """
        return _BY_AIM.get(aim, cls.UNKNOWN)


_BY_AIM: Final[Mapping[str, Symbology]] = MappingProxyType(
    {
        "]E0": Symbology.EAN13,
        "]E4": Symbology.EAN8,
        "]E3": Symbology.EAN_ADDON,
        "]C1": Symbology.GS1_128,
        "]C0": Symbology.CODE128,
        "]e0": Symbology.GS1_DATABAR,
        "]e1": Symbology.GS1_COMPOSITE,
        "]e2": Symbology.GS1_COMPOSITE,
        "]d2": Symbology.GS1_DATAMATRIX,
        "]Q3": Symbology.GS1_QR,
        "]Q1": Symbology.QR,
        "]I1": Symbology.ITF14,
    }
)

_GS1_SYMBOLOGIES: Final = frozenset(
    {
        Symbology.GS1_128,
        Symbology.GS1_DATABAR,
        Symbology.GS1_COMPOSITE,
        Symbology.GS1_DATAMATRIX,
        Symbology.GS1_QR,
    }
)
# Symbologies that can only encode digits: anything else in their data is a misread.
_DIGIT_SYMBOLOGIES: Final = frozenset(
    {
        Symbology.EAN13,
        Symbology.EAN8,
        Symbology.UPCA,
        Symbology.UPCE,
        Symbology.EAN_ADDON,
        Symbology.ITF14,
    }
)
# Code 128 and QR may carry anything (loyalty cards, receipts, links): only
# digit strings of a GTIN's length are taken as products, the rest is not ours.
_FREE_TEXT_SYMBOLOGIES: Final = frozenset({Symbology.CODE128, Symbology.QR})
_ANY_GTIN_LENGTH: Final = frozenset({8, 12, 13, 14})
_GTIN_LENGTHS: Final[Mapping[Symbology, frozenset[int]]] = MappingProxyType(
    {
        Symbology.EAN13: frozenset({8, 12, 13}),
        Symbology.UPCA: frozenset({8, 12, 13}),
        Symbology.UPCE: frozenset({8, 12, 13}),
        Symbology.EAN8: frozenset({8}),
        Symbology.ITF14: frozenset({14}),
    }
)
_ADDON_LENGTHS: Final = frozenset({13 + 2, 13 + 5})
# GS1 prefixes 99 (coupons within a country) and 981-984 (common currency areas);
# biip 5.2's prefix table lists only 981-983, 984 is reserved for the same use.
_COUPON_PREFIXES: Final = ("99", "981", "982", "983", "984")
_VALUE_KINDS: Final = ("price", "weight", "count")
_HRI: Final = re.compile(r"(?:\([0-9]{2,4}\)[^(]+)+")
# biip documents ParseError, but its date and decimal helpers can leak these on
# odd input; a scan must never take the lane down.
_OTHER_BIIP_FAILURES: Final = (ValueError, ArithmeticError, LookupError)


def _biip_failures() -> tuple[type[Exception], ...]:
    # biip is imported when a code first needs it, not with this module: loading its GS1
    # tables takes a tenth of a second, which a lane starting up should not wait for
    # (``warm_up`` loads it once the lane is up).
    from biip import BiipException

    return (BiipException, *_OTHER_BIIP_FAILURES)


def warm_up() -> None:
    """Load biip now, so that the first scan needing it does not wait for it."""
    import biip.gs1_messages
    import biip.gtin
    import biip.rcn  # noqa: F401


@dataclass(frozen=True, slots=True)
class VariableMeasureLayout:
    """A store- or country-declared layout of a restricted-circulation EAN-13 (prefix 20-29)."""

    prefix: str  # the leading digits that select this layout, e.g. "28" or "2"
    item_start: int  # slice of the 13-digit code holding the item reference (0-based, end excl.)
    item_end: int
    value_start: int  # slice holding the variable value
    value_end: int
    value_kind: str  # "price" | "weight" | "count"
    decimals: int = 0  # price: decimals of the major unit in the code; weight: of kg (3 = grams)
    value_check_position: int | None = None  # index of a price/weight check digit, if any

    def __post_init__(self) -> None:
        if self.value_kind not in _VALUE_KINDS:
            raise ValueError(
                f"value_kind must be 'price', 'weight' or 'count', not {self.value_kind!r}."
            )
        if not (_is_digits(self.prefix) and self.prefix.startswith("2")):
            raise ValueError(
                f"prefix must be digits starting with 2 (a restricted circulation number), "
                f"not {self.prefix!r}."
            )
        if self.decimals < 0 or (self.value_kind == "count" and self.decimals != 0):
            raise ValueError(f"decimals must be 0 or more, and 0 for a count; got {self.decimals}.")
        self._check_slices()
        self._check_value_check_position()

    def _check_slices(self) -> None:
        if not 0 <= self.item_start < self.item_end <= 12:
            raise ValueError(
                f"The item reference [{self.item_start}:{self.item_end}] must be a non-empty "
                "slice within digits 0 to 12 (the check digit at 12 excluded)."
            )
        if not 0 <= self.value_start < self.value_end <= 12:
            raise ValueError(
                f"The value [{self.value_start}:{self.value_end}] must be a non-empty "
                "slice within digits 0 to 12 (the check digit at 12 excluded)."
            )
        if len(self.prefix) > self.item_end:
            raise ValueError(
                f"The prefix {self.prefix!r} is longer than the item part [0:{self.item_end}]."
            )
        # The catalog key keeps digits [0:item_end]; a value inside it would make
        # every weight a different product.
        if self.value_start < self.item_end:
            raise ValueError(
                f"The value [{self.value_start}:{self.value_end}] must come after the "
                f"item reference, which ends at {self.item_end}."
            )

    def _check_value_check_position(self) -> None:
        position = self.value_check_position
        if position is None:
            return
        if not self.item_end <= position < 12 or self.value_start <= position < self.value_end:
            raise ValueError(
                f"The value check digit position {position} must lie between the item "
                "reference and the check digit, outside the value."
            )
        if self.value_end - self.value_start not in (4, 5):
            raise ValueError(
                "A value check digit is only defined for 4- or 5-digit values, not for "
                f"{self.value_end - self.value_start} digits."
            )


@dataclass(frozen=True, slots=True)
class ProductCode:
    gtin: str  # 14 digits: the catalog key
    symbology: Symbology
    raw: str  # the text as scanned, without the scanner's CR/LF terminator
    weight_g: int | None = None  # from AI 310n or a weight variable-measure code
    price: int | None = None  # minor units, from AI 392n/393n or a price variable-measure code
    count: int | None = None  # AI 30/37 or a count variable-measure code
    batch: str | None = None  # AI 10
    best_before: date | None = None  # AI 15
    expiry: date | None = None  # AI 17
    variable_measure: bool = False


@dataclass(frozen=True, slots=True)
class CouponCode:
    code: str  # the digits, used as the coupon's key in promotions
    symbology: Symbology
    raw: str


@dataclass(frozen=True, slots=True)
class _Scan:
    """What one interpretation needs besides the digits being looked at."""

    raw: str
    layouts: Sequence[VariableMeasureLayout]
    country: str | None
    currency_exponent: int


def interpret(
    text: str,
    symbology: Symbology = Symbology.UNKNOWN,
    *,
    layouts: Sequence[VariableMeasureLayout] = (),
    country: str | None = None,
    currency_exponent: int = 2,
) -> ProductCode | CouponCode:
    """Interpret one scan; raise ``BarcodeError`` (and nothing else) if it is not usable.

    ``layouts`` are the lane's variable-measure layouts, tried before biip's
    rules for ``country`` (ISO 3166 alpha-2, e.g. "de").  ``currency_exponent``
    is the number of minor-unit decimals of the store currency.
    """
    data = text.rstrip("\r\n")
    if not data:
        raise BarcodeError("Nothing was scanned. Please try again.", code="BARCODE_EMPTY")
    scan = _Scan(data, tuple(layouts), country, currency_exponent)
    if _is_gs1_element_string(data, symbology):
        return _interpret_gs1(data, symbology, scan)
    if _is_digits(data):
        return _interpret_digits(data, symbology, scan)
    if symbology in _DIGIT_SYMBOLOGIES:
        raise BarcodeError(
            "The barcode was misread: it contains characters that are not digits. "
            "Please scan it again.",
            code="BARCODE_CHARSET",
        )
    raise BarcodeError("This barcode is not a product code.", code="BARCODE_UNSUPPORTED")


def variable_measure_check_digit(value: str) -> int:
    """The price/weight check digit of a 4- or 5-digit value (GS1 General Specifications 7.9).

    Each digit is replaced by its product under a weighting factor (2-, 3, 5+,
    5-), the products summed; for 4 digits (factors 2- 2- 3 5-) the check digit
    is the units of 3 x sum, for 5 digits (5+ 2- 5- 5+ 2-) it is the digit whose
    5- product equals 10 minus the units of the sum.  The specification text
    was not at hand to confirm this: it agrees with biip on every 4- and 5-digit
    value, with the aidc-toolkit's weighting tables, and with the examples in
    biip's tests (2875 -> 9, 14685 -> 6).
    """
    if not _is_digits(value) or len(value) not in (4, 5):
        raise ValueError(f"A price/weight check digit needs 4 or 5 digits, not {value!r}.")
    digits = [int(char) for char in value]
    if len(digits) == 4:
        total = _two_minus(digits[0]) + _two_minus(digits[1]) + 3 * digits[2]
        return (3 * (total + _five_minus(digits[3]))) % 10
    total = (
        _five_plus(digits[0])
        + _two_minus(digits[1])
        + _five_minus(digits[2])
        + _five_plus(digits[3])
        + _two_minus(digits[4])
    )
    wanted = -total % 10
    return next(digit for digit in range(10) if _five_minus(digit) == wanted)


def _two_minus(digit: int) -> int:
    # "2-": double, then the tens digit is subtracted from the units digit.
    product = 2 * digit
    return (product % 10 - product // 10) % 10


def _five_plus(digit: int) -> int:
    product = 5 * digit
    return (product % 10 + product // 10) % 10


def _five_minus(digit: int) -> int:
    product = 5 * digit
    return (product % 10 - product // 10) % 10


# --- plain digits: EAN-13, EAN-8, UPC-A, UPC-E, ITF-14 ---------------------------------


def _interpret_digits(digits: str, symbology: Symbology, scan: _Scan) -> ProductCode | CouponCode:
    if symbology is Symbology.EAN_ADDON:
        if len(digits) not in _ADDON_LENGTHS:
            raise _wrong_length(digits, "13 digits followed by a 2- or 5-digit add-on")
        # The add-on (issue number, price of a periodical) does not identify the product.
        main = digits[:13]
        _require_check_digit(main)
        return _interpret_ean13(main, symbology, scan)
    allowed = _GTIN_LENGTHS.get(symbology, _ANY_GTIN_LENGTH)
    if len(digits) not in allowed:
        if symbology in _FREE_TEXT_SYMBOLOGIES:
            raise BarcodeError("This barcode is not a product code.", code="BARCODE_UNSUPPORTED")
        lengths = ", ".join(str(length) for length in sorted(allowed))
        raise _wrong_length(digits, f"{lengths} digits")
    kind = _digit_format(digits, symbology)
    if kind is Symbology.UPCE:
        return ProductCode(gtin=gtin14(_expand_upce(digits)), symbology=kind, raw=scan.raw)
    _require_check_digit(digits)
    if kind is Symbology.EAN13:
        return _interpret_ean13(digits, kind, scan)
    return ProductCode(gtin=gtin14(digits), symbology=kind, raw=scan.raw)


def _digit_format(digits: str, symbology: Symbology) -> Symbology:
    """Which code the digits are, once their number fits the symbology."""
    if len(digits) != 8:
        return {12: Symbology.UPCA, 13: Symbology.EAN13}.get(len(digits), Symbology.ITF14)
    # AIM gives EAN-8 its own identifier (]E4), so eight digits under ]E0 are a
    # UPC-E, which has number system 0 or 1.  Without a symbology (keyboard
    # wedge) EAN-8 is assumed: guessing UPC-E when EAN-8's check digit fails
    # would accept one misread in ten as some other product.
    if symbology is Symbology.UPCE:
        return Symbology.UPCE
    if symbology in (Symbology.EAN13, Symbology.UPCA) and digits[0] in "01":
        return Symbology.UPCE
    return Symbology.EAN8


def _expand_upce(code: str) -> str:
    """The UPC-A an 8-digit UPC-E stands for, check digit validated (GS1 GenSpecs 5.2.2.4.2)."""
    system, body, check = code[0], code[1:7], code[7]
    if system not in "01":
        raise BarcodeError(
            f"This UPC-E code starts with {system}; UPC-E codes start with 0 or 1.",
            code="BARCODE_UNSUPPORTED",
        )
    last = body[5]
    if last in "012":
        expanded = f"{system}{body[:2]}{last}0000{body[2:5]}{check}"
    elif last == "3":
        expanded = f"{system}{body[:3]}00000{body[3:5]}{check}"
    elif last == "4":
        expanded = f"{system}{body[:4]}00000{body[4]}{check}"
    else:
        expanded = f"{system}{body[:5]}0000{last}{check}"
    _require_check_digit(expanded)
    return expanded


def _interpret_ean13(code: str, symbology: Symbology, scan: _Scan) -> ProductCode | CouponCode:
    if code.startswith(_COUPON_PREFIXES):
        return CouponCode(code=code, symbology=symbology, raw=scan.raw)
    if code.startswith("2"):
        measured = _variable_measure(code, symbology, scan)
        if measured is not None:
            return measured
    return ProductCode(gtin=gtin14(code), symbology=symbology, raw=scan.raw)


def _require_check_digit(code: str) -> None:
    if has_valid_check_digit(code):
        return
    expected = gs1_check_digit(code[:-1])
    raise BarcodeError(
        f"The barcode was misread: its check digit should be {expected} but {code[-1]} "
        "was read. Please scan it again.",
        code="BARCODE_CHECK_DIGIT",
    )


def _wrong_length(digits: str, expected: str) -> BarcodeError:
    return BarcodeError(
        f"The barcode was misread or is not a product code: it has {len(digits)} digits, "
        f"a product code has {expected}.",
        code="BARCODE_LENGTH",
    )


# --- variable-measure EAN-13 -----------------------------------------------------------


def _variable_measure(code: str, symbology: Symbology, scan: _Scan) -> ProductCode | None:
    matching = [layout for layout in scan.layouts if code.startswith(layout.prefix)]
    if matching:
        layout = max(matching, key=lambda candidate: len(candidate.prefix))
        return _from_layout(code, layout, symbology, scan)
    if scan.country is not None:
        return _from_biip_region(code, scan.country, symbology, scan)
    return None


def _from_layout(
    code: str, layout: VariableMeasureLayout, symbology: Symbology, scan: _Scan
) -> ProductCode:
    value = code[layout.value_start : layout.value_end]
    if layout.value_check_position is not None:
        expected = variable_measure_check_digit(value)
        read = code[layout.value_check_position]
        if int(read) != expected:
            raise _value_check_error(f"should be {expected} but {read} was read")
    amount = int(value)
    # Zeroing everything after the item reference (value and its check digit
    # included) gives one key per product whatever its weight or price.
    payload = code[: layout.item_end].ljust(12, "0")
    key = gtin14(payload + str(gs1_check_digit(payload)))
    return ProductCode(
        gtin=key,
        symbology=symbology,
        raw=scan.raw,
        weight_g=_scale(amount, layout.decimals, 3) if layout.value_kind == "weight" else None,
        price=(
            _scale(amount, layout.decimals, scan.currency_exponent)
            if layout.value_kind == "price"
            else None
        ),
        count=amount if layout.value_kind == "count" else None,
        variable_measure=True,
    )


def _from_biip_region(
    code: str, country: str, symbology: Symbology, scan: _Scan
) -> ProductCode | None:
    from biip import ParseConfig
    from biip.gtin import Gtin
    from biip.rcn import Rcn, RcnRegion

    try:
        region = RcnRegion(country.lower())
    except ValueError:
        return None  # biip has no rules for this country: the code is an ordinary GTIN
    try:
        rcn = Gtin.parse(code, config=ParseConfig(rcn_region=region))
        key = rcn.without_variable_measure().as_gtin_14()
    except _biip_failures() as exc:
        # Length, charset and the GTIN check digit were verified before, so the
        # variable-measure check digit is what biip rejected.
        raise _value_check_error("does not match the value") from exc
    if not isinstance(rcn, Rcn) or (rcn.weight, rcn.price, rcn.count) == (None, None, None):
        return None  # a prefix the country keeps for fixed in-store codes
    return ProductCode(
        gtin=key,
        symbology=symbology,
        raw=scan.raw,
        weight_g=None if rcn.weight is None else _round_half_up(rcn.weight.scaleb(3)),
        price=(
            None if rcn.price is None else _round_half_up(rcn.price.scaleb(scan.currency_exponent))
        ),
        count=rcn.count,
        variable_measure=True,
    )


def _value_check_error(detail: str) -> BarcodeError:
    return BarcodeError(
        f"The price or weight on this label was misread: its check digit {detail}. "
        "Please scan it again or call an attendant.",
        code="BARCODE_VM_CHECK",
    )


def _scale(value: int, decimals: int, target_decimals: int) -> int:
    """``value`` with ``decimals`` implied decimals, as an integer with ``target_decimals``.

    Rounded half up when the code is more precise than the target.
    """
    shift = target_decimals - decimals
    factor: int = 10 ** abs(shift)
    if shift >= 0:
        return value * factor
    return (2 * value + factor) // (2 * factor)


def _round_half_up(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


# --- GS1 element strings ---------------------------------------------------------------


def _is_gs1_element_string(data: str, symbology: Symbology) -> bool:
    if symbology in _GS1_SYMBOLOGIES:
        return True
    if symbology in _DIGIT_SYMBOLOGIES:
        return False
    if data.startswith("("):
        return True
    # No GTIN has 16 or more digits, so a long string opening with AI 01/02 is
    # a GS1-128 read by a scanner that was not told to send AIM identifiers.
    return (
        symbology is Symbology.UNKNOWN
        and len(data) >= 16
        and data.startswith(("01", "02"))
        and _is_digits(data[:16])
    )


def _interpret_gs1(data: str, symbology: Symbology, scan: _Scan) -> ProductCode:
    fields = _element_strings_by_ai(_parse_element_strings(data))
    gtin = _gs1_gtin(fields)
    weight = _gs1_weight(fields)
    price = _gs1_price(fields, scan.currency_exponent)
    count = _gs1_count(fields)
    batch = fields.get("10")
    return ProductCode(
        gtin=gtin,
        symbology=symbology,
        raw=scan.raw,
        weight_g=weight,
        price=price,
        count=count,
        batch=None if batch is None else batch.value,
        best_before=_gs1_date(fields, "15"),
        expiry=_gs1_date(fields, "17"),
        # GS1 reserves indicator digit 9 of a GTIN-14 for variable-measure trade items.
        variable_measure=(
            weight is not None or price is not None or "30" in fields or gtin[0] == "9"
        ),
    )


def _parse_element_strings(data: str) -> list[GS1ElementString]:
    # GS1 element strings are ASCII; checking here also keeps
    # non-ASCII digits, which Python's regex \d accepts, out of the GTIN.
    if not data.isascii():
        raise _gs1_error()
    from biip.gs1_messages import GS1Message

    try:
        if data.startswith("("):
            hri = "".join(data.split())
            if not _HRI.fullmatch(hri):
                raise _gs1_error()
            return list(GS1Message.parse_hri(hri).element_strings)
        return list(GS1Message.parse(data).element_strings)
    except _biip_failures() as exc:
        raise _gs1_error() from exc


def _element_strings_by_ai(elements: list[GS1ElementString]) -> dict[str, GS1ElementString]:
    fields: dict[str, GS1ElementString] = {}
    for element in elements:
        seen = fields.setdefault(element.ai.ai, element)
        if seen.value != element.value:
            raise _gs1_error()  # one AI with two values: which weight or date is true?
    return fields


def _gs1_gtin(fields: Mapping[str, GS1ElementString]) -> str:
    element = fields.get("01", fields.get("02"))
    if element is None:
        raise BarcodeError(
            "This barcode carries data but no product number (GTIN).", code="BARCODE_NO_GTIN"
        )
    _require_check_digit(element.value)
    return element.value


def _gs1_weight(fields: Mapping[str, GS1ElementString]) -> int | None:
    element = _first_of_family(fields, ("310",))
    if element is None:
        return None
    return _scale(int(element.value), int(element.ai.ai[3]), 3)


def _gs1_price(fields: Mapping[str, GS1ElementString], currency_exponent: int) -> int | None:
    # For 393n the ISO currency is not compared with the store's: the lane
    # has one currency and a foreign-currency label would be priced wrongly
    # either way, so the amount is read in the store's currency exponent.
    element = _first_of_family(fields, ("392", "393"))
    if element is None:
        return None
    amount = element.pattern_groups[-1]
    return _scale(int(amount), int(element.ai.ai[3]), currency_exponent)


def _gs1_count(fields: Mapping[str, GS1ElementString]) -> int | None:
    element = fields.get("30", fields.get("37"))
    if element is None:
        return None
    if not element.value:
        raise _gs1_error()  # AI 30 allows an empty field in biip's table, not in a count
    return int(element.value)


def _gs1_date(fields: Mapping[str, GS1ElementString], ai: str) -> date | None:
    element = fields.get(ai)
    if element is None:
        return None
    if element.date is None:
        raise _gs1_error()
    # biip already read day 00 as the last day of the month, as GS1 specifies.
    return element.date


def _first_of_family(
    fields: Mapping[str, GS1ElementString], families: tuple[str, ...]
) -> GS1ElementString | None:
    for ai, element in fields.items():
        if len(ai) == 4 and ai.startswith(families):
            return element
    return None


def _gs1_error() -> BarcodeError:
    return BarcodeError(
        "The data in this barcode is damaged or not laid out as GS1 requires.",
        code="BARCODE_GS1",
    )


def _is_digits(text: str) -> bool:
    # str.isdigit() also accepts "²" and Arabic-Indic digits, which are never in a barcode.
    return text.isascii() and text.isdigit()
