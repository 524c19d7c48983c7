"""The configuration files of a store, its lanes and its attendant stations.

Every option is declared once below, with its type, default and description;
the models forbid unknown keys, so a misspelt option is an error rather than
a silently ignored line.  Values are checked with TOML's own types (strict
mode): ``port = "1883"`` is a mistake to report, not a string to coerce.

A bad file raises :class:`ConfigError`, one line per problem, each naming the
file, the dotted key and what was expected::

    config/lanes/lane-1.toml: security.tolerance_abs_g: expected an integer >= 0 (got "twenty")

Entries of an array of tables are counted from 0, as the promotions engine
counts them too: ``tax[1].rate`` is the ``rate`` of the second ``[[tax]]`` table.

Relative paths inside a file (the lane's store, storage URLs, the catalog,
certificates) are relative to the file that names them, never to the working
directory; each config offers a method that gives the resolved value.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from pos.catalog import gtin14, has_valid_check_digit
from pos.catalog_csv import read_catalog_csv
from pos.errors import CatalogError, MoneyError, SCOError
from pos.money import Money, Rounding

if TYPE_CHECKING:
    from pos.barcode import VariableMeasureLayout
    from pos.security import SecurityPolicy


class ConfigError(SCOError):
    """A configuration file is missing, is not valid TOML, or holds a bad value.

    ``problems`` holds one line per problem, each starting with the file name.
    """

    code = "CONFIG"

    def __init__(self, problems: str | Sequence[str], *, code: str | None = None) -> None:
        lines = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(lines), code=code)
        self.problems: tuple[str, ...] = lines


class _KeyProblem(ValueError):
    """Raised by a validator to blame one key of its table rather than the table."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__(text)
        self.key = key


# --------------------------------------------------------------------------
# Building blocks


class _Section(BaseModel):
    """A TOML table: unknown keys are errors, values keep their TOML type."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


def _expect(text: str) -> dict[str, Any]:
    """What an error message says is expected, where the type alone says too little."""
    return {"expected": text}


Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9-]+$",
        max_length=40,
        json_schema_extra=_expect('lower-case letters, digits and "-", such as "lane-1"'),
    ),
]
Port = Annotated[int, Field(ge=1, le=65535)]
UsbId = Annotated[
    int, Field(ge=0, le=0xFFFF, json_schema_extra=_expect("a USB id from 0 to 0xFFFF, e.g. 0x05E0"))
]
Language = Annotated[
    str,
    Field(
        pattern=r"^[a-z]{2,3}([-_][A-Z]{2})?$",
        json_schema_extra=_expect('a language code such as "en", "vi", "fil" or "pt_BR"'),
    ),
]
Amount = Annotated[
    str,
    Field(
        pattern=r"^[0-9]+(\.[0-9]+)?$",
        json_schema_extra=_expect('an amount in major units written as a string, such as "3.50"'),
    ),
]
Screen = Annotated[
    str,
    Field(
        pattern=r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$",
        json_schema_extra=_expect('a screen size in pixels such as "1920x1080"'),
    ),
]
Baudrate = Literal[1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]
Seconds = Annotated[int, Field(ge=1, le=3600)]


def _lines(default: tuple[str, ...], description: str) -> Any:
    # TOML arrays arrive as lists; a tuple keeps the frozen config immutable.
    return Field(default, strict=False, description=description)


def _table(factory: type[BaseModel], description: str) -> Any:
    return Field(default_factory=factory, description=description)


def _override(section: str, name: str) -> Any:
    return Field(
        None,
        description=f"Replaces store.toml [{section}] {name} here; unset keeps the store's value.",
    )


class _ConfigFile(_Section):
    """A whole file: remembers where it was read from to resolve relative paths."""

    _path: Path | None = PrivateAttr(None)

    @property
    def path(self) -> Path | None:
        """The file this configuration was loaded from (None when built in code)."""
        return self._path

    @property
    def location(self) -> Path | None:
        """The file this configuration was loaded from, as an absolute path."""
        return None if self._path is None else Path(os.path.normpath(self._path.absolute()))

    def resolve(self, value: str | Path) -> Path:
        """``value`` as a path: absolute, relative to this file's directory otherwise."""
        target = Path(value).expanduser()
        if not target.is_absolute():
            base = self._path.parent if self._path is not None else Path()
            target = base.absolute() / target
        return Path(os.path.normpath(target))

    def resolve_url(self, url: str) -> str:
        """A SQLAlchemy URL with a relative SQLite path made relative to this file."""
        scheme, sep, rest = url.partition(":///")
        # sqlite:///relative/path is relative to the working directory for
        # SQLAlchemy; here it is relative to this file. sqlite:////abs stays.
        if not sep or not scheme.startswith("sqlite"):
            return url
        database, query_sep, query = rest.partition("?")
        if not database or database == ":memory:" or database.startswith("/"):
            return url
        return f"{scheme}:///{self.resolve(database)}{query_sep}{query}"


# --------------------------------------------------------------------------
# store.toml


class StoreSection(_Section):
    id: Slug = Field(description="Store id, used in MQTT topics and journal records.")
    name: str = Field(min_length=1, description="Store name as printed on receipts.")
    address: tuple[str, ...] = _lines((), "Postal address, one receipt line per item.")
    vat_id: str = Field("", description="VAT identification number printed on receipts.")
    currency: str = Field(
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 code of the currency every price is in.",
        json_schema_extra=_expect("a 3-letter ISO 4217 currency code such as EUR"),
    )
    languages: tuple[Language, ...] = Field(
        ("en", "vi", "ru", "fil"),
        strict=False,
        min_length=1,
        description="Languages a shopper may choose, in the order the buttons appear.",
    )
    default_language: Language = Field(
        "en", description="Language of the attract screen and of a lane's logs."
    )

    @model_validator(mode="after")
    def _default_language_offered(self) -> StoreSection:
        if len(set(self.languages)) != len(self.languages):
            raise _KeyProblem("languages", "a language appears twice (expected each once)")
        if self.default_language not in self.languages:
            raise _KeyProblem(
                "default_language",
                f'"{self.default_language}" is not in languages (expected one of '
                + ", ".join(f'"{language}"' for language in self.languages)
                + ")",
            )
        return self


class PricingSection(_Section):
    mode: Literal["inclusive", "exclusive"] = Field(
        "inclusive", description="Whether shelf prices include tax (inclusive) or not."
    )
    rounding: Literal["line", "receipt"] = Field(
        "line", description="Round tax per basket line or once per receipt and tax class."
    )
    rounding_rule: Literal["half_up", "half_even"] = Field(
        "half_up", description="How a half minor unit is rounded."
    )

    @property
    def rounding_mode(self) -> Rounding:
        return Rounding(self.rounding_rule)


class TaxClass(_Section):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    tax_class: str = Field(
        alias="class",
        pattern=r"^[A-Za-z0-9_-]{1,8}$",
        description="Id that catalog rows name in their tax_class column, e.g. A.",
        json_schema_extra=_expect('a short id such as "A"'),
    )
    rate: str = Field(
        description='Rate in percent, written as a string to stay exact: "19" or "7.7".',
        json_schema_extra=_expect('a percentage written as a string, such as "19" or "7.7"'),
    )
    label: str = Field("", description="Text printed beside the tax line on receipts.")

    @field_validator("rate")
    @classmethod
    def _rate_is_a_percentage(cls, rate: str) -> str:
        try:
            value = Decimal(rate)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or not 0 <= value < 100:
            raise ValueError(f'"{rate}" is not a percentage (expected a string such as "19")')
        return rate

    @property
    def percent(self) -> Decimal:
        return Decimal(self.rate)


class CatalogSection(_Section):
    csv: str = Field("catalog.csv", description="Catalog CSV, relative to store.toml.")
    promotions: str = Field(
        "promotions.toml", description="Promotions file, relative to store.toml."
    )


class VariableMeasure(_Section):
    """A variable-measure EAN-13 layout (restricted circulation number).

    Positions are indexes into the 13 digits, counted from 0, with the end
    excluded, as in a Python slice: ``item_start = 2, item_end = 6`` is the
    third to sixth digit.  Mirrors ``pos.barcode.VariableMeasureLayout``: the
    catalog key of a label is its digits up to ``item_end``, the rest zeroed.
    """

    prefix: str = Field(
        pattern=r"^2[0-9]{0,2}$",
        description="Leading digits that select this layout, e.g. 28.",
        json_schema_extra=_expect('1 to 3 digits starting with 2 written as a string, like "28"'),
    )
    item_start: int = Field(ge=0, le=12, description="First digit of the item reference.")
    item_end: int = Field(ge=1, le=12, description="Digit after the item reference.")
    value_start: int = Field(ge=0, le=12, description="First digit of the embedded value.")
    value_end: int = Field(ge=1, le=12, description="Digit after the embedded value.")
    value_kind: Literal["price", "weight", "count"] = Field(
        description="What the value is: a price, a weight in kg, or a count."
    )
    decimals: int = Field(
        ge=0, le=3, description="Implied decimals of the value (weight in kg: 3 for grams)."
    )
    value_check_position: int | None = Field(
        None, ge=0, le=11, description="Digit holding the value's own check digit, if any."
    )

    @model_validator(mode="after")
    def _fits_an_ean13(self) -> VariableMeasure:
        # The rules of pos.barcode.VariableMeasureLayout, checked here so that
        # the message names the key instead of failing when a lane starts.
        if self.item_end <= self.item_start:
            raise _KeyProblem("item_end", f"{self.item_end} is not after item_start")
        if self.item_end < len(self.prefix):
            raise _KeyProblem("item_end", f"{self.item_end} cuts the prefix {self.prefix}")
        if not self.item_end <= self.value_start < self.value_end:
            raise _KeyProblem(
                "value_start",
                f"digits {self.value_start}..{self.value_end} overlap the item reference or "
                "are empty (expected item_end <= value_start < value_end)",
            )
        if self.value_kind == "count" and self.decimals:
            raise _KeyProblem("decimals", f"{self.decimals} for a count (expected 0)")
        check = self.value_check_position
        if check is not None and (
            not self.item_end <= check < 12 or self.value_start <= check < self.value_end
        ):
            raise _KeyProblem(
                "value_check_position",
                f"digit {check} is not between the item reference and the EAN-13 check digit, "
                "outside the value",
            )
        if check is not None and self.value_end - self.value_start not in (4, 5):
            raise _KeyProblem(
                "value_check_position", "a value check digit needs a value of 4 or 5 digits"
            )
        return self

    def to_layout(self) -> VariableMeasureLayout:
        """The barcode parser's form of this layout."""
        # Imported when used: the configuration must load without the domain's
        # optional parts (and pos.barcode pulls in biip).
        from pos.barcode import VariableMeasureLayout

        return VariableMeasureLayout(**self.model_dump())


class BarcodesSection(_Section):
    country: str = Field(
        "",
        pattern=r"^([A-Z]{2})?$",
        description="ISO 3166 country whose national variable-measure layouts apply; empty: none.",
        json_schema_extra=_expect('an ISO 3166 country code such as "DE", or ""'),
    )
    variable_measure: tuple[VariableMeasure, ...] = Field(
        (),
        strict=False,
        description="In-store layouts, tried before the country's.",
    )

    @model_validator(mode="after")
    def _prefixes_unique(self) -> BarcodesSection:
        prefixes = [layout.prefix for layout in self.variable_measure]
        for prefix in prefixes:
            if prefixes.count(prefix) > 1:
                raise _KeyProblem("variable_measure", f'prefix "{prefix}" has two layouts')
        return self


ToleranceAbsG = Annotated[
    int, Field(ge=0, description="Weight difference always accepted, in grams.")
]
ToleranceRelPct = Annotated[
    int, Field(ge=0, le=100, description="Weight difference accepted, in % of the expected.")
]
ZeroBandG = Annotated[
    int, Field(ge=0, description="Changes smaller than this are scale noise, in grams.")
]
MaxBagWeightG = Annotated[
    int, Field(ge=0, description="Heaviest own bag accepted as tare, in grams.")
]
BaggingTimeoutS = Annotated[
    int, Field(ge=1, le=600, description="Time to bag a scanned item before help is called.")
]
LearnedMinSamples = Annotated[
    int, Field(ge=1, description="Weighings before a learned weight is trusted.")
]
LearnedMaxSamples = Annotated[
    int, Field(ge=1, description="Most recent weighings a learned weight keeps.")
]


class SecuritySettings(_Section):
    """Bagging-area security: a lane may override any of these in its own file."""

    tolerance_abs_g: ToleranceAbsG = 20
    tolerance_rel_pct: ToleranceRelPct = 5
    zero_band_g: ZeroBandG = 5
    max_bag_weight_g: MaxBagWeightG = 1500
    bagging_timeout_s: BaggingTimeoutS = 20
    learned_min_samples: LearnedMinSamples = 5
    learned_max_samples: LearnedMaxSamples = 50

    @model_validator(mode="after")
    def _sample_window(self) -> SecuritySettings:
        if self.learned_max_samples < self.learned_min_samples:
            raise _KeyProblem(
                "learned_max_samples",
                f"{self.learned_max_samples} is below learned_min_samples "
                f"{self.learned_min_samples} (expected at least as many)",
            )
        return self

    def to_policy(self) -> SecurityPolicy:
        """The bagging-area rules of pos.security; the timeout belongs to the transaction."""
        from pos.security import SecurityPolicy

        return SecurityPolicy(**self.model_dump(exclude={"bagging_timeout_s"}))


class SecurityOverrides(_Section):
    """A lane's [security] table: each key set here replaces the store's."""

    tolerance_abs_g: ToleranceAbsG | None = _override("security", "tolerance_abs_g")
    tolerance_rel_pct: ToleranceRelPct | None = _override("security", "tolerance_rel_pct")
    zero_band_g: ZeroBandG | None = _override("security", "zero_band_g")
    max_bag_weight_g: MaxBagWeightG | None = _override("security", "max_bag_weight_g")
    bagging_timeout_s: BaggingTimeoutS | None = _override("security", "bagging_timeout_s")
    learned_min_samples: LearnedMinSamples | None = _override("security", "learned_min_samples")
    learned_max_samples: LearnedMaxSamples | None = _override("security", "learned_max_samples")

    def applied_to(self, base: SecuritySettings) -> SecuritySettings:
        """``base`` with this lane's values; raises ValidationError if they clash."""
        return SecuritySettings.model_validate(
            base.model_dump() | self.model_dump(exclude_none=True)
        )


class ReceiptSection(_Section):
    header: tuple[str, ...] = _lines((), "Lines printed above the items.")
    footer: tuple[str, ...] = _lines((), "Lines printed below the totals.")
    digital_receipt_url: str = Field(
        "",
        description="URL of a digital receipt shown as a QR code; {txn}, {store} and {lane} "
        "are replaced. Empty: no digital receipt.",
        json_schema_extra=_expect('a URL template such as "https://example.org/r/{txn}"'),
    )

    @field_validator("digital_receipt_url")
    @classmethod
    def _known_placeholders(cls, url: str) -> str:
        if not url:
            return url
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(url) if name is not None}
        except ValueError as exc:
            raise ValueError(f'"{url}" is not a URL template ({exc})') from None
        unknown = names - {"txn", "store", "lane"}
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{sorted(unknown)[0]}}} (expected {{txn}}, {{store}}, "
                "{lane})"
            )
        if "txn" not in names:
            raise ValueError(f'"{url}" lacks {{txn}} (expected the transaction in the URL)')
        return url

    def receipt_url(self, *, txn: str, store: str, lane: str) -> str | None:
        if not self.digital_receipt_url:
            return None
        return self.digital_receipt_url.format(txn=txn, store=store, lane=lane)


_BROKER_FILES = ("ca_file", "cert_file", "key_file", "password_file")


class BrokerSection(_Section):
    """The MQTT broker linking lanes and attendant stations."""

    host: str = Field("localhost", min_length=1, description="Broker host name or address.")
    port: Port = Field(1883, description="Broker port: 1883 plain, 8883 usually for TLS.")
    tls: bool = Field(False, description="Connect with TLS.")
    ca_file: str = Field("", description="CA certificate (PEM) to trust; empty: system CAs.")
    cert_file: str = Field("", description="Client certificate (PEM) for mutual TLS.")
    key_file: str = Field("", description="Private key (PEM) of the client certificate.")
    username: str = Field("", description="User name; empty: anonymous.")
    # The password lives in its own file (mode 0600) so config files can be shared.
    password_file: str = Field("", description="File holding the password, one line.")
    keepalive_s: Seconds = Field(30, description="MQTT keep-alive; a dead link shows after 1.5x.")

    @model_validator(mode="after")
    def _certificate_pair(self) -> BrokerSection:
        if bool(self.cert_file) != bool(self.key_file):
            missing = "key_file" if self.cert_file else "cert_file"
            raise _KeyProblem(missing, "missing (cert_file and key_file go together)")
        if (self.cert_file or self.ca_file) and not self.tls:
            raise _KeyProblem("tls", "false, but certificates are given (expected true)")
        return self

    def resolved(self, resolve: Callable[[str], Path]) -> BrokerSection:
        """A copy with file names made absolute by ``resolve``."""
        return self.model_copy(
            update={
                name: str(resolve(getattr(self, name)))
                for name in _BROKER_FILES
                if getattr(self, name)
            }
        )


class BrokerOverrides(_Section):
    """A lane's or station's [broker] table: each key set here replaces the store's."""

    host: str | None = _override("broker", "host")
    port: Port | None = _override("broker", "port")
    tls: bool | None = _override("broker", "tls")
    ca_file: str | None = _override("broker", "ca_file")
    cert_file: str | None = _override("broker", "cert_file")
    key_file: str | None = _override("broker", "key_file")
    username: str | None = _override("broker", "username")
    password_file: str | None = _override("broker", "password_file")
    keepalive_s: Seconds | None = _override("broker", "keepalive_s")

    def resolved_values(self, resolve: Callable[[str], Path]) -> dict[str, Any]:
        """The keys set here, with file names made absolute by ``resolve``."""
        values = self.model_dump(exclude_none=True)
        for name in _BROKER_FILES:
            if values.get(name):
                values[name] = str(resolve(values[name]))
        return values


class TimeoutsSection(_Section):
    idle_s: Seconds = Field(
        120, description="No touch or scan this long with an empty basket: back to attract."
    )
    still_there_s: Seconds = Field(
        60, description='No touch or scan this long with items: ask "Are you still there?".'
    )
    thank_you_s: Seconds = Field(8, description="How long the thank-you screen stays.")


class StoreConfig(_ConfigFile):
    """``store.toml``: what every lane and station of one store shares."""

    store: StoreSection = Field(description="Who the store is.")
    pricing: PricingSection = _table(PricingSection, "How prices and taxes are computed.")
    tax: tuple[TaxClass, ...] = Field(
        strict=False, min_length=1, description="Tax classes, one [[tax]] table each."
    )
    catalog: CatalogSection = _table(CatalogSection, "Where the catalog data are.")
    barcodes: BarcodesSection = _table(BarcodesSection, "How in-store barcodes are read.")
    security: SecuritySettings = _table(SecuritySettings, "Bagging-area security defaults.")
    receipt: ReceiptSection = _table(ReceiptSection, "Receipt texts.")
    broker: BrokerSection = _table(BrokerSection, "The MQTT broker.")
    timeouts: TimeoutsSection = _table(TimeoutsSection, "Shopper screen timeouts.")

    @model_validator(mode="after")
    def _tax_classes_unique(self) -> StoreConfig:
        classes = [tax.tax_class for tax in self.tax]
        for tax_class in classes:
            if classes.count(tax_class) > 1:
                raise _KeyProblem("tax", f'class "{tax_class}" appears twice (expected once)')
        return self

    @property
    def currency(self) -> str:
        return self.store.currency

    def tax_rates(self) -> dict[str, Decimal]:
        """Tax class id -> rate in percent."""
        return {tax.tax_class: tax.percent for tax in self.tax}

    def catalog_csv_path(self) -> Path:
        return self.resolve(self.catalog.csv)

    def promotions_path(self) -> Path:
        return self.resolve(self.catalog.promotions)

    def resolved_broker(self) -> BrokerSection:
        return self.broker.resolved(self.resolve)


# --------------------------------------------------------------------------
# lanes/lane-N.toml


class LaneSection(_Section):
    id: Slug = Field(description='Lane id, e.g. "lane-1"; also the name of its MQTT topics.')
    name: str = Field("", description='Name shown on the station, e.g. "Lane 1 (by the exit)".')
    store: str = Field("../store.toml", description="The store file, relative to this file.")


class StorageSection(_Section):
    url: str = Field(
        "sqlite:///../../var/{lane}.db",
        min_length=1,
        description="SQLAlchemy URL of the lane's journal; {lane} is replaced by the lane id; "
        "a relative SQLite path is relative to this file.",
    )


class ScannerSection(_Section):
    driver: Literal["serial-aim", "hid-pos", "keyboard-wedge", "simulated"] = Field(
        description="Scanner driver; serial-aim expects AIM symbology ids in each frame."
    )
    url: str = Field(
        "",
        description="Serial port (/dev/serial/by-id/...), pyserial URL (socket://host:port) "
        "or evdev device for a keyboard wedge.",
    )
    baudrate: Baudrate = Field(9600, description="Serial speed.")
    prefix: str = Field("", description="Characters the scanner sends before each code.")
    suffix: str = Field("\r", description="Characters that end each code.")
    usb_vid: UsbId | None = Field(None, description="USB vendor id (hid-pos), e.g. 0x05E0.")
    usb_pid: UsbId | None = Field(None, description="USB product id (hid-pos).")

    @model_validator(mode="after")
    def _driver_needs(self) -> ScannerSection:
        _require_url(self.driver, self.url, ("serial-aim", "keyboard-wedge"))
        _require_usb(self.driver, self.usb_vid, self.usb_pid, ("hid-pos",))
        return self


class ScaleSection(_Section):
    """A scale on its own port: the bagging-area scale, or the scale under the scanner."""

    driver: Literal["toledo8217", "mt-sics", "simulated"] = Field(
        description="Scale protocol: Toledo 8217 (polled), MT-SICS, or a simulated MT-SICS."
    )
    url: str = Field("", description="Serial port or pyserial URL.")
    baudrate: Baudrate = Field(9600, description="Serial speed.")
    poll_hz: int = Field(5, ge=1, le=50, description="Weight requests per second.")

    @model_validator(mode="after")
    def _driver_needs(self) -> ScaleSection:
        _require_url(self.driver, self.url, ("toledo8217", "mt-sics"))
        return self


class PrinterSection(_Section):
    driver: Literal["escpos-network", "escpos-serial", "escpos-usb", "simulated"] = Field(
        description="Receipt printer connection."
    )
    url: str = Field("", description="Serial port or pyserial URL (escpos-serial).")
    host: str = Field("", description="Printer address (escpos-network).")
    port: Port = Field(9100, description="Printer TCP port (escpos-network).")
    usb_vid: UsbId | None = Field(None, description="USB vendor id (escpos-usb).")
    usb_pid: UsbId | None = Field(None, description="USB product id (escpos-usb).")
    timeout_s: Seconds = Field(
        5, description="I/O timeout; the python-escpos USB default of 0 waits forever."
    )
    width_chars: Literal[32, 42, 48] = Field(
        42, description="Characters per line in the normal font (58 mm: 32; 80 mm: 42 or 48)."
    )

    @model_validator(mode="after")
    def _driver_needs(self) -> PrinterSection:
        _require_url(self.driver, self.url, ("escpos-serial",))
        _require_host(self.driver, self.host, ("escpos-network",))
        _require_usb(self.driver, self.usb_vid, self.usb_pid, ("escpos-usb",))
        return self


class PaymentSection(_Section):
    driver: Literal["zvt-tcp", "zvt-serial", "simulated"] = Field(
        description="Card terminal protocol."
    )
    url: str = Field("", description="Serial port or pyserial URL (zvt-serial).")
    host: str = Field("", description="Terminal address (zvt-tcp).")
    port: Port = Field(20007, description="Terminal TCP port (zvt-tcp).")
    password: str = Field(
        "000000",
        pattern=r"^[0-9]{6}$",
        description="ZVT registration password (sent as 3 BCD bytes).",
        json_schema_extra=_expect('6 digits written as a string, such as "000000"'),
    )
    timeout_s: Seconds = Field(
        180, description="Longest wait for the terminal's result before the payment is in doubt."
    )

    @model_validator(mode="after")
    def _driver_needs(self) -> PaymentSection:
        _require_url(self.driver, self.url, ("zvt-serial",))
        _require_host(self.driver, self.host, ("zvt-tcp",))
        return self


def _require_url(driver: str, url: str, drivers: Iterable[str]) -> None:
    if driver in drivers and not url:
        raise _KeyProblem(
            "url",
            f'missing (driver "{driver}" needs a device such as /dev/serial/by-id/... '
            "or socket://127.0.0.1:9100)",
        )


def _require_host(driver: str, host: str, drivers: Iterable[str]) -> None:
    if driver in drivers and not host:
        raise _KeyProblem("host", f'missing (driver "{driver}" needs the device\'s address)')


def _require_usb(driver: str, vid: int | None, pid: int | None, drivers: Iterable[str]) -> None:
    if driver in drivers and (vid is None or pid is None):
        key = "usb_vid" if vid is None else "usb_pid"
        raise _KeyProblem(key, f'missing (driver "{driver}" needs usb_vid and usb_pid)')


class DevicesSection(_Section):
    """Every device is declared: a lane never falls back to a simulator by omission."""

    scanner: ScannerSection = Field(description="The barcode scanner.")
    scale: ScaleSection = Field(description="The bagging-area scale.")
    scanner_scale: ScaleSection | None = Field(
        None,
        description="The scale under the scanner's platter (a scanner-scale), on its own "
        "port; none if the lane has none. Never part of the bagging-area security.",
    )
    printer: PrinterSection = Field(description="The receipt printer.")
    payment: PaymentSection = Field(description="The card terminal.")


class ProduceSection(_Section):
    weigh_on: Literal["bagging_scale", "scanner_scale"] = Field(
        "bagging_scale",
        description="Where items sold by weight are weighed to be priced: on the bagging "
        "scale, or on the scanner-scale of [devices.scanner_scale]; the price is taken from "
        "a stable reading.",
    )


class LaneUiSection(_Section):
    fullscreen: bool = Field(True, description="Cover the whole screen, without window frame.")
    screen: Screen = Field("1920x1080", description="Screen size in pixels.")
    high_contrast: bool = Field(False, description="Start in the high-contrast theme.")
    large_text: bool = Field(False, description="Start with large text.")
    sounds: bool = Field(
        False, description="Short sound cues (item added, attention, done) through the "
        "system's WAV player (pw-play, paplay or aplay).")
    speech: bool = Field(
        True, description="Offer shoppers spoken prompts (accessibility sheet) when espeak-ng "
        "is installed.")

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.screen.split("x")
        return int(width), int(height)


class LaneConfig(_ConfigFile):
    """``lanes/lane-N.toml``: one kiosk, its devices and its local settings."""

    lane: LaneSection = Field(description="Which lane this is.")
    storage: StorageSection = _table(StorageSection, "Where the lane keeps its journal.")
    security: SecurityOverrides = _table(SecurityOverrides, "Overrides of the store's security.")
    broker: BrokerOverrides = _table(BrokerOverrides, "This lane's own broker credentials.")
    devices: DevicesSection = Field(description="The lane's devices.")
    produce: ProduceSection = _table(ProduceSection, "How items sold by weight are weighed.")
    ui: LaneUiSection = _table(LaneUiSection, "Shopper screen.")

    @model_validator(mode="after")
    def _produce_scale_declared(self) -> LaneConfig:
        if self.produce.weigh_on == "scanner_scale" and self.devices.scanner_scale is None:
            raise _KeyProblem(
                "produce.weigh_on",
                '"scanner_scale", but the lane has no [devices.scanner_scale] (expected that '
                'table, or "bagging_scale")',
            )
        return self

    def store_path(self) -> Path:
        return self.resolve(self.lane.store)

    def storage_url(self) -> str:
        """The storage URL with {lane} filled in and a relative SQLite path resolved."""
        return self.resolve_url(self.storage.url.replace("{lane}", self.lane.id))

    def security_settings(self, store: StoreConfig) -> SecuritySettings:
        return self.security.applied_to(store.security)

    def broker_settings(self, store: StoreConfig) -> BrokerSection:
        return _merge_broker(store, self, self.broker)


def _merge_broker(
    store: StoreConfig, own: _ConfigFile, overrides: BrokerOverrides
) -> BrokerSection:
    values = store.resolved_broker().model_dump() | overrides.resolved_values(own.resolve)
    return BrokerSection.model_validate(values)


# --------------------------------------------------------------------------
# attendant.toml


class StationSection(_Section):
    id: Slug = Field(description='Station id, e.g. "station-1".')
    name: str = Field("", description="Name shown in the station's title bar.")
    store: str = Field("store.toml", description="The store file, relative to this file.")
    lanes: tuple[Slug, ...] = Field(
        strict=False, min_length=1, description="Ids of the lanes this station watches."
    )
    database: str = Field(
        "sqlite:///../var/{station}.db",
        min_length=1,
        description="SQLAlchemy URL of the station's database (operators, audit, lane "
        "events); {station} is replaced by the station id; a relative SQLite path is "
        "relative to this file.",
    )

    @field_validator("lanes")
    @classmethod
    def _lanes_unique(cls, lanes: tuple[str, ...]) -> tuple[str, ...]:
        for lane in lanes:
            if lanes.count(lane) > 1:
                raise ValueError(f'"{lane}" appears twice (expected each lane once)')
        return lanes


class AttendantUiSection(_Section):
    fullscreen: bool = Field(True, description="Cover the whole screen.")
    screen: Screen = Field("1920x1080", description="Screen size in pixels.")
    columns: int = Field(2, ge=1, le=8, description="Lane tiles per row.")
    sound_alerts: bool = Field(
        True, description="Chime when an intervention joins the queue (through the system's "
        "WAV player: pw-play, paplay or aplay).")


class AttendantConfig(_ConfigFile):
    """``attendant.toml``: one attendant station."""

    station: StationSection = Field(description="Which station this is and what it watches.")
    broker: BrokerOverrides = _table(BrokerOverrides, "The station's own broker credentials.")
    ui: AttendantUiSection = _table(AttendantUiSection, "Station screen.")

    def store_path(self) -> Path:
        return self.resolve(self.station.store)

    def broker_settings(self, store: StoreConfig) -> BrokerSection:
        return _merge_broker(store, self, self.broker)

    def database_url(self) -> str:
        """The database URL with {station} filled in and a relative SQLite path resolved."""
        return self.resolve_url(self.station.database.replace("{station}", self.station.id))


# --------------------------------------------------------------------------
# promotions.toml (read here to check it; the promotions engine applies it)


def _check_digit_valid(code: str) -> str:
    if not has_valid_check_digit(code):
        raise ValueError(f'"{code}" has a wrong check digit')
    return code


Gtin = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{8}|[0-9]{12,14})$",
        json_schema_extra=_expect('a GTIN written as a string, such as "4012345000017"'),
    ),
    AfterValidator(_check_digit_valid),
]


class Multibuy(_Section):
    id: Slug = Field(description="Promotion id, shown on receipts and in the journal.")
    name: str = Field(min_length=1, description="Text on the receipt.")
    gtins: tuple[Gtin, ...] = Field(
        strict=False, min_length=1, description="Products that count towards the offer."
    )
    buy: int = Field(ge=2, le=100, description="How many must be bought.")
    pay: int | None = Field(None, ge=1, description="How many of them are paid (3 for 2: 2).")
    price: Amount | None = Field(None, description="Price for `buy` of them together.")

    @model_validator(mode="after")
    def _pay_or_price(self) -> Multibuy:
        if (self.pay is None) == (self.price is None):
            raise _KeyProblem("pay", "expected exactly one of pay and price")
        if self.pay is not None and self.pay >= self.buy:
            raise _KeyProblem("pay", f"{self.pay} is not below buy {self.buy}")
        return self


class MixMatch(_Section):
    id: Slug = Field(description="Promotion id.")
    name: str = Field(min_length=1, description="Text on the receipt.")
    group: Slug = Field(description="Catalog mix_match group whose products count.")
    buy: int = Field(ge=2, le=100, description="How many items of the group.")
    price: Amount = Field(description="Price for `buy` items together.")


class Coupon(_Section):
    code: Annotated[str, AfterValidator(_check_digit_valid)] = Field(
        pattern=r"^99[0-9]{11}$",
        description="EAN-13 printed on the coupon (prefix 99, valid check digit).",
        json_schema_extra=_expect('13 digits starting with 99, such as "9900000000011"'),
    )
    name: str = Field(min_length=1, description="Text on the receipt.")
    value: Amount = Field(description="Amount taken off.")
    min_spend: Amount = Field("0", description="Basket total needed before the coupon applies.")
    gtins: tuple[Gtin, ...] = Field(
        (), strict=False, description="If given, one of these must be in the basket."
    )


class PromotionsConfig(_ConfigFile):
    """``promotions.toml``."""

    multibuy: tuple[Multibuy, ...] = Field((), strict=False, description="Multi-buy offers.")
    mixmatch: tuple[MixMatch, ...] = Field((), strict=False, description="Mix-and-match offers.")
    coupon: tuple[Coupon, ...] = Field((), strict=False, description="In-store coupons.")

    @model_validator(mode="after")
    def _ids_unique(self) -> PromotionsConfig:
        offers: list[Multibuy | MixMatch] = [*self.multibuy, *self.mixmatch]
        ids = [offer.id for offer in offers]
        for offer_id in ids:
            if ids.count(offer_id) > 1:
                raise ValueError(f'promotion id "{offer_id}" appears twice (expected once)')
        codes = [coupon.code for coupon in self.coupon]
        for code in codes:
            if codes.count(code) > 1:
                raise _KeyProblem("coupon", f'code "{code}" appears twice (expected once)')
        return self

    def amounts(self) -> Iterable[tuple[str, str]]:
        """(dotted key, amount) of every amount, to check against a currency."""
        for index, multibuy in enumerate(self.multibuy):
            if multibuy.price is not None:
                yield f"multibuy[{index}].price", multibuy.price
        for index, mixmatch in enumerate(self.mixmatch):
            yield f"mixmatch[{index}].price", mixmatch.price
        for index, coupon in enumerate(self.coupon):
            yield f"coupon[{index}].value", coupon.value
            yield f"coupon[{index}].min_spend", coupon.min_spend


# --------------------------------------------------------------------------
# Loading


_File = TypeVar("_File", bound=_ConfigFile)
_TOML_POSITION = re.compile(r"^(?P<what>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.match(str(exc))
        if position is None:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        raise ConfigError(
            f"{path}: line {position['line']}, column {position['column']}: "
            f"not valid TOML ({position['what']})"
        ) from None


def _load(model: type[_File], path: Path) -> _File:
    data = _read_toml(path)
    try:
        config = model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError([f"{path}: {problem}" for problem in _problems(exc, model)]) from None
    config._path = path
    return config


def load_store(path: Path | str) -> StoreConfig:
    return _load(StoreConfig, Path(path))


def load_lane(path: Path | str) -> LaneConfig:
    return _load(LaneConfig, Path(path))


def load_attendant(path: Path | str) -> AttendantConfig:
    return _load(AttendantConfig, Path(path))


def load_promotions(path: Path | str) -> PromotionsConfig:
    return _load(PromotionsConfig, Path(path))


def load_lane_with_store(path: Path | str) -> tuple[LaneConfig, StoreConfig]:
    """A lane file and the store file it names, checked together."""
    lane = load_lane(path)
    store = load_store(lane.store_path())
    try:
        lane.security_settings(store)
    except ValidationError as exc:
        raise _combined_error(lane, store, "security", exc, SecuritySettings) from None
    try:
        lane.broker_settings(store)
    except ValidationError as exc:
        raise _combined_error(lane, store, "broker", exc, BrokerSection) from None
    return lane, store


def _combined_error(
    lane: LaneConfig, store: StoreConfig, section: str, exc: ValidationError, model: type[BaseModel]
) -> ConfigError:
    return ConfigError(
        [
            f"{lane.path}: {section}.{problem} (with [{section}] of {store.path})"
            for problem in _problems(exc, model)
        ]
    )


# --------------------------------------------------------------------------
# Error messages


def _problems(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """One "dotted.key: what is wrong" line per error pydantic found."""
    schema = _schema(model)
    errors = exc.errors(include_url=False)
    # A list whose items failed also reports being too short: noise.
    failed_inside = {error["loc"][:-2] for error in errors if len(error["loc"]) > 1}
    failed_inside |= {error["loc"][:-1] for error in errors if error["loc"]}
    problems = []
    for error in errors:
        if error["type"] == "too_short" and error["loc"] in failed_inside:
            continue
        loc = list(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, _KeyProblem):
            loc.append(cause.key)
        node = _schema_at(schema, loc)
        kind = error["type"]
        if kind == "extra_forbidden":
            text = "unknown key" + _suggestion(schema, loc)
        elif kind == "missing":
            text = f"missing (expected {_expected(schema, node)})"
        elif isinstance(cause, ValueError):
            text = str(cause)
        else:
            text = f"expected {_expected(schema, node)} (got {_shown(error['input'])})"
        key = _dotted(loc)
        problems.append(f"{key}: {text}" if key else text)
    return problems


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _dotted(loc: Sequence[int | str]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else part
    return key


def _resolved(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        extra = {key: value for key, value in node.items() if key != "$ref"}
        node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[-1]], **extra}
    options = [option for option in node.get("anyOf", ()) if option.get("type") != "null"]
    if len(options) == 1:
        return _resolved(schema, {**options[0], "description": node.get("description")})
    return node


def _schema_at(schema: Mapping[str, Any], loc: Sequence[int | str]) -> Mapping[str, Any]:
    node = _resolved(schema, schema)
    for part in loc:
        if isinstance(part, int):
            node = _resolved(schema, node.get("items", {}))
        else:
            node = _resolved(schema, node.get("properties", {}).get(part, {}))
    return node


def _expected(schema: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    if "expected" in node:
        return str(node["expected"])
    if "enum" in node:
        return "one of " + ", ".join(json.dumps(value) for value in node["enum"])
    if "const" in node:
        return json.dumps(node["const"])
    kind = node.get("type")
    if kind == "integer":
        return "an integer" + _bounds(node)
    if kind == "boolean":
        return "true or false"
    if kind == "string":
        return "a string" if node.get("minLength", 0) < 1 else "a non-empty string"
    if kind == "array":
        items = _resolved(schema, node.get("items", {}))
        noun = {"string": "strings", "integer": "integers", "object": "tables"}
        return f"a list of {noun.get(items.get('type', ''), 'values')}"
    if kind == "object":
        return "a table"
    return "a valid value"


def _bounds(node: Mapping[str, Any]) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" >= {low}"
    if high is not None:
        return f" <= {high}"
    return ""


def _suggestion(schema: Mapping[str, Any], loc: Sequence[int | str]) -> str:
    known = list(_schema_at(schema, loc[:-1]).get("properties", {}))
    if not known:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    if close:
        return f" (did you mean {close[0]}?)"
    return " (expected one of " + ", ".join(known) + ")"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


# --------------------------------------------------------------------------
# sco config check


def check_config_dir(root: Path | str) -> list[str]:
    """Problems found in a config directory, one line each; empty when all is well.

    Loads store.toml, every lanes/*.toml, attendant.toml, the catalog CSV
    and promotions.toml, and checks that they agree with each other.
    """
    root = Path(root)
    problems: list[str] = []
    store = _attempt(load_store, root / "store.toml", problems)
    lane_ids = _check_lanes(root, store, problems)
    attendant = _attempt(load_attendant, root / "attendant.toml", problems)
    if attendant is not None:
        for lane_id in attendant.station.lanes:
            if lane_id not in lane_ids:
                problems.append(
                    f'{attendant.path}: station.lanes: "{lane_id}" is not a lane in '
                    f"{root / 'lanes'} (expected one of {', '.join(sorted(lane_ids))})"
                )
        _check_same_store(attendant, attendant.store_path(), "station.store", store, problems)
    if store is None:
        return problems
    catalog = _check_catalog(store, problems)
    promotions = _attempt(load_promotions, store.promotions_path(), problems)
    if promotions is not None and catalog is not None:
        _check_promotions(promotions, store, catalog, problems)
    return problems


_Loaded = TypeVar("_Loaded")


def _attempt(load: Callable[[Path], _Loaded], path: Path, problems: list[str]) -> _Loaded | None:
    try:
        return load(path)
    except ConfigError as exc:
        problems.extend(exc.problems)
        return None


def _check_lanes(root: Path, store: StoreConfig | None, problems: list[str]) -> set[str]:
    paths = sorted((root / "lanes").glob("*.toml"))
    if not paths:
        problems.append(f"{root / 'lanes'}: no lane files (expected lanes/lane-1.toml and so on)")
    lane_ids: set[str] = set()
    for path in paths:
        loaded = _attempt(load_lane_with_store, path, problems)
        if loaded is None:
            continue
        lane, _ = loaded
        if lane.lane.id != path.stem:
            problems.append(
                f'{path}: lane.id: "{lane.lane.id}" differs from the file name '
                f'(expected "{path.stem}")'
            )
        if lane.lane.id in lane_ids:
            problems.append(f'{path}: lane.id: "{lane.lane.id}" is used by another lane file')
        lane_ids.add(lane.lane.id)
        _check_same_store(lane, lane.store_path(), "lane.store", store, problems)
    return lane_ids


def _check_same_store(
    config: _ConfigFile, named: Path, key: str, store: StoreConfig | None, problems: list[str]
) -> None:
    if store is not None and store.location is not None and named != store.location:
        problems.append(f"{config.path}: {key}: names {named} (expected {store.path})")


class _CatalogFacts(NamedTuple):
    """What promotions may refer to; a catalog of a million rows is not kept."""

    gtins: set[str]
    groups: set[str]


def _check_catalog(store: StoreConfig, problems: list[str]) -> _CatalogFacts | None:
    path = store.catalog_csv_path()
    facts = _CatalogFacts(set(), set())
    tax_classes: set[str] = set()
    try:
        with path.open(newline="", encoding="utf-8") as file:
            for product in read_catalog_csv(file, store.currency, source=str(path)):
                facts.gtins.add(product.gtin)
                tax_classes.add(product.tax_class)
                if product.mix_match:
                    facts.groups.add(product.mix_match)
    except FileNotFoundError:
        problems.append(f"{store.path}: catalog.csv: {path} does not exist")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot be read ({exc})")
        return None
    except CatalogError as exc:
        problems.append(exc.message)
        return None
    rates = store.tax_rates()
    for tax_class in sorted(tax_classes - set(rates)):
        problems.append(
            f'{path}: tax class "{tax_class}" is not declared in {store.path} '
            f"(expected one of {', '.join(rates)})"
        )
    return facts


def _check_promotions(
    promotions: PromotionsConfig,
    store: StoreConfig,
    catalog: _CatalogFacts,
    problems: list[str],
) -> None:
    where = promotions.path
    for key, amount in promotions.amounts():
        try:
            Money.parse(amount, store.currency)
        except MoneyError as exc:
            problems.append(f"{where}: {key}: {exc}")
    for index, mixmatch in enumerate(promotions.mixmatch):
        if mixmatch.group not in catalog.groups:
            problems.append(
                f'{where}: mixmatch[{index}].group: no catalog product is in "{mixmatch.group}"'
            )
    named = [(f"multibuy[{n}].gtins", offer.gtins) for n, offer in enumerate(promotions.multibuy)]
    named += [(f"coupon[{n}].gtins", offer.gtins) for n, offer in enumerate(promotions.coupon)]
    for key, gtins in named:
        for gtin in gtins:
            if gtin14(gtin) not in catalog.gtins:
                problems.append(f'{where}: {key}: "{gtin}" is not in the catalog')
    for index, coupon in enumerate(promotions.coupon):
        if gtin14(coupon.code) in catalog.gtins:
            problems.append(f'{where}: coupon[{index}].code: "{coupon.code}" is a product GTIN')
