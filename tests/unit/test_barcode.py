"""Barcode interpretation: exact vectors, rejections and properties."""

from __future__ import annotations

from datetime import date

import pytest
from biip.checksums import gs1_price_weight_check_digit
from biip.upc import Upc
from hypothesis import given
from hypothesis import strategies as st

from pos.barcode import (
    CouponCode,
    ProductCode,
    Symbology,
    VariableMeasureLayout,
    interpret,
    variable_measure_check_digit,
)
from pos.catalog import gs1_check_digit
from pos.errors import BarcodeError

GS = "\x1d"

# Germany-like weight layout: 28 + 4-digit item, 5-digit check digit, grams.
WEIGHT_28 = VariableMeasureLayout(
    prefix="28",
    item_start=2,
    item_end=6,
    value_start=7,
    value_end=12,
    value_kind="weight",
    decimals=3,
    value_check_position=6,
)
# Price in cents, no value check digit.
PRICE_21 = VariableMeasureLayout(
    prefix="21",
    item_start=2,
    item_end=7,
    value_start=7,
    value_end=12,
    value_kind="price",
    decimals=2,
)
# UK-like price layout: 4-digit value with a 4-digit price check digit.
PRICE_20 = VariableMeasureLayout(
    prefix="20",
    item_start=2,
    item_end=7,
    value_start=8,
    value_end=12,
    value_kind="price",
    decimals=2,
    value_check_position=7,
)
# Weight in tens of grams, no value check digit.
WEIGHT_24 = VariableMeasureLayout(
    prefix="24",
    item_start=2,
    item_end=8,
    value_start=8,
    value_end=12,
    value_kind="weight",
    decimals=2,
)
LAYOUTS = (WEIGHT_28, PRICE_21, PRICE_20, WEIGHT_24)


def with_check_digit(body: str) -> str:
    return body + str(gs1_check_digit(body))


def product(*args: object, **kwargs: object) -> ProductCode:
    result = interpret(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, ProductCode)
    return result


def interpret_or_error(
    text: str,
    symbology: Symbology,
    *,
    layouts: tuple[VariableMeasureLayout, ...],
    country: str | None,
) -> ProductCode | CouponCode | BarcodeError:
    # Any other exception propagates and fails the test that calls this.
    try:
        return interpret(text, symbology, layouts=layouts, country=country)
    except BarcodeError as error:
        return error


def rejection(*args: object, **kwargs: object) -> BarcodeError:
    with pytest.raises(BarcodeError) as caught:
        interpret(*args, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- symbology identifiers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("aim", "symbology"),
    [
        ("]E0", Symbology.EAN13),
        ("]E4", Symbology.EAN8),
        ("]E3", Symbology.EAN_ADDON),
        ("]C1", Symbology.GS1_128),
        ("]C0", Symbology.CODE128),
        ("]e0", Symbology.GS1_DATABAR),
        ("]e1", Symbology.GS1_COMPOSITE),
        ("]e2", Symbology.GS1_COMPOSITE),
        ("]d2", Symbology.GS1_DATAMATRIX),
        ("]Q3", Symbology.GS1_QR),
        ("]Q1", Symbology.QR),
        ("]I1", Symbology.ITF14),
        ("]X0", Symbology.UNKNOWN),
        ("", Symbology.UNKNOWN),
        ("]e", Symbology.UNKNOWN),
    ],
)
def test_from_aim(aim: str, symbology: Symbology) -> None:
    assert Symbology.from_aim(aim) is symbology


def test_symbology_values_are_short_lowercase_strings() -> None:
    assert Symbology.EAN13.value == "ean13"
    assert all(member.value == member.value.lower() for member in Symbology)


# --- EAN-13, EAN-8, UPC-A, ITF-14 ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "symbology", "gtin", "kind"),
    [
        ("4006381333931", Symbology.UNKNOWN, "04006381333931", Symbology.EAN13),
        ("4006381333931", Symbology.EAN13, "04006381333931", Symbology.EAN13),
        ("96385074", Symbology.EAN8, "00000096385074", Symbology.EAN8),
        ("96385074", Symbology.UNKNOWN, "00000096385074", Symbology.EAN8),
        ("96385074", Symbology.EAN13, "00000096385074", Symbology.EAN8),
        ("036000291452", Symbology.UNKNOWN, "00036000291452", Symbology.UPCA),
        ("036000291452", Symbology.EAN13, "00036000291452", Symbology.UPCA),
        ("10012345000017", Symbology.ITF14, "10012345000017", Symbology.ITF14),
        ("10012345000017", Symbology.UNKNOWN, "10012345000017", Symbology.ITF14),
        ("4006381333931", Symbology.CODE128, "04006381333931", Symbology.EAN13),
    ],
)
def test_plain_gtins(text: str, symbology: Symbology, gtin: str, kind: Symbology) -> None:
    code = product(text, symbology)
    assert code == ProductCode(gtin=gtin, symbology=kind, raw=text)


@pytest.mark.parametrize("terminator", ["\r", "\n", "\r\n"])
def test_scanner_terminator_is_stripped(terminator: str) -> None:
    code = product("4006381333931" + terminator, Symbology.EAN13)
    assert code.gtin == "04006381333931"
    assert code.raw == "4006381333931"


@pytest.mark.parametrize(
    ("text", "symbology", "expected", "read"),
    [
        ("4006381333932", Symbology.EAN13, "1", "2"),
        ("96385075", Symbology.EAN8, "4", "5"),
        ("036000291450", Symbology.UNKNOWN, "2", "0"),
        ("10012345000018", Symbology.ITF14, "7", "8"),
        ("04252615", Symbology.UPCE, "4", "5"),
    ],
)
def test_bad_check_digit_names_expected_and_read(
    text: str, symbology: Symbology, expected: str, read: str
) -> None:
    error = rejection(text, symbology)
    assert error.code == "BARCODE_CHECK_DIGIT"
    assert f"should be {expected} but {read} was read" in error.message


# --- UPC-E ---------------------------------------------------------------------------

UPCE_PAIRS = [
    # (UPC-E, UPC-A): last UPC-E digit 0-2, 3, 4 and 5-9 each select an expansion rule.
    ("19876502", "198000007652"),  # 0: N X1 X2 0 0000 X3 X4 X5
    ("04252614", "042100005264"),  # 1
    ("01234523", "012200003453"),  # 2
    ("01234531", "012300000451"),  # 3: N X1 X2 X3 00000 X4 X5
    ("01234446", "012340000046"),  # 4: N X1 X2 X3 X4 00000 X5
    ("01234572", "012345000072"),  # 7: N X1 X2 X3 X4 X5 0000 X6
    ("01203455", "012034000055"),  # 5
]


@pytest.mark.parametrize(("upce", "upca"), UPCE_PAIRS)
def test_upce_expands_to_upca(upce: str, upca: str) -> None:
    assert gs1_check_digit(upca[:-1]) == int(upca[-1])  # the pair is a valid UPC-A
    assert Upc.parse(upce).as_upc_a() == upca  # and biip expands it the same way
    for symbology in (Symbology.UPCE, Symbology.EAN13):
        code = product(upce, symbology)
        assert code.gtin == "00" + upca
        assert code.symbology is Symbology.UPCE
        assert product(upca, Symbology.EAN13).gtin == code.gtin


def test_upce_with_impossible_number_system_is_unsupported() -> None:
    assert rejection("51234572", Symbology.UPCE).code == "BARCODE_UNSUPPORTED"


# --- add-on codes --------------------------------------------------------------------


@pytest.mark.parametrize("addon", ["12", "51299"])
def test_addon_is_ignored_for_lookup(addon: str) -> None:
    code = product("9771234567003" + addon, Symbology.from_aim("]E3"))
    assert code.gtin == "09771234567003"
    assert code.symbology is Symbology.EAN_ADDON
    assert code.raw == "9771234567003" + addon


def test_addon_main_code_check_digit_is_validated() -> None:
    assert rejection("977123456700412", Symbology.EAN_ADDON).code == "BARCODE_CHECK_DIGIT"


def test_addon_with_wrong_length() -> None:
    assert rejection("9771234567003123", Symbology.EAN_ADDON).code == "BARCODE_LENGTH"


# --- coupons -------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["991234567890", "981234567890", "984000000001"])
def test_coupons(body: str) -> None:
    text = with_check_digit(body)
    assert interpret(text, Symbology.EAN13) == CouponCode(
        code=text, symbology=Symbology.EAN13, raw=text
    )


def test_coupon_check_digit_is_validated() -> None:
    text = with_check_digit("991234567890")
    bad = text[:-1] + str((int(text[-1]) + 1) % 10)
    assert rejection(bad).code == "BARCODE_CHECK_DIGIT"


def test_prefix_980_and_985_are_not_coupons() -> None:
    for body in ("980000000001", "985000000001"):
        assert isinstance(interpret(with_check_digit(body)), ProductCode)


# --- wrong input ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\r\n", "\n"])
def test_empty(text: str) -> None:
    assert rejection(text).code == "BARCODE_EMPTY"


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        ("400638133393A", Symbology.EAN13),
        ("9638507 ", Symbology.EAN8),
        ("4006381333931\x00", Symbology.EAN13),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", Symbology.EAN13),  # Arabic-Indic digits
        ("1001234500001x", Symbology.ITF14),
    ],
)
def test_wrong_charset(text: str, symbology: Symbology) -> None:
    assert rejection(text, symbology).code == "BARCODE_CHARSET"


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        ("1234567", Symbology.UNKNOWN),
        ("123456789", Symbology.UNKNOWN),
        ("12345678901234567", Symbology.UNKNOWN),
        ("4006381333931", Symbology.EAN8),
        ("4006381333931", Symbology.ITF14),
        ("10012345000017", Symbology.EAN13),
        ("123456", Symbology.UPCE),
    ],
)
def test_wrong_length(text: str, symbology: Symbology) -> None:
    error = rejection(text, symbology)
    assert error.code == "BARCODE_LENGTH"
    assert f"{len(text)} digits" in error.message


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        ("Hello, world", Symbology.CODE128),
        ("https://example.com/", Symbology.QR),
        ("LOYALTY-12345", Symbology.UNKNOWN),
        ("123456789012345678", Symbology.CODE128),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", Symbology.UNKNOWN),
    ],
)
def test_not_a_product_code(text: str, symbology: Symbology) -> None:
    error = rejection(text, symbology)
    assert error.code == "BARCODE_UNSUPPORTED"
    assert error.message == "This barcode is not a product code."


# --- GS1 element strings -------------------------------------------------------------


def test_gs1_128_with_fnc1() -> None:
    text = "0104012345678901" + "3103001250" + "10ABC123" + GS + "15261231"
    code = product(text, Symbology.from_aim("]C1"))
    assert code == ProductCode(
        gtin="04012345678901",
        symbology=Symbology.GS1_128,
        raw=text,
        weight_g=1250,
        batch="ABC123",
        best_before=date(2026, 12, 31),
        variable_measure=True,
    )


def test_gs1_without_aim_is_recognised_by_ai_01() -> None:
    code = product("0104012345678901" + "17270615" + "10L1")
    assert (code.gtin, code.expiry, code.batch) == ("04012345678901", date(2027, 6, 15), "L1")


def test_human_readable_form() -> None:
    code = product("(01)04012345678901(3922)1299(10)B7")
    assert (code.gtin, code.price, code.batch) == ("04012345678901", 1299, "B7")
    assert code.variable_measure


def test_price_with_currency() -> None:
    code = product("(01)04012345678901(3932)9781234", Symbology.GS1_128)
    assert code.price == 1234


@pytest.mark.parametrize(
    ("element", "exponent", "price"),
    [
        ("39231995", 2, 200),  # 1.995 -> 2.00, half up
        ("39231994", 2, 199),
        ("39201299", 2, 129900),
        ("39221299", 0, 13),  # 12.99 in a currency without minor units
        ("39241", 2, 0),  # 0.0001
        ("392350", 2, 5),  # 0.050
    ],
)
def test_price_decimals(element: str, exponent: int, price: int) -> None:
    code = product("0104012345678901" + element, Symbology.GS1_128, currency_exponent=exponent)
    assert code.price == price


@pytest.mark.parametrize(
    ("element", "grams"),
    [
        ("3100000002", 2000),
        ("3101000025", 2500),
        ("3102000125", 1250),
        ("3103001250", 1250),
        ("3104012345", 1235),  # 1.2345 kg, half up
        ("3105012344", 123),  # 0.12344 kg
        ("3105012350", 124),  # 0.12350 kg, half up
    ],
)
def test_net_weight(element: str, grams: int) -> None:
    assert product("0104012345678901" + element, Symbology.GS1_128).weight_g == grams


def test_counts() -> None:
    assert product("0104012345678901" + "3012", Symbology.GS1_128).count == 12
    assert product("0204012345678901" + "3724", Symbology.GS1_128).count == 24


def test_ai_02_is_the_gtin_when_01_is_missing() -> None:
    code = product("(02)04012345678901(37)6", Symbology.GS1_128)
    assert (code.gtin, code.count, code.variable_measure) == ("04012345678901", 6, False)


@pytest.mark.parametrize(
    ("element", "day"),
    [
        ("15261200", date(2026, 12, 31)),
        ("15280200", date(2028, 2, 29)),
        ("15270200", date(2027, 2, 28)),
        ("15270400", date(2027, 4, 30)),
    ],
)
def test_day_00_is_the_last_day_of_the_month(element: str, day: date) -> None:
    assert product("0104012345678901" + element, Symbology.GS1_128).best_before == day


def test_gs1_databar() -> None:
    code = product("0104012345678901", Symbology.from_aim("]e0"))
    assert code == ProductCode(
        gtin="04012345678901", symbology=Symbology.GS1_DATABAR, raw="0104012345678901"
    )


def test_gs1_datamatrix() -> None:
    text = "0109506000134352" + "17271130" + "10A1B2C3" + GS + "21SERIAL1"
    code = product(text, Symbology.from_aim("]d2"))
    assert (code.gtin, code.expiry, code.batch, code.symbology) == (
        "09506000134352",
        date(2027, 11, 30),
        "A1B2C3",
        Symbology.GS1_DATAMATRIX,
    )


def test_gtin_in_ai_01_has_its_check_digit_validated() -> None:
    error = rejection("0104012345678902" + "3103001250", Symbology.GS1_128)
    assert error.code == "BARCODE_CHECK_DIGIT"
    assert "should be 1 but 2 was read" in error.message


def test_gs1_without_gtin() -> None:
    assert rejection("10ABC" + GS + "17271130", Symbology.GS1_128).code == "BARCODE_NO_GTIN"


@pytest.mark.parametrize(
    "text",
    [
        "0104012345678901" + "15271301",  # month 13
        "0104012345678901" + "17270230",  # 30 February
        "0104012345678901" + "15270000",  # month 00
        "010401234567890",  # GTIN too short
        "0104012345678901" + "30",  # empty count
        "0104012345678901" + "3103001250" + "3103001260",  # one AI, two weights
        "0104012345678901" + "3103",
        "(01)04012345678901()",
        "(01)04012345678901(3922)",
        "(0)1",
        "01040123456789ü1",
    ],
)
def test_malformed_gs1(text: str) -> None:
    assert rejection(text, Symbology.GS1_128).code == "BARCODE_GS1"


def test_gs1_with_only_internal_data_has_no_gtin() -> None:
    assert rejection("9904012345678901", Symbology.GS1_128).code == "BARCODE_NO_GTIN"


def test_unknown_ai_is_a_gs1_error() -> None:
    assert rejection("(01)04012345678901(2345)1").code == "BARCODE_GS1"


# --- variable-measure codes from configured layouts ---------------------------------


def test_price_weight_check_digits_from_the_gs1_examples() -> None:
    assert variable_measure_check_digit("2875") == 9
    assert variable_measure_check_digit("14685") == 6


def test_price_weight_check_digits_agree_with_biip_everywhere() -> None:
    for length in (4, 5):
        for value in range(10**length):
            digits = str(value).zfill(length)
            assert variable_measure_check_digit(digits) == gs1_price_weight_check_digit(digits)


@pytest.mark.parametrize("value", ["123", "123456", "12a4", ""])
def test_price_weight_check_digit_needs_four_or_five_digits(value: str) -> None:
    with pytest.raises(ValueError, match="4 or 5 digits"):
        variable_measure_check_digit(value)


def test_weight_layout_with_value_check_digit() -> None:
    code = product("2811111068708", Symbology.EAN13, layouts=LAYOUTS)
    assert code == ProductCode(
        gtin="02811110000006",
        symbology=Symbology.EAN13,
        raw="2811111068708",
        weight_g=6870,
        variable_measure=True,
    )


def test_weight_layout_with_wrong_value_check_digit() -> None:
    text = with_check_digit("281111" + "2" + "06870")
    error = rejection(text, layouts=LAYOUTS)
    assert error.code == "BARCODE_VM_CHECK"
    assert "should be 1 but 2 was read" in error.message


def test_price_layout_without_value_check_digit() -> None:
    text = with_check_digit("2112345" + "01999")
    code = product(text, layouts=LAYOUTS)
    assert (code.gtin, code.price, code.weight_g) == (
        "0" + with_check_digit("211234500000"),
        1999,
        None,
    )
    assert code.variable_measure


def test_price_layout_rounds_half_up_to_the_currency() -> None:
    text = with_check_digit("2112345" + "01950")
    assert product(text, layouts=LAYOUTS, currency_exponent=0).price == 20


def test_price_layout_with_four_digit_value_check_digit() -> None:
    code = product("2011122912346", layouts=LAYOUTS)
    assert (code.gtin, code.price) == ("02011122000005", 1234)
    bad = with_check_digit("2011122" + "8" + "1234")
    assert rejection(bad, layouts=LAYOUTS).code == "BARCODE_VM_CHECK"


def test_weight_layout_without_value_check_digit() -> None:
    code = product(with_check_digit("24123456" + "0125"), layouts=LAYOUTS)
    assert (code.gtin, code.weight_g) == ("0" + with_check_digit("241234560000"), 1250)


def test_longest_layout_prefix_wins() -> None:
    count_2 = VariableMeasureLayout(
        prefix="2", item_start=1, item_end=7, value_start=7, value_end=12, value_kind="count"
    )
    assert product("2811111068708", layouts=(count_2, WEIGHT_28)).weight_g == 6870
    counted = product(with_check_digit("2512345" + "00012"), layouts=(count_2, WEIGHT_28))
    assert (counted.count, counted.gtin) == (12, "0" + with_check_digit("251234500000"))


def test_gtin_check_digit_is_checked_before_the_layout() -> None:
    assert rejection("2811111068709", layouts=LAYOUTS).code == "BARCODE_CHECK_DIGIT"


def test_prefix_2_without_layout_or_country_is_an_ordinary_gtin() -> None:
    code = product("2811111068708")
    assert (code.gtin, code.weight_g, code.variable_measure) == ("02811111068708", None, False)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"value_kind": "volume"}, "value_kind"),
        ({"prefix": "48"}, "prefix"),
        ({"prefix": ""}, "prefix"),
        ({"item_end": 13}, "item reference"),
        ({"item_start": 6}, "item reference"),
        ({"value_end": 13}, "value"),
        ({"value_start": 5}, "after the item reference"),
        ({"value_check_position": 8}, "check digit position"),
        ({"value_check_position": 12}, "check digit position"),
        ({"value_start": 6, "value_check_position": None}, None),
        ({"value_start": 6}, "check digit position"),
        ({"decimals": -1}, "decimals"),
        ({"value_kind": "count"}, "decimals"),
        ({"prefix": "2812345"}, "longer than the item part"),
    ],
)
def test_layout_validation(changes: dict[str, object], reason: str | None) -> None:
    fields: dict[str, object] = {
        "prefix": "28",
        "item_start": 2,
        "item_end": 6,
        "value_start": 7,
        "value_end": 12,
        "value_kind": "weight",
        "decimals": 3,
        "value_check_position": 6,
    }
    fields.update(changes)
    if reason is None:
        assert VariableMeasureLayout(**fields).value_start == 6  # type: ignore[arg-type]
        return
    with pytest.raises(ValueError, match=reason):
        VariableMeasureLayout(**fields)  # type: ignore[arg-type]


def test_check_digit_needs_a_four_or_five_digit_value() -> None:
    with pytest.raises(ValueError, match="4- or 5-digit"):
        VariableMeasureLayout(
            prefix="2",
            item_start=1,
            item_end=5,
            value_start=6,
            value_end=12,
            value_kind="price",
            decimals=2,
            value_check_position=5,
        )


# --- variable-measure codes by country (biip) ---------------------------------------


def test_germany_weight_via_biip() -> None:
    code = product("2811111068708", Symbology.EAN13, country="de")
    assert code == ProductCode(
        gtin="02811110000006",
        symbology=Symbology.EAN13,
        raw="2811111068708",
        weight_g=6870,
        variable_measure=True,
    )


def test_germany_price_via_biip() -> None:
    code = product("2211114002394", country="DE")
    assert (code.gtin, code.price) == ("0" + with_check_digit("221111000000"), 239)


def test_germany_wrong_value_check_digit_via_biip() -> None:
    text = with_check_digit("281111" + "2" + "06870")
    assert rejection(text, country="de").code == "BARCODE_VM_CHECK"


def test_germany_fixed_in_store_prefix_is_an_ordinary_gtin() -> None:
    text = with_check_digit("211234567890")
    code = product(text, country="de")
    assert (code.gtin, code.variable_measure) == ("0" + text, False)


def test_sweden_via_biip() -> None:
    price = product("2088060112343", country="se")
    assert (price.gtin, price.price) == ("02088060100005", 1234)
    weight = product("2302148210869", country="se")
    assert (weight.gtin, weight.weight_g) == ("02302148200006", 1086)


def test_sweden_weight_with_fewer_decimals() -> None:
    code = product(with_check_digit("25123456" + "0125"), country="se")
    assert code.weight_g == 12500  # 12.5 kg


def test_country_biip_does_not_know_falls_back_to_an_ordinary_gtin() -> None:
    code = product("2811111068708", country="fr")
    assert (code.gtin, code.variable_measure) == ("02811111068708", False)


def test_layouts_win_over_the_country() -> None:
    count_28 = VariableMeasureLayout(
        prefix="28", item_start=2, item_end=7, value_start=7, value_end=12, value_kind="count"
    )
    code = product("2811111068708", layouts=(count_28,), country="de")
    assert (code.count, code.weight_g) == (6870, None)


# --- properties ----------------------------------------------------------------------

SYMBOLOGIES = st.sampled_from(list(Symbology))
GS1_LIKE = st.text(alphabet="0123456789()\x1d\r\nAB-/ü", max_size=60)
ANY_TEXT = st.one_of(
    st.text(),
    st.binary().map(lambda raw: raw.decode("latin-1")),
    GS1_LIKE,
    st.builds(lambda tail: "01" + tail, GS1_LIKE),
    st.builds(lambda tail: "(01)" + tail, GS1_LIKE),
    st.builds(lambda tail: "2" + tail, st.text(alphabet="0123456789", min_size=7, max_size=13)),
    st.text(alphabet="0123456789", min_size=6, max_size=19),
)


@given(
    text=ANY_TEXT,
    symbology=SYMBOLOGIES,
    country=st.sampled_from([None, "de", "se", "dk", "gb", "no", "zz"]),
    use_layouts=st.booleans(),
)
def test_nothing_but_barcode_error_escapes(
    text: str, symbology: Symbology, country: str | None, use_layouts: bool
) -> None:
    layouts = LAYOUTS if use_layouts else ()
    outcome = interpret_or_error(text, symbology, layouts=layouts, country=country)
    if isinstance(outcome, BarcodeError):
        assert outcome.code.startswith("BARCODE_")
        assert outcome.message
    elif isinstance(outcome, ProductCode):
        assert len(outcome.gtin) == 14
        assert outcome.gtin.isascii()
        assert outcome.gtin.isdigit()
        assert gs1_check_digit(outcome.gtin[:-1]) == int(outcome.gtin[-1])
    else:
        assert isinstance(outcome, CouponCode)


@given(body=st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_valid_ean13_round_trips(body: str) -> None:
    text = with_check_digit(body)
    result = interpret(text)
    if text.startswith(("99", "981", "982", "983", "984")):
        assert result == CouponCode(code=text, symbology=Symbology.EAN13, raw=text)
    else:
        assert isinstance(result, ProductCode)
        assert result.gtin == text.zfill(14)


@given(
    body=st.text(alphabet="0123456789", min_size=12, max_size=12),
    position=st.integers(min_value=0, max_value=12),
    shift=st.integers(min_value=1, max_value=9),
    symbology=st.sampled_from([Symbology.EAN13, Symbology.UNKNOWN]),
)
def test_any_single_digit_change_is_rejected(
    body: str, position: int, shift: int, symbology: Symbology
) -> None:
    text = with_check_digit(body)
    changed = str((int(text[position]) + shift) % 10)
    corrupted = text[:position] + changed + text[position + 1 :]
    error = rejection(corrupted, symbology, layouts=LAYOUTS, country="de")
    assert error.code == "BARCODE_CHECK_DIGIT"
