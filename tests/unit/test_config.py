"""The configuration layer (kiosk/config.py) and the demo store in config/."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

import kiosk.config as config_module
from kiosk.config import (
    AttendantConfig,
    ConfigError,
    SecuritySettings,
    StoreConfig,
    check_config_dir,
    load_attendant,
    load_lane,
    load_lane_with_store,
    load_promotions,
    load_store,
)
from pos.catalog import Bagging, Product, SoldBy, gtin14, has_valid_check_digit
from pos.catalog_csv import CATALOG_COLUMNS, read_catalog_csv

ROOT = Path(__file__).parents[2]
CONFIG = ROOT / "config"
LANE_FILES = sorted((CONFIG / "lanes").glob("*.toml"))


# ---------------------------------------------------------------- the example files


def test_the_example_config_directory_has_no_problems() -> None:
    assert check_config_dir(CONFIG) == []


def test_check_config_dir_takes_a_relative_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # `sco config check` runs as `sco config check config` from the repository.
    monkeypatch.chdir(ROOT)
    assert check_config_dir(Path("config")) == []


def test_the_store_file_loads() -> None:
    store = load_store(CONFIG / "store.toml")
    assert store.store.currency == "EUR"
    assert store.store.languages == ("en", "vi", "ru", "fil")
    assert store.tax_rates() == {"A": 19, "B": 7}
    assert store.pricing.mode == "inclusive"
    assert store.pricing.rounding == "line"
    assert store.barcodes.country == "DE"
    assert store.catalog_csv_path() == CONFIG / "catalog.csv"
    assert store.promotions_path() == CONFIG / "promotions.toml"


def test_there_are_four_lanes() -> None:
    assert [path.name for path in LANE_FILES] == [f"lane-{n}.toml" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("path", LANE_FILES, ids=lambda path: path.stem)
def test_each_lane_file_loads_with_its_store(path: Path) -> None:
    lane, store = load_lane_with_store(path)
    assert lane.lane.id == path.stem
    assert lane.store_path() == CONFIG / "store.toml"
    assert store.path == CONFIG / "store.toml"
    assert lane.devices.payment.driver == "simulated"
    # Relative to the lane file, not to the working directory.
    assert lane.storage_url() == f"sqlite:///{ROOT / 'var' / path.stem}.db"


def test_a_lane_overrides_only_the_security_keys_it_sets() -> None:
    lane, store = load_lane_with_store(CONFIG / "lanes" / "lane-3.toml")
    settings = lane.security_settings(store)
    assert (settings.zero_band_g, settings.tolerance_abs_g) == (10, 30)
    assert settings.tolerance_rel_pct == store.security.tolerance_rel_pct == 5
    assert settings.max_bag_weight_g == 1500


def test_security_settings_become_the_cores_policy() -> None:
    security = pytest.importorskip("pos.security")
    lane, store = load_lane_with_store(CONFIG / "lanes" / "lane-3.toml")
    policy = lane.security_settings(store).to_policy()
    assert isinstance(policy, security.SecurityPolicy)
    assert (policy.zero_band_g, policy.tolerance_abs_g, policy.max_bag_weight_g) == (10, 30, 1500)


def test_the_promotions_engine_gets_the_demo_promotions() -> None:
    from kiosk.settings import promotions

    loaded = promotions(load_store(CONFIG / "store.toml"))
    coupon = loaded.coupon("09900000000011")
    assert coupon is not None
    assert (coupon.value, coupon.min_spend) == (100, 1000)
    assert [m.id for m in loaded.mixmatches] == ["soft-drinks", "chocolate", "crisps"]
    assert loaded.multibuys[0].gtins == frozenset({"04006581000176", "04006581000244"})


def test_the_attendant_file_loads() -> None:
    attendant = load_attendant(CONFIG / "attendant.toml")
    assert attendant.station.lanes == ("lane-1", "lane-2", "lane-3", "lane-4")
    assert attendant.store_path() == CONFIG / "store.toml"
    store = load_store(attendant.store_path())
    assert attendant.broker_settings(store).port == 1883


# ---------------------------------------------------------------- declared once, documented


def _models() -> Iterator[type[BaseModel]]:
    for value in vars(config_module).values():
        if (
            isinstance(value, type)
            and issubclass(value, BaseModel)
            and value.__module__ == config_module.__name__
            and not value.__name__.startswith("_")
        ):
            yield value


@pytest.mark.parametrize("model", list(_models()), ids=lambda model: model.__name__)
def test_every_option_has_a_description_and_forbids_unknown_keys(model: type[BaseModel]) -> None:
    assert model.model_config.get("extra") == "forbid"
    assert model.model_config.get("frozen") is True
    undocumented = [name for name, field in model.model_fields.items() if not field.description]
    assert undocumented == []


def _defaulted_models() -> Iterator[type[BaseModel]]:
    for model in _models():
        if not any(field.is_required() for field in model.model_fields.values()):
            yield model


@pytest.mark.parametrize("model", list(_defaulted_models()), ids=lambda model: model.__name__)
def test_every_default_is_valid(model: type[BaseModel]) -> None:
    # Through validation, as if every default were written out in a file.
    written = model().model_dump(by_alias=True)
    assert model.model_validate(written) == model()


def test_most_tables_can_be_left_out() -> None:
    assert {model.__name__ for model in _defaulted_models()} >= {
        "PricingSection",
        "SecuritySettings",
        "SecurityOverrides",
        "ReceiptSection",
        "BrokerSection",
        "TimeoutsSection",
        "StorageSection",
        "LaneUiSection",
        "AttendantUiSection",
    }


def test_the_store_example_sets_every_store_option() -> None:
    # The example doubles as documentation: each [section] key appears in it.
    data = tomllib.loads((CONFIG / "store.toml").read_text(encoding="utf-8"))
    for section in ("pricing", "security", "timeouts", "catalog"):
        model = StoreConfig.model_fields[section].annotation
        assert isinstance(model, type)
        assert set(data[section]) == set(model.model_fields), section


# ---------------------------------------------------------------- broken files


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(load: object, path: Path) -> list[str]:
    assert callable(load)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert caught.value.code == "CONFIG"
    assert str(caught.value) == "\n".join(caught.value.problems)
    return list(caught.value.problems)


MINIMAL_STORE = """
[store]
id = "test"
name = "Test store"
currency = "EUR"

[[tax]]
class = "A"
rate = "19"
"""

MINIMAL_LANE = """
[lane]
id = "lane-1"
store = "../store.toml"

[devices.scanner]
driver = "simulated"
[devices.scale]
driver = "simulated"
[devices.printer]
driver = "simulated"
[devices.payment]
driver = "simulated"
"""


def test_the_minimal_files_load(tmp_path: Path) -> None:
    write(tmp_path, "store.toml", MINIMAL_STORE)
    lane, store = load_lane_with_store(write(tmp_path, "lanes/lane-1.toml", MINIMAL_LANE))
    assert store.security == SecuritySettings()
    assert lane.security_settings(store) == SecuritySettings()
    assert lane.storage_url() == f"sqlite:///{tmp_path.parent.resolve() / 'var' / 'lane-1.db'}"


def test_a_wrong_type_names_file_key_and_expectation(tmp_path: Path) -> None:
    path = write(
        tmp_path, "lanes/lane-1.toml", MINIMAL_LANE + '[security]\ntolerance_abs_g = "twenty"\n'
    )
    assert problems_of(load_lane, path) == [
        f'{path}: security.tolerance_abs_g: expected an integer >= 0 (got "twenty")'
    ]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("[broker]\nport = \"1883\"\n",
         'broker.port: expected an integer from 1 to 65535 (got "1883")'),
        ("[broker]\ntls = 1\n", "broker.tls: expected true or false (got 1)"),
        ("[pricing]\nmode = \"net\"\n",
         'pricing.mode: expected one of "inclusive", "exclusive" (got "net")'),
        ("[receipt]\nheader = \"Hello\"\n",
         'receipt.header: expected a list of strings (got "Hello")'),
        ("[security]\nzero_band_g = -1\n",
         "security.zero_band_g: expected an integer >= 0 (got -1)"),
        ("[timeouts]\nidle_s = 2.5\n",
         "timeouts.idle_s: expected an integer from 1 to 3600 (got 2.5)"),
        ("[[tax]]\nclass = \"B\"\nrate = 7\n",
         'tax[1].rate: expected a percentage written as a string, such as "19" or "7.7" (got 7)'),
        ("[[tax]]\nclass = \"B\"\nrate = \"seven\"\n",
         'tax[1].rate: "seven" is not a percentage (expected a string such as "19")'),
        ("[[tax]]\nclass = \"A\"\nrate = \"7\"\n", 'tax: class "A" appears twice (expected once)'),
        ("[catalog]\ncsv = []\n", "catalog.csv: expected a string (got a list)"),
    ],
)  # fmt: skip
def test_wrong_values_in_the_store_file(tmp_path: Path, extra: str, problem: str) -> None:
    path = write(tmp_path, "store.toml", MINIMAL_STORE + extra)
    assert problems_of(load_store, path) == [f"{path}: {problem}"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (MINIMAL_LANE + "[security]\ntolerence_abs_g = 3\n",
         "security.tolerence_abs_g: unknown key (did you mean tolerance_abs_g?)"),
        (MINIMAL_LANE.replace("[devices.scale]\n", "[devices.scale]\nspeed = 3\n"),
         "devices.scale.speed: unknown key (expected one of driver, url, baudrate, poll_hz)"),
        (MINIMAL_LANE.replace('store = "../store.toml"', 'store = "../store.toml"\nstores = 1'),
         "lane.stores: unknown key (did you mean store?)"),
        (MINIMAL_LANE + '[printer]\ndriver = "simulated"\n',
         "printer: unknown key (expected one of lane, storage, security, broker, devices, "
         "produce, ui)"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_an_error(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, "lanes/lane-1.toml", text)
    assert problems_of(load_lane, path) == [f"{path}: {problem}"]


def test_bad_toml_syntax_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "store.toml", '[store]\nid = "test"\nname = \n')
    assert problems_of(load_store, path) == [
        f"{path}: line 3, column 8: not valid TOML (Invalid value)"
    ]


def test_a_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "store.toml", MINIMAL_STORE.replace('id = "test"', 'id = "a"\nid = "b"'))
    (problem,) = problems_of(load_store, path)
    assert problem.startswith(f"{path}: line 4, column ")


@pytest.mark.parametrize(
    ("remove", "problem"),
    [
        ('currency = "EUR"\n',
         "store.currency: missing (expected a 3-letter ISO 4217 currency code such as EUR)"),
        ('name = "Test store"\n', "store.name: missing (expected a non-empty string)"),
        ('[[tax]]\nclass = "A"\nrate = "19"\n', "tax: missing (expected a list of tables)"),
    ],
)  # fmt: skip
def test_a_missing_required_key_is_named(tmp_path: Path, remove: str, problem: str) -> None:
    path = write(tmp_path, "store.toml", MINIMAL_STORE.replace(remove, ""))
    assert problems_of(load_store, path) == [f"{path}: {problem}"]


def test_a_missing_device_table_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path, "lane.toml", MINIMAL_LANE.replace('[devices.payment]\ndriver = "simulated"\n', "")
    )
    assert problems_of(load_lane, path) == [f"{path}: devices.payment: missing (expected a table)"]


@pytest.mark.parametrize("currency", ["euro", "eur", "EURO", "€", ""])
def test_a_bad_currency_is_named(tmp_path: Path, currency: str) -> None:
    path = write(tmp_path, "store.toml", MINIMAL_STORE.replace('"EUR"', f'"{currency}"'))
    assert problems_of(load_store, path) == [
        f"{path}: store.currency: expected a 3-letter ISO 4217 currency code such as EUR "
        f'(got "{currency}")'
    ]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL_STORE.replace('"EUR"', '"euro"') + "[broker]\nport = 0\n[ui]\nx = 1\n"
    path = write(tmp_path, "store.toml", text)
    assert problems_of(load_store, path) == [
        f"{path}: store.currency: expected a 3-letter ISO 4217 currency code such as EUR "
        '(got "euro")',
        f"{path}: broker.port: expected an integer from 1 to 65535 (got 0)",
        f"{path}: ui: unknown key (expected one of store, pricing, tax, catalog, barcodes, "
        "security, receipt, broker, timeouts)",
    ]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert problems_of(load_store, tmp_path / "nope.toml") == [
        f"{tmp_path / 'nope.toml'}: no such file"
    ]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('[devices.scanner]\ndriver = "serial-aim"\n',
         'devices.scanner.url: missing (driver "serial-aim" needs a device such as '
         "/dev/serial/by-id/... or socket://127.0.0.1:9100)"),
        ('[devices.scanner]\ndriver = "hid-pos"\nusb_vid = 0x05F9\n',
         'devices.scanner.usb_pid: missing (driver "hid-pos" needs usb_vid and usb_pid)'),
        ('[devices.scanner]\ndriver = "hid-pos"\nusb_vid = 0x10000\nusb_pid = 1\n',
         "devices.scanner.usb_vid: expected a USB id from 0 to 0xFFFF, e.g. 0x05E0 (got 65536)"),
        ('[devices.payment]\ndriver = "zvt-tcp"\n',
         "devices.payment.host: missing (driver \"zvt-tcp\" needs the device's address)"),
        ('[devices.payment]\ndriver = "simulated"\npassword = 123456\n',
         'devices.payment.password: expected 6 digits written as a string, such as "000000" '
         "(got 123456)"),
        ('[devices.printer]\ndriver = "simulated"\nwidth_chars = 40\n',
         "devices.printer.width_chars: expected one of 32, 42, 48 (got 40)"),
        ('[devices.scale]\ndriver = "toledo"\n',
         'devices.scale.driver: expected one of "toledo8217", "mt-sics", "simulated" '
         '(got "toledo")'),
    ],
)  # fmt: skip
def test_device_tables_are_checked(tmp_path: Path, table: str, problem: str) -> None:
    header = table.split("\n", 1)[0]
    start = MINIMAL_LANE.index(header)
    end = MINIMAL_LANE.index("\n", MINIMAL_LANE.index("driver", start)) + 1
    path = write(tmp_path, "lane.toml", MINIMAL_LANE[:start] + table + MINIMAL_LANE[end:])
    assert problems_of(load_lane, path) == [f"{path}: {problem}"]


def test_a_lane_id_must_be_a_slug(tmp_path: Path) -> None:
    path = write(tmp_path, "lane.toml", MINIMAL_LANE.replace('"lane-1"', '"Lane 1"'))
    assert problems_of(load_lane, path) == [
        f'{path}: lane.id: expected lower-case letters, digits and "-", such as "lane-1" '
        '(got "Lane 1")'
    ]


SCANNER_SCALE = '[devices.scanner_scale]\ndriver = "simulated"\n'


def test_produce_is_weighed_on_the_bagging_scale_unless_told(tmp_path: Path) -> None:
    lane = load_lane(write(tmp_path, "lane.toml", MINIMAL_LANE))
    assert lane.produce.weigh_on == "bagging_scale"
    assert lane.devices.scanner_scale is None
    # A scanner-scale may be declared (its health is watched) without pricing produce.
    lane = load_lane(write(tmp_path, "lane.toml", MINIMAL_LANE + SCANNER_SCALE))
    assert lane.produce.weigh_on == "bagging_scale"
    assert lane.devices.scanner_scale is not None


def test_produce_is_weighed_on_a_declared_scanner_scale(tmp_path: Path) -> None:
    text = MINIMAL_LANE + """
[devices.scanner_scale]
driver = "toledo8217"
url = "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K7Q3C-if00-port0"
poll_hz = 4

[produce]
weigh_on = "scanner_scale"
"""
    lane = load_lane(write(tmp_path, "lane.toml", text))
    assert lane.produce.weigh_on == "scanner_scale"
    scale = lane.devices.scanner_scale
    assert scale is not None
    assert (scale.driver, scale.poll_hz, scale.baudrate) == ("toledo8217", 4, 9600)
    assert scale.url.endswith("A10K7Q3C-if00-port0")
    assert lane.devices.scale.driver == "simulated"  # the bagging scale is its own device


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('[produce]\nweigh_on = "scanner_scale"\n',
         'produce.weigh_on: "scanner_scale", but the lane has no [devices.scanner_scale] '
         '(expected that table, or "bagging_scale")'),
        ('[produce]\nweigh_on = "scanner"\n' + SCANNER_SCALE,
         'produce.weigh_on: expected one of "bagging_scale", "scanner_scale" (got "scanner")'),
        ('[produce]\nweigh_on = "scanner_scale"\n[devices.scanner_scale]\ndriver = "mt-sics"\n',
         'devices.scanner_scale.url: missing (driver "mt-sics" needs a device such as '
         "/dev/serial/by-id/... or socket://127.0.0.1:9100)"),
        ('[devices.scanner_scale]\ndriver = "simulated"\npoll_hz = 0\n',
         "devices.scanner_scale.poll_hz: expected an integer from 1 to 50 (got 0)"),
        ("[produce]\nscale = 1\n", "produce.scale: unknown key (expected one of weigh_on)"),
    ],
)  # fmt: skip
def test_where_produce_is_weighed_is_checked(tmp_path: Path, extra: str, problem: str) -> None:
    path = write(tmp_path, "lanes/lane-1.toml", MINIMAL_LANE + extra)
    assert problems_of(load_lane, path) == [f"{path}: {problem}"]


def test_a_lane_override_that_clashes_with_the_store_names_both_files(tmp_path: Path) -> None:
    store = write(tmp_path, "store.toml", MINIMAL_STORE + "[security]\nlearned_min_samples = 10\n")
    lane = write(
        tmp_path, "lanes/lane-1.toml", MINIMAL_LANE + "[security]\nlearned_max_samples = 8\n"
    )
    assert problems_of(load_lane_with_store, lane) == [
        f"{lane}: security.learned_max_samples: 8 is below learned_min_samples 10 "
        f"(expected at least as many) (with [security] of {store})"
    ]


def test_a_lane_whose_store_file_is_missing_names_the_resolved_path(tmp_path: Path) -> None:
    lane = write(tmp_path, "lanes/lane-1.toml", MINIMAL_LANE)
    assert problems_of(load_lane_with_store, lane) == [f"{tmp_path / 'store.toml'}: no such file"]


def test_default_language_must_be_offered(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "store.toml",
        MINIMAL_STORE.replace('currency = "EUR"', 'currency = "EUR"\ndefault_language = "de"'),
    )
    assert problems_of(load_store, path) == [
        f'{path}: store.default_language: "de" is not in languages '
        '(expected one of "en", "vi", "ru", "fil")'
    ]


@pytest.mark.parametrize(
    ("layout", "problem"),
    [
        ("item_end = 8",
         "barcodes.variable_measure[0].value_start: digits 7..12 overlap the item reference or "
         "are empty (expected item_end <= value_start < value_end)"),
        ("item_end = 1", "barcodes.variable_measure[0].item_end: 1 is not after item_start"),
        ('prefix = "41"',
         "barcodes.variable_measure[0].prefix: expected 1 to 3 digits starting with 2 written as "
         'a string, like "28" (got "41")'),
        ('value_kind = "volume"',
         'barcodes.variable_measure[0].value_kind: expected one of "price", "weight", "count" '
         '(got "volume")'),
        ('value_kind = "count"',
         "barcodes.variable_measure[0].decimals: 2 for a count (expected 0)"),
        ("value_check_position = 8",
         "barcodes.variable_measure[0].value_check_position: digit 8 is not between the item "
         "reference and the EAN-13 check digit, outside the value"),
    ],
)  # fmt: skip
def test_variable_measure_layouts_are_checked(tmp_path: Path, layout: str, problem: str) -> None:
    good = {
        "prefix": '"21"',
        "item_start": "2",
        "item_end": "6",
        "value_start": "7",
        "value_end": "12",
        "value_kind": '"price"',
        "decimals": "2",
        "value_check_position": "6",
    }
    key, value = layout.split(" = ")
    table = "\n".join(f"{k} = {value if k == key else v}" for k, v in good.items())
    path = write(
        tmp_path, "store.toml", MINIMAL_STORE + f"[[barcodes.variable_measure]]\n{table}\n"
    )
    assert problems_of(load_store, path) == [f"{path}: {problem}"]


def test_the_example_layouts_are_accepted_by_the_barcode_parser() -> None:
    barcode = pytest.importorskip("pos.barcode")
    layouts = load_store(CONFIG / "store.toml").barcodes.variable_measure
    converted = [layout.to_layout() for layout in layouts]
    assert all(isinstance(layout, barcode.VariableMeasureLayout) for layout in converted)
    assert [(layout.prefix, layout.value_kind) for layout in converted] == [
        ("21", "price"),
        ("24", "weight"),
    ]


@pytest.mark.parametrize(
    ("label", "name", "weight_g", "price"),
    [
        ("2840111012343", "Bananen lose, je kg", 1234, None),  # national layout 28 (DE)
        ("2470042003501", "Frischetheke Gouda mittelalt, je kg", 350, None),  # in-store 24
        ("2171011002999", "Frischetheke Aufschnitt gemischt, je kg", None, 299),  # in-store 21
    ],
)
def test_scale_labels_find_their_product_in_the_demo_catalog(
    catalog: list[Product], label: str, name: str, weight_g: int | None, price: int | None
) -> None:
    barcode = pytest.importorskip("pos.barcode")
    store = load_store(CONFIG / "store.toml")
    code = barcode.interpret(
        label,
        layouts=[layout.to_layout() for layout in store.barcodes.variable_measure],
        country=store.barcodes.country,
    )
    by_gtin = {product.gtin: product for product in catalog}
    assert by_gtin[code.gtin].name == name
    assert (code.weight_g, code.price) == (weight_g, price)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://r.example.org/{id}",
         "receipt.digital_receipt_url: unknown placeholder {id} (expected {txn}, {store}, {lane})"),
        ("https://r.example.org/",
         'receipt.digital_receipt_url: "https://r.example.org/" lacks {txn} '
         "(expected the transaction in the URL)"),
    ],
)  # fmt: skip
def test_receipt_url_template_is_checked(tmp_path: Path, url: str, problem: str) -> None:
    path = write(
        tmp_path, "store.toml", MINIMAL_STORE + f'[receipt]\ndigital_receipt_url = "{url}"\n'
    )
    assert problems_of(load_store, path) == [f"{path}: {problem}"]


def test_receipt_url_is_filled_in() -> None:
    store = load_store(CONFIG / "store.toml")
    url = store.receipt.receipt_url(txn="T42", store=store.store.id, lane="lane-1")
    assert url == "https://receipts.example.org/r/berlin-kiez/T42"


def test_broker_certificates_need_tls_and_come_in_pairs(tmp_path: Path) -> None:
    path = write(tmp_path, "store.toml", MINIMAL_STORE + '[broker]\ncert_file = "c.pem"\n')
    assert problems_of(load_store, path) == [
        f"{path}: broker.key_file: missing (cert_file and key_file go together)"
    ]
    path = write(tmp_path, "store.toml", MINIMAL_STORE + '[broker]\nca_file = "ca.pem"\n')
    assert problems_of(load_store, path) == [
        f"{path}: broker.tls: false, but certificates are given (expected true)"
    ]


def test_broker_files_are_relative_to_the_file_naming_them(tmp_path: Path) -> None:
    write(
        tmp_path,
        "store.toml",
        MINIMAL_STORE + '[broker]\ntls = true\nca_file = "certs/ca.pem"\nusername = "x"\n',
    )
    lane, store = load_lane_with_store(
        write(
            tmp_path,
            "lanes/lane-1.toml",
            MINIMAL_LANE + '[broker]\nusername = "lane-1"\npassword_file = "secret"\n',
        )
    )
    broker = lane.broker_settings(store)
    assert broker.ca_file == str(tmp_path.resolve() / "certs" / "ca.pem")
    assert broker.password_file == str(tmp_path.resolve() / "lanes" / "secret")
    assert (broker.username, broker.tls) == ("lane-1", True)


@pytest.mark.parametrize(
    ("url", "resolved"),
    [
        ("sqlite:///var/{lane}.db", "sqlite:///{dir}/var/lane-1.db"),
        ("sqlite:///../{lane}.db?timeout=5", "sqlite:///{parent}/lane-1.db?timeout=5"),
        ("sqlite:////srv/sco/{lane}.db", "sqlite:////srv/sco/lane-1.db"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("sqlite://", "sqlite://"),
        ("postgresql+psycopg://sco@db/sco", "postgresql+psycopg://sco@db/sco"),
    ],
)
def test_storage_url_is_resolved_relative_to_the_lane_file(
    tmp_path: Path, url: str, resolved: str
) -> None:
    path = write(tmp_path, "lanes/lane-1.toml", MINIMAL_LANE + f'[storage]\nurl = "{url}"\n')
    lane = load_lane(path)
    folder = (tmp_path / "lanes").resolve()
    assert lane.storage_url() == resolved.format(dir=folder, parent=folder.parent)


def test_configs_are_frozen() -> None:
    lane = load_lane(LANE_FILES[0])
    with pytest.raises(ValueError, match="frozen"):
        lane.lane = lane.lane


def test_models_built_in_code_resolve_against_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    attendant = AttendantConfig.model_validate({"station": {"id": "s", "lanes": ["lane-1"]}})
    assert attendant.path is None
    assert attendant.store_path() == tmp_path.resolve() / "store.toml"


# ---------------------------------------------------------------- check_config_dir on broken copies


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    root = tmp_path / "config"
    shutil.copytree(CONFIG, root)
    return root


def test_check_reports_a_lane_named_unlike_its_file_and_an_unknown_station_lane(
    config_copy: Path,
) -> None:
    lane_2 = config_copy / "lanes" / "lane-2.toml"
    lane_2.write_text(lane_2.read_text().replace('id = "lane-2"', 'id = "lane-1"'))
    assert check_config_dir(config_copy) == [
        f'{lane_2}: lane.id: "lane-1" differs from the file name (expected "lane-2")',
        f'{lane_2}: lane.id: "lane-1" is used by another lane file',
        f'{config_copy / "attendant.toml"}: station.lanes: "lane-2" is not a lane in '
        f"{config_copy / 'lanes'} (expected one of lane-1, lane-3, lane-4)",
    ]


def test_check_collects_problems_of_several_files(config_copy: Path) -> None:
    (config_copy / "lanes" / "lane-4.toml").write_text(
        MINIMAL_LANE.replace("lane-1", "lane-4") + "[ui]\nscreen = 5\n"
    )
    (config_copy / "attendant.toml").write_text("[station\n")
    problems = check_config_dir(config_copy)
    assert problems == [
        f"{config_copy / 'lanes' / 'lane-4.toml'}: ui.screen: expected a screen size in pixels "
        'such as "1920x1080" (got 5)',
        f"{config_copy / 'attendant.toml'}: line 1, column 9: not valid TOML "
        "(Expected ']' at the end of a table declaration)",
    ]


def test_the_demo_lane_4_weighs_produce_on_its_scanner_scale(config_copy: Path) -> None:
    lane = load_lane(CONFIG / "lanes" / "lane-4.toml")
    assert lane.produce.weigh_on == "scanner_scale"
    assert lane.devices.scanner_scale is not None
    assert lane.devices.scanner_scale.driver == "simulated"
    # Without its scanner-scale, `sco config check` names the key that needs it.
    path = config_copy / "lanes" / "lane-4.toml"
    text = path.read_text()
    start = text.index("[devices.scanner_scale]")
    path.write_text(text[:start] + text[text.index("[devices.printer]"):])
    assert check_config_dir(config_copy)[0] == (
        f'{path}: produce.weigh_on: "scanner_scale", but the lane has no '
        '[devices.scanner_scale] (expected that table, or "bagging_scale")'
    )


def test_check_reports_a_bad_catalog_row(config_copy: Path) -> None:
    catalog = config_copy / "catalog.csv"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    cells = lines[9].split(",")
    cells[0] = cells[0][:-1] + str((int(cells[0][-1]) + 1) % 10)
    lines[9] = ",".join(cells)
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = check_config_dir(config_copy)
    assert problem.startswith(f'{catalog} line 10, column gtin: "{cells[0]}" has a wrong check')


def test_check_reports_an_undeclared_tax_class(config_copy: Path) -> None:
    store = config_copy / "store.toml"
    text = store.read_text(encoding="utf-8")
    store.write_text(text.replace('class = "B"', 'class = "C"'), encoding="utf-8")
    assert check_config_dir(config_copy) == [
        f'{config_copy / "catalog.csv"}: tax class "B" is not declared in {store} '
        "(expected one of A, C)"
    ]


def test_check_reports_promotions_that_do_not_match_the_catalog(config_copy: Path) -> None:
    promotions = config_copy / "promotions.toml"
    promotions.write_text(
        """
[[multibuy]]
id = "ghost"
name = "Ghost 3 for 2"
gtins = ["4000000000013"]
buy = 3
pay = 2

[[mixmatch]]
id = "nothing"
name = "Nothing 2 for 1.00"
group = "no-such-group"
buy = 2
price = "1.005"

[[coupon]]
code = "9900000000011"
name = "Coupon"
value = "1.00"
""",
        encoding="utf-8",
    )
    assert check_config_dir(config_copy) == [
        f"{promotions}: mixmatch[0].price: '1.005' has more than 2 decimals for EUR",
        f'{promotions}: mixmatch[0].group: no catalog product is in "no-such-group"',
        f'{promotions}: multibuy[0].gtins: "4000000000013" is not in the catalog',
    ]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('[[coupon]]\ncode = "9900000000017"\nname = "x"\nvalue = "1.00"\n',
         'coupon[0].code: "9900000000017" has a wrong check digit'),
        ('[[coupon]]\ncode = "4006581000176"\nname = "x"\nvalue = "1.00"\n',
         'coupon[0].code: expected 13 digits starting with 99, such as "9900000000011" '
         '(got "4006581000176")'),
        ('[[multibuy]]\nid = "a"\nname = "x"\ngtins = ["4006581000176"]\nbuy = 3\npay = 2\n'
         'price = "5.00"\n',
         "multibuy[0].pay: expected exactly one of pay and price"),
        ('[[multibuy]]\nid = "a"\nname = "x"\ngtins = ["4006581000177"]\nbuy = 3\npay = 2\n',
         'multibuy[0].gtins[0]: "4006581000177" has a wrong check digit'),
        ('[[mixmatch]]\nid = "a"\nname = "x"\ngroup = "g"\nbuy = 3\nprice = 3.5\n',
         'mixmatch[0].price: expected an amount in major units written as a string, such as '
         '"3.50" (got 3.5)'),
    ],
)  # fmt: skip
def test_promotion_entries_are_checked(tmp_path: Path, table: str, problem: str) -> None:
    path = write(tmp_path, "promotions.toml", table)
    assert problems_of(load_promotions, path) == [f"{path}: {problem}"]


# ---------------------------------------------------------------- the demo data


@pytest.fixture(scope="module")
def catalog() -> list[Product]:
    with (CONFIG / "catalog.csv").open(newline="", encoding="utf-8") as file:
        return list(read_catalog_csv(file, "EUR", source="config/catalog.csv"))


def test_the_demo_catalog_header_is_the_full_column_list() -> None:
    with (CONFIG / "catalog.csv").open(encoding="utf-8") as file:
        assert tuple(file.readline().strip().split(",")) == CATALOG_COLUMNS


def test_the_demo_catalog_is_large_and_its_gtins_unique_and_valid(catalog: list[Product]) -> None:
    assert len(catalog) >= 300
    gtins = [product.gtin for product in catalog]
    assert len(set(gtins)) == len(gtins)
    assert all(has_valid_check_digit(gtin) for gtin in gtins)
    assert sum(gtin.startswith("000000") for gtin in gtins) >= 3  # EAN-8
    assert sum(gtin.startswith("00") and not gtin.startswith("000000") for gtin in gtins) >= 3


def test_the_demo_catalog_has_each_kind_of_product(catalog: list[Product]) -> None:
    by_weight = [p for p in catalog if p.sold_by is SoldBy.WEIGHT]
    assert len(by_weight) >= 30
    assert all(p.expected_weight_g is None for p in by_weight)
    produce_by_weight = [p for p in by_weight if p.category == "produce"]
    assert len(produce_by_weight) >= 30
    assert all(p.plu is not None and len(p.plu) == 4 for p in produce_by_weight)
    assert any(p.plu and p.sold_by is SoldBy.UNIT for p in catalog)  # avocado and friends
    assert len([p for p in catalog if p.age_restricted]) >= 15
    assert {p.min_age for p in catalog} == {0, 16, 18}
    assert len([p for p in catalog if p.bagging is Bagging.OPTIONAL]) >= 10
    assert 0 < len([p for p in catalog if p.weight_tolerance_g is not None]) < len(catalog) // 4


def test_the_demo_catalog_follows_german_rules(catalog: list[Product]) -> None:
    # Beer and wine from 16, spirits and tobacco from 18 (JuSchG §§ 9, 10).
    ages: dict[str, set[int]] = {p.category: set() for p in catalog}
    for product in catalog:
        ages[product.category].add(product.min_age)
    assert ages["alcohol"] == {16, 18}
    assert ages["tobacco"] == {18}
    assert ages["dairy"] == {0}
    assert {p.tax_class for p in catalog if p.category == "alcohol"} == {"A"}
    assert {p.tax_class for p in catalog if p.category in ("produce", "bakery")} == {"B"}


def test_unit_items_a_scale_can_check_have_an_expected_weight(catalog: list[Product]) -> None:
    unweighed = [p.name for p in catalog if p.sold_by is SoldBy.UNIT and not p.expected_weight_g]
    assert unweighed == []


def test_promotions_refer_to_the_catalog(catalog: list[Product]) -> None:
    promotions = load_promotions(CONFIG / "promotions.toml")
    gtins = {product.gtin for product in catalog}
    groups = {product.mix_match for product in catalog if product.mix_match}
    assert len(promotions.multibuy) >= 3
    assert len(promotions.mixmatch) >= 2
    assert len(promotions.coupon) >= 3
    for offer in promotions.multibuy:
        assert {gtin14(gtin) for gtin in offer.gtins} <= gtins, offer.id
        assert (offer.pay is None) != (offer.price is None)
    for mixmatch in promotions.mixmatch:
        assert mixmatch.group in groups
        members = [p for p in catalog if p.mix_match == mixmatch.group]
        assert len(members) >= mixmatch.buy
    for coupon in promotions.coupon:
        assert coupon.code.startswith("99")
        assert has_valid_check_digit(coupon.code)
        assert {gtin14(gtin) for gtin in coupon.gtins} <= gtins
