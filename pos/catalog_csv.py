"""The catalog as a CSV file, the way store IT exports it from a spreadsheet.

One product per row; the header names the columns (any order).  ``gtin``,
``name``, ``price`` and ``tax_class`` are required, the other columns of
:data:`CATALOG_COLUMNS` are optional and an empty cell takes the default.
Prices are written in major units ("1.99"), per kg for products sold by
weight.  Cells are stripped of surrounding blanks, so a name keeps no leading
or trailing spaces.

A bad row stops the import with a :class:`~pos.errors.CatalogError` that names
the file, the line, the column, the value and what was expected: a half-read
price list must never reach the lanes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

from pos.catalog import Bagging, Product, SoldBy, gs1_check_digit, gtin14, has_valid_check_digit
from pos.errors import CatalogError, MoneyError
from pos.money import Money, currency_exponent

if TYPE_CHECKING:
    from _csv import Reader

CATALOG_COLUMNS: tuple[str, ...] = (
    "gtin",
    "plu",
    "name",
    "category",
    "price",
    "tax_class",
    "sold_by",
    "expected_weight_g",
    "weight_tolerance_g",
    "bagging",
    "min_age",
    "mix_match",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("gtin", "name", "price", "tax_class")

ROW_CODE = "CATALOG_ROW"
HEADER_CODE = "CATALOG_HEADER"

# The one shape a price takes in practice; anything else goes through
# Money.parse, which is exact but builds a Decimal per call (too slow for
# a million rows).
_PLAIN_AMOUNT = re.compile(r"(\d+)(?:\.(\d*))?", re.ASCII)
_TAX_CLASS = re.compile(r"[A-Za-z0-9_-]{1,8}", re.ASCII)
_MAX_AGE = 99
_IN_ORDER = tuple(range(len(CATALOG_COLUMNS)))
# An empty cell takes the default.
_SOLD_BY = {"": SoldBy.UNIT} | {member.value: member for member in SoldBy}
_BAGGING = {"": Bagging.REQUIRED} | {member.value: member for member in Bagging}
_AGES = {"": 0} | {str(age): age for age in range(_MAX_AGE + 1)}


class _RowError(Exception):
    """A cell is invalid; the reader adds the file, line and column."""

    def __init__(self, column: str, value: str, expected: str) -> None:
        super().__init__(column, value, expected)
        self.column = column
        self.value = value
        self.expected = expected


def read_catalog_csv(
    stream: Iterable[str], currency: str, *, source: str = "catalog.csv"
) -> Iterator[Product]:
    """The products of a catalog CSV, in file order.

    ``stream`` is a text file opened with ``newline=""`` (as the csv module
    asks) or any iterable of lines; ``source`` names it in error messages.
    Raises :class:`CatalogError` with code ``CATALOG_HEADER`` for a bad header
    and ``CATALOG_ROW`` for a bad row, including a GTIN or PLU that appears a
    second time.  Rows with nothing but empty cells are skipped.
    """
    # A plain reader rather than DictReader: a dict per row costs a sixth of
    # the import time, and a list shows a row of the wrong width directly.
    reader = csv.reader(stream)
    rows = _rows(reader, source)
    header = next(rows, None)
    if header is None:
        raise CatalogError(
            f"{source}: the file is empty (expected a header line: {','.join(CATALOG_COLUMNS)})",
            code=HEADER_CODE,
        )
    positions = _check_header(header, source)
    width = len(header)
    exponent = currency_exponent(currency)
    seen_gtins: dict[str, int] = {}
    seen_plus: dict[str, int] = {}
    for cells in rows:
        if not any(cells):
            continue
        line = reader.line_num
        if len(cells) != width:
            raise CatalogError(
                f"{source} line {line}: {len(cells)} cells, but the header has {width}"
                + (" (a comma inside a name needs quotes)" if len(cells) > width else ""),
                code=ROW_CODE,
            )
        if positions != _IN_ORDER:
            cells = [cells[i] if i >= 0 else "" for i in positions]
        values = list(map(str.strip, cells))
        try:
            product = _product(values, currency, exponent)
        except _RowError as exc:
            shown = exc.value.replace('"', '""')
            raise CatalogError(
                f'{source} line {line}, column {exc.column}: "{shown}" {exc.expected}',
                code=ROW_CODE,
            ) from None
        _check_unique(product, values[0], line, seen_gtins, seen_plus, source)
        yield product


def _rows(reader: Reader, source: str) -> Iterator[list[str]]:
    """The reader's rows, with the csv module's own errors given a location."""
    try:
        yield from reader
    except csv.Error as exc:
        line = reader.line_num
        code = HEADER_CODE if line <= 1 else ROW_CODE
        raise CatalogError(f"{source} line {line}: {exc}", code=code) from exc


def _check_header(header: list[str], source: str) -> tuple[int, ...]:
    """Where each of CATALOG_COLUMNS sits in a row (-1: not in this file)."""
    # Excel's "CSV UTF-8" starts the file with a byte-order mark.
    columns = [name.strip().lstrip("\ufeff").strip() for name in header]
    known = set(CATALOG_COLUMNS)
    for name in columns:
        if name not in known:
            raise CatalogError(
                f'{source} line 1: unknown column "{name}" '
                f"(expected columns: {', '.join(CATALOG_COLUMNS)})",
                code=HEADER_CODE,
            )
        if columns.count(name) > 1:
            raise CatalogError(f'{source} line 1: column "{name}" appears twice', code=HEADER_CODE)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CatalogError(
            f"{source} line 1: missing column {', '.join(missing)} "
            f"(a catalog needs at least {', '.join(REQUIRED_COLUMNS)})",
            code=HEADER_CODE,
        )
    return tuple(columns.index(name) if name in columns else -1 for name in CATALOG_COLUMNS)


def _check_unique(
    product: Product,
    gtin_cell: str,
    line: int,
    seen_gtins: dict[str, int],
    seen_plus: dict[str, int],
    source: str,
) -> None:
    first = seen_gtins.setdefault(product.gtin, line)
    if first != line:
        raise CatalogError(
            f'{source} line {line}, column gtin: "{gtin_cell}" appears again '
            f"(first on line {first}; expected each GTIN once)",
            code=ROW_CODE,
        )
    if product.plu is not None:
        first = seen_plus.setdefault(product.plu, line)
        if first != line:
            raise CatalogError(
                f'{source} line {line}, column plu: "{product.plu}" appears again '
                f"(first on line {first}; expected each PLU once)",
                code=ROW_CODE,
            )


def _product(values: list[str], currency: str, exponent: int) -> Product:
    (gtin, plu, name, category, price, tax_class, sold_by, weight, tolerance, bagging, min_age,
     mix_match) = values  # fmt: skip
    # The common cells are looked up in tables; the helpers run only for the rest.
    sold = _SOLD_BY.get(sold_by) or _enum_error("sold_by", sold_by, _SOLD_BY)
    age = _AGES.get(min_age)
    if age is None:
        raise _RowError("min_age", min_age, f"is not an age (expected 0 to {_MAX_AGE} years)")
    expected_weight_g = _grams("expected_weight_g", weight, minimum=1) if weight else None
    weight_tolerance_g = _grams("weight_tolerance_g", tolerance, minimum=0) if tolerance else None
    if expected_weight_g is not None and sold is SoldBy.WEIGHT:
        raise _RowError(
            "expected_weight_g",
            weight,
            "is a piece weight (expected an empty cell for a product sold by weight)",
        )
    return Product(
        gtin=_gtin(gtin),
        name=name or _empty_name(),
        price=_price(price, currency, exponent),
        tax_class=tax_class if _TAX_CLASS.fullmatch(tax_class) else _tax_class_error(tax_class),
        sold_by=sold,
        plu=_plu(plu) if plu else None,
        category=category,
        expected_weight_g=expected_weight_g,
        weight_tolerance_g=weight_tolerance_g,
        bagging=_BAGGING.get(bagging) or _enum_error("bagging", bagging, _BAGGING),
        min_age=age,
        mix_match=mix_match or None,
    )


_Choice = TypeVar("_Choice")


def _enum_error(column: str, value: str, choices: dict[str, _Choice]) -> NoReturn:
    allowed = " or ".join(f'"{choice}"' for choice in choices if choice)
    raise _RowError(column, value, f"is not allowed here (expected {allowed}, or empty)")


def _empty_name() -> NoReturn:
    raise _RowError("name", "", "is empty (expected the product name)")


def _tax_class_error(value: str) -> NoReturn:
    raise _RowError("tax_class", value, "is not a tax class (expected an id such as A or B)")


def _gtin(value: str) -> str:
    if not (value.isascii() and value.isdigit()) or len(value) not in (8, 12, 13, 14):
        hint = ""
        if value.isascii() and value.isdigit() and len(value) in (7, 11):
            hint = "; a spreadsheet may have dropped a leading zero"
        raise _RowError("gtin", value, f"is not a GTIN (expected 8, 12, 13 or 14 digits{hint})")
    if not has_valid_check_digit(value):
        expected = gs1_check_digit(value[:-1])
        raise _RowError("gtin", value, f"has a wrong check digit (expected {expected} at the end)")
    return gtin14(value)


def _price(value: str, currency: str, exponent: int) -> int:
    match = _PLAIN_AMOUNT.fullmatch(value)
    if match is not None:
        whole, fraction = match.group(1), match.group(2) or ""
        if len(fraction) <= exponent:
            scale: int = 10**exponent
            return int(whole) * scale + int(fraction.ljust(exponent, "0") or "0")
    try:
        minor = Money.parse(value, currency).minor
    except MoneyError:
        raise _RowError("price", value, _amount_hint(value, exponent)) from None
    if minor < 0:
        raise _RowError("price", value, "is negative (expected a price of 0 or more)")
    return minor


def _amount_hint(value: str, exponent: int) -> str:
    example = format_major(199 * 10 ** max(exponent - 2, 0), exponent)
    if _PLAIN_AMOUNT.fullmatch(value) is not None:
        return f"has too many decimals (expected at most {exponent}, e.g. {example})"
    # A decimal comma, as German and Russian spreadsheets write it.
    dotted = _PLAIN_AMOUNT.fullmatch(value.replace(",", ".", 1))
    if dotted is not None and len(dotted.group(2) or "") <= exponent:
        return f"is not an amount (write {dotted.group(0)})"
    return f"is not an amount (write e.g. {example})"


def _plu(value: str) -> str:
    # IFPS price look-up codes: 4 digits, or 5 with a leading 9 for organic produce.
    if not (value.isascii() and value.isdigit() and len(value) in (4, 5)):
        raise _RowError("plu", value, "is not a PLU (expected 4 or 5 digits)")
    return value


def _grams(column: str, value: str, *, minimum: int) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise _RowError(column, value, f"is not a weight (expected whole grams >= {minimum})")
    return int(value)


def write_catalog_csv(products: Iterable[Product], stream: TextIO, currency: str) -> None:
    """Write ``products`` as a catalog CSV that :func:`read_catalog_csv` reads back.

    ``stream`` should be opened with ``newline=""``.  GTINs are written in
    their printed form (EAN-8, EAN-13 or GTIN-14), prices in major units with
    the currency's decimals.
    """
    exponent = currency_exponent(currency)
    writer = csv.writer(stream)
    writer.writerow(CATALOG_COLUMNS)
    for product in products:
        writer.writerow(
            (
                printed_gtin(product.gtin),
                product.plu or "",
                product.name,
                product.category,
                format_major(product.price, exponent),
                product.tax_class,
                product.sold_by.value,
                _blank_if_none(product.expected_weight_g),
                _blank_if_none(product.weight_tolerance_g),
                product.bagging.value,
                product.min_age,
                product.mix_match or "",
            )
        )


def printed_gtin(key: str) -> str:
    """The form a 14-digit GTIN key is printed in: EAN-8, EAN-13 or GTIN-14.

    UPC-A codes come out as 13 digits with a leading zero, as EAN scanners
    report them; the key, and so the product, is the same either way.
    """
    if key.startswith("000000"):
        return key[6:]
    if key.startswith("0"):
        return key[1:]
    return key


def format_major(minor: int, exponent: int) -> str:
    """``minor`` units as a plain major-unit amount with ``exponent`` decimals."""
    sign = "-" if minor < 0 else ""
    major, rest = divmod(abs(minor), 10**exponent)
    if exponent == 0:
        return f"{sign}{major}"
    return f"{sign}{major}.{rest:0{exponent}d}"


def _blank_if_none(value: int | None) -> str:
    return "" if value is None else str(value)
