"""Reading and writing the catalog CSV (pos/catalog_csv.py)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.catalog import Bagging, Product, SoldBy, gs1_check_digit
from pos.catalog_csv import (
    CATALOG_COLUMNS,
    format_major,
    printed_gtin,
    read_catalog_csv,
    write_catalog_csv,
)
from pos.errors import CatalogError, MoneyError
from pos.money import Money

HEADER = ",".join(CATALOG_COLUMNS)
COFFEE = "4006581000176"  # valid check digit


def read(text: str, currency: str = "EUR") -> list[Product]:
    return list(read_catalog_csv(io.StringIO(text), currency))


def row(**cells: str) -> str:
    """One CSV line with the columns of CATALOG_COLUMNS; unnamed cells are empty."""
    defaults = {"gtin": COFFEE, "name": "Kaffee 500 g", "price": "5.99", "tax_class": "B"}
    values = defaults | cells
    return ",".join(values.get(column, "") for column in CATALOG_COLUMNS)


def error_of(text: str, currency: str = "EUR") -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        read(text, currency)
    return caught.value


# ---------------------------------------------------------------- good rows


def test_a_full_row_becomes_a_product() -> None:
    text = (
        f"{HEADER}\n"
        "4012345000009,,Bio Vollmilch 3.8% 1 l,dairy,1.69,B,unit,1040,30,required,0,\n"
        '2840110000006,4011,"Bananen lose, je kg",produce,1.69,B,weight,,,optional,,fruit\n'
        "4014086000171,,Pilsener 0.5 l,alcohol,0.89,A,,860,,,16,\n"
    )
    milk, bananas, beer = read(text)
    assert milk == Product(
        gtin="04012345000009",
        name="Bio Vollmilch 3.8% 1 l",
        price=169,
        tax_class="B",
        category="dairy",
        expected_weight_g=1040,
        weight_tolerance_g=30,
    )
    assert bananas.sold_by is SoldBy.WEIGHT
    assert bananas.plu == "4011"
    assert bananas.price == 169  # per kg
    assert bananas.expected_weight_g is None
    assert bananas.bagging is Bagging.OPTIONAL
    assert bananas.mix_match == "fruit"
    assert beer.min_age == 16
    assert beer.sold_by is SoldBy.UNIT


def test_only_the_required_columns_in_any_order() -> None:
    (product,) = read(f"price,tax_class,name,gtin\n1.99,A,Spülmittel,{COFFEE}\n")
    assert product == Product(gtin="0" + COFFEE, name="Spülmittel", price=199, tax_class="A")
    assert (product.sold_by, product.bagging, product.min_age) == (
        SoldBy.UNIT,
        Bagging.REQUIRED,
        0,
    )
    assert (product.plu, product.mix_match, product.expected_weight_g) == (None, None, None)


def test_cells_are_stripped_and_a_spreadsheet_bom_is_ignored() -> None:
    (product,) = read(f"\ufeffgtin , name,price,tax_class\n {COFFEE} , Kaffee ,  5.99 ,B\n")
    assert (product.gtin, product.name, product.price) == ("0" + COFFEE, "Kaffee", 599)


def test_ean8_upca_and_gtin14_get_their_14_digit_key() -> None:
    ean8 = "4004017" + str(gs1_check_digit("4004017"))
    upca = "07123450001" + str(gs1_check_digit("07123450001"))
    gtin14 = "1" + COFFEE
    gtin14 = gtin14[:-1] + str(gs1_check_digit(gtin14[:-1]))
    products = read("\n".join([HEADER, row(gtin=ean8), row(gtin=upca), row(gtin=gtin14)]))
    assert [p.gtin for p in products] == ["000000" + ean8, "00" + upca, gtin14]


@pytest.mark.parametrize(
    ("currency", "text", "minor"),
    [
        ("EUR", "1.99", 199),
        ("EUR", "1.9", 190),
        ("EUR", "2", 200),
        ("EUR", "0.05", 5),
        ("EUR", "1234567.89", 123456789),
        ("VND", "25000", 25000),
        ("KWD", "1.250", 1250),
    ],
)
def test_prices_are_major_units_of_the_currency(currency: str, text: str, minor: int) -> None:
    (product,) = read(f"{HEADER}\n{row(price=text)}\n", currency)
    assert product.price == minor


def test_rows_of_empty_cells_are_skipped() -> None:
    # Spreadsheets export trailing empty rows as a line of commas.
    products = read(f"{HEADER}\n{row()}\n{',' * (len(CATALOG_COLUMNS) - 1)}\n\n")
    assert len(products) == 1


# ---------------------------------------------------------------- bad rows


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"price": '"1,99"'}, 'column price: "1,99" is not an amount (write 1.99)'),
        ({"price": "1.999"}, 'column price: "1.999" has too many decimals (expected at most 2'),
        ({"price": "abc"}, 'column price: "abc" is not an amount (write e.g. 1.99)'),
        ({"price": ""}, 'column price: "" is not an amount'),
        ({"price": "-1.00"}, 'column price: "-1.00" is negative (expected a price of 0 or more)'),
        (
            {"gtin": "4006581000177"},
            'column gtin: "4006581000177" has a wrong check digit (expected 6 at the end)',
        ),
        (
            {"gtin": "400658100017"},
            'column gtin: "400658100017" has a wrong check digit (expected 3 at the end)',
        ),
        (
            {"gtin": "12345"},
            'column gtin: "12345" is not a GTIN (expected 8, 12, 13 or 14 digits)',
        ),
        (
            {"gtin": "36000291452"},
            'column gtin: "36000291452" is not a GTIN (expected 8, 12, 13 or 14 digits; '
            "a spreadsheet may have dropped a leading zero)",
        ),
        ({"gtin": "40065810001x6"}, 'column gtin: "40065810001x6" is not a GTIN'),
        ({"name": ""}, 'column name: "" is empty (expected the product name)'),
        ({"tax_class": ""}, 'column tax_class: "" is not a tax class'),
        ({"tax_class": "A B"}, 'column tax_class: "A B" is not a tax class'),
        (
            {"sold_by": "kg"},
            'column sold_by: "kg" is not allowed here (expected "unit" or "weight", or empty)',
        ),
        (
            {"bagging": "no"},
            'column bagging: "no" is not allowed here (expected "required" or "optional", '
            "or empty)",
        ),
        ({"plu": "401"}, 'column plu: "401" is not a PLU (expected 4 or 5 digits)'),
        ({"plu": "40a1"}, 'column plu: "40a1" is not a PLU'),
        (
            {"expected_weight_g": "1.5"},
            'column expected_weight_g: "1.5" is not a weight (expected whole grams >= 1)',
        ),
        ({"expected_weight_g": "0"}, 'column expected_weight_g: "0" is not a weight'),
        (
            {"weight_tolerance_g": "-3"},
            'column weight_tolerance_g: "-3" is not a weight (expected whole grams >= 0)',
        ),
        (
            {"sold_by": "weight", "expected_weight_g": "500"},
            'column expected_weight_g: "500" is a piece weight '
            "(expected an empty cell for a product sold by weight)",
        ),
        ({"min_age": "120"}, 'column min_age: "120" is not an age (expected 0 to 99 years)'),
        ({"min_age": "18+"}, 'column min_age: "18+" is not an age'),
    ],
)
def test_a_bad_cell_is_reported_with_file_line_and_column(
    cells: dict[str, str], message: str
) -> None:
    good = "\n".join(row(gtin=_gtin(n), name=f"Artikel {n}") for n in range(15))
    error = error_of(f"{HEADER}\n{good}\n{row(**cells)}\n")
    assert error.code == "CATALOG_ROW"
    assert error.message.startswith(f"catalog.csv line 17, {message}")


def _gtin(n: int) -> str:
    body = f"400000{n:06d}"
    return body + str(gs1_check_digit(body))


def test_the_line_counts_lines_of_the_file_not_rows() -> None:
    # A quoted name spanning two lines pushes every later row one line down.
    two_lines = '"Zwei\nZeilen"'
    text = f"{HEADER}\n{row(gtin=_gtin(1), name=two_lines)}\n{row(price='x')}\n"
    error = error_of(text)
    assert error.message.startswith("catalog.csv line 4, column price:")


def test_the_source_names_the_file_in_messages() -> None:
    text = f"{HEADER}\n{row(price='x')}\n"
    with pytest.raises(CatalogError, match=r"^config/catalog\.csv line 2, column price:"):
        list(read_catalog_csv(io.StringIO(text), "EUR", source="config/catalog.csv"))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (",", f"catalog.csv line 2: {len(CATALOG_COLUMNS) + 1} cells, but the header has "
         f"{len(CATALOG_COLUMNS)} (a comma inside a name needs quotes)"),
        ("", f"catalog.csv line 2: {len(CATALOG_COLUMNS) - 1} cells, but the header has "
         f"{len(CATALOG_COLUMNS)}"),
    ],
)  # fmt: skip
def test_a_row_of_the_wrong_width_is_an_error(extra: str, message: str) -> None:
    line = row() + extra if extra else row().rsplit(",", 1)[0]
    error = error_of(f"{HEADER}\n{line}\n")
    assert (error.code, error.message) == ("CATALOG_ROW", message)


def test_a_gtin_or_plu_twice_is_an_error_naming_both_lines() -> None:
    error = error_of(f"{HEADER}\n{row()}\n{row(gtin=_gtin(1))}\n{row(gtin='0' + COFFEE)}\n")
    assert error.message == (
        f'catalog.csv line 4, column gtin: "0{COFFEE}" appears again '
        "(first on line 2; expected each GTIN once)"
    )
    error = error_of(f"{HEADER}\n{row(plu='4011')}\n{row(gtin=_gtin(1), plu='4011')}\n")
    assert error.message.startswith('catalog.csv line 3, column plu: "4011" appears again')


def test_an_error_of_the_csv_module_is_reported_with_its_line() -> None:
    error = error_of(f"{HEADER}\n{row()}\n{row(gtin=_gtin(1), name='a' * 200_000)}\n")
    assert error.code == "CATALOG_ROW"
    assert error.message == "catalog.csv line 3: field larger than field limit (131072)"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "catalog.csv: the file is empty (expected a header line: gtin,plu,name,"),
        (
            "gtin,name,price",
            "catalog.csv line 1: missing column tax_class "
            "(a catalog needs at least gtin, name, price, tax_class)",
        ),
        ("gtin,name,price,tax_class,colour", 'catalog.csv line 1: unknown column "colour"'),
        ("gtin,name,price,tax_class,name", 'catalog.csv line 1: column "name" appears twice'),
    ],
)
def test_a_bad_header_is_an_error(header: str, message: str) -> None:
    error = error_of(header + "\n" if header else "")
    assert error.code == "CATALOG_HEADER"
    assert error.message.startswith(message)


# ---------------------------------------------------------------- writing and round trip


def test_write_uses_printed_gtins_and_major_units() -> None:
    out = io.StringIO()
    write_catalog_csv(
        [Product(gtin="00000040040171", name="Kaugummi, Minze", price=89, tax_class="B")],
        out,
        "EUR",
    )
    assert out.getvalue().splitlines() == [
        HEADER,
        '40040171,,"Kaugummi, Minze",,0.89,B,unit,,,required,0,',
    ]


@pytest.mark.parametrize(
    ("key", "printed"),
    [
        ("00000040040171", "40040171"),
        ("00071234500011", "0071234500011"),
        ("04006581000176", "4006581000176"),
        ("14006581000173", "14006581000173"),
    ],
)
def test_printed_gtin(key: str, printed: str) -> None:
    assert printed_gtin(key) == printed


@pytest.mark.parametrize(
    ("minor", "exponent", "text"),
    [(199, 2, "1.99"), (5, 2, "0.05"), (-5, 2, "-0.05"), (25000, 0, "25000"), (1250, 3, "1.250")],
)
def test_format_major(minor: int, exponent: int, text: str) -> None:
    assert format_major(minor, exponent) == text


def _valid_gtin(length: int) -> st.SearchStrategy[str]:
    body = st.text("0123456789", min_size=length - 1, max_size=length - 1)
    return body.map(lambda digits: digits + str(gs1_check_digit(digits)))


# Names as people write them: no surrounding blanks (cells are stripped), no NUL.
_names = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1
).filter(lambda name: name == name.strip() and name != "")
_optional_id = st.none() | st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)


@st.composite
def products(draw: st.DrawFn) -> Product:
    sold_by = draw(st.sampled_from(SoldBy))
    gtin = draw(st.one_of(*(_valid_gtin(length) for length in (8, 12, 13, 14))))
    return Product(
        gtin=gtin.zfill(14),
        name=draw(_names),
        price=draw(st.integers(min_value=0, max_value=10**9)),
        tax_class=draw(st.sampled_from(["A", "B", "C1"])),
        sold_by=sold_by,
        plu=draw(st.none() | st.from_regex(r"[0-9]{4,5}", fullmatch=True)),
        category=draw(st.sampled_from(["", "dairy", "frozen food"])),
        expected_weight_g=None
        if sold_by is SoldBy.WEIGHT
        else draw(st.none() | st.integers(min_value=1, max_value=50_000)),
        weight_tolerance_g=draw(st.none() | st.integers(min_value=0, max_value=5_000)),
        bagging=draw(st.sampled_from(Bagging)),
        min_age=draw(st.sampled_from([0, 16, 18])),
        mix_match=draw(_optional_id),
    )


@given(
    st.lists(products(), max_size=8, unique_by=lambda p: p.gtin).filter(
        lambda ps: len({p.plu for p in ps if p.plu}) == sum(1 for p in ps if p.plu)
    ),
    st.sampled_from(["EUR", "VND", "KWD"]),
)
def test_write_then_read_gives_the_same_products(items: list[Product], currency: str) -> None:
    out = io.StringIO(newline="")
    write_catalog_csv(items, out, currency)
    assert list(read_catalog_csv(io.StringIO(out.getvalue(), newline=""), currency)) == items


@given(
    st.from_regex(r"[0-9]{1,9}(\.[0-9]{0,3})?", fullmatch=True),
    st.sampled_from(["EUR", "VND", "KWD"]),
)
def test_the_fast_price_path_agrees_with_money_parse(text: str, currency: str) -> None:
    try:
        expected: int | None = Money.parse(text, currency).minor
    except MoneyError:
        expected = None
    csv_text = f"{HEADER}\n{row(price=text)}\n"
    if expected is None:
        with pytest.raises(CatalogError):
            read(csv_text, currency)
    else:
        assert read(csv_text, currency)[0].price == expected
        assert Decimal(text) == Money(expected, currency).to_decimal()
