"""Sentences for codes: refusals, terminal prompts, devices, categories, interventions.

The lane speaks in stable codes and English technical texts; a shopper needs
one plain sentence in their language.  The tables mark their strings with
``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` extracts them, and translate at
the moment of showing, so a language switch takes effect at once.  Every code a
shopper can meet has a sentence here, directly or by its prefix ("TXN_" covers every
refusal of the transaction machine; a test checks the codes the code base raises); an
unknown code falls back to the lane's own text rather than to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.ui.formats import Formats
from kiosk.view import InterventionView
from pos.interventions import born_on_or_before

# QT_TRANSLATE_NOOP returns its text unchanged, but its stub says "object": hence the
# Mapping[str, object] tables and the str() where a text is looked up.
NOTICES: Mapping[str, object] = {
    "BARCODE_CHECK_DIGIT": QT_TRANSLATE_NOOP(
        "Notices", "That barcode did not scan correctly. Please scan it again."),
    "BARCODE_": QT_TRANSLATE_NOOP(
        "Notices", "We could not read that barcode. Please scan it again or look the item up."),
    "CATALOG_UNKNOWN_ITEM": QT_TRANSLATE_NOOP(
        "Notices", "We could not find this item. Please put it aside; an attendant can help."),
    "CATALOG_UNKNOWN_PLU": QT_TRANSLATE_NOOP(
        "Notices", "There is no item with this code. Please check the number on the sticker."),
    "CATALOG_NEEDS_WEIGHT": QT_TRANSLATE_NOOP(
        "Notices", "Please place this item on the scale first, then choose it again."),
    "BASKET_NEEDS_WEIGHT": QT_TRANSLATE_NOOP(
        "Notices", "Please place this item on the scale first, then choose it again."),
    "PRODUCE_NOT_WEIGHED": QT_TRANSLATE_NOOP(
        "Notices", "Please put this item on the scale at the scanner and keep it still, "
        "then try again."),
    "PRODUCE_SCALE_OFFLINE": QT_TRANSLATE_NOOP(
        "Notices", "The scale at the scanner is not working: items sold by weight cannot be "
        "weighed now. Please ask for help."),
    "TXN_SCANNING_BLOCKED": QT_TRANSLATE_NOOP(
        "Notices", "Please wait for the attendant before you scan more items."),
    "TXN_PAYMENT_BLOCKED": QT_TRANSLATE_NOOP(
        "Notices", "You can pay as soon as the attendant has checked your items."),
    "TXN_EMPTY_BASKET": QT_TRANSLATE_NOOP("Notices", "Please scan an item first."),
    "TXN_PAYMENT_BUSY": QT_TRANSLATE_NOOP(
        "Notices", "Please finish the card payment on the terminal first."),
    "TXN_PAYMENTS_TAKEN": QT_TRANSLATE_NOOP(
        "Notices", "A payment has already been made, so this visit cannot be cancelled here. "
        "An attendant can help."),
    "TXN_": QT_TRANSLATE_NOOP("Notices", "That is not possible right now."),
    "BASKET_COUPON_TWICE": QT_TRANSLATE_NOOP("Notices", "This coupon is already in your basket."),
    "CATALOG_UNKNOWN_COUPON": QT_TRANSLATE_NOOP(
        "Notices", "We do not know this coupon. Please keep it aside; an attendant can help."),
    "CATALOG_": QT_TRANSLATE_NOOP(
        "Notices", "We could not find this item. Please put it aside; an attendant can help."),
    "BASKET_": QT_TRANSLATE_NOOP(
        "Notices", "That line of your basket cannot be changed. An attendant can help."),
    "DEVICE_": QT_TRANSLATE_NOOP(
        "Notices", "A device of this checkout is not working. An attendant has been told."),
    "PAYMENT_IN_DOUBT": QT_TRANSLATE_NOOP(
        "Notices", "The card terminal is still checking an earlier payment. Please wait a "
        "moment and try again."),
    "PAYMENT_": QT_TRANSLATE_NOOP(
        "Notices", "The card terminal could not take the payment. Please try again or ask "
        "for help."),
    "PRINTER_PAPER_NEAR_END": QT_TRANSLATE_NOOP(
        "Notices", "The printer is running out of paper. An attendant has been told."),
    "PRINTER_": QT_TRANSLATE_NOOP(
        "Notices", "The printer cannot print right now. Here is your receipt as a QR code."),
    "OPERATOR_WRONG_PIN": QT_TRANSLATE_NOOP(
        "Notices", "That name and PIN do not match. Please try again."),
    "OPERATOR_LOCKED": QT_TRANSLATE_NOOP(
        "Notices", "Too many wrong PINs: this name is locked for a few minutes."),
    "OPERATOR_UNKNOWN": QT_TRANSLATE_NOOP("Notices", "This staff badge is not known here."),
    "OPERATOR_": QT_TRANSLATE_NOOP("Notices", "Staff sign-in did not work. Please try again."),
}

TERMINAL: Mapping[str, object] = {
    text: translatable for text, translatable in (
        ("insert card", QT_TRANSLATE_NOOP("Terminal", "Insert or tap your card")),
        ("insert or tap card", QT_TRANSLATE_NOOP("Terminal", "Insert or tap your card")),
        ("please watch PIN pad", QT_TRANSLATE_NOOP("Terminal", "Enter your PIN on the terminal")),
        ("enter PIN", QT_TRANSLATE_NOOP("Terminal", "Enter your PIN on the terminal")),
        ("incorrect PIN", QT_TRANSLATE_NOOP("Terminal", "Wrong PIN. Please enter it again")),
        ("please remove card", QT_TRANSLATE_NOOP("Terminal", "Please take your card")),
        ("card not readable", QT_TRANSLATE_NOOP("Terminal", "The card could not be read")),
        ("please wait", QT_TRANSLATE_NOOP("Terminal", "Please wait")),
        ("PT waiting for response from host",
         QT_TRANSLATE_NOOP("Terminal", "Waiting for your bank")),
        ("approved, please take goods", QT_TRANSLATE_NOOP("Terminal", "Payment approved")),
        ("declined", QT_TRANSLATE_NOOP("Terminal", "The payment was declined")),
        ("declined by the card issuer",
         QT_TRANSLATE_NOOP("Terminal", "Your bank declined the payment")),
        ("insufficient funds", QT_TRANSLATE_NOOP("Terminal", "Not enough funds on the card")),
        ("card expired", QT_TRANSLATE_NOOP("Terminal", "The card has expired")),
        ("card in blocked list", QT_TRANSLATE_NOOP("Terminal", "The card is blocked")),
        ("card unknown", QT_TRANSLATE_NOOP("Terminal", "This card is not accepted here")),
        ("aborted via timeout or abort key",
         QT_TRANSLATE_NOOP("Terminal", "The payment was cancelled")),
        ("no card terminal on this lane",
         QT_TRANSLATE_NOOP("Terminal", "Card payment is not available at this checkout")),
    )
}

DEVICES: Mapping[str, object] = {
    "scanner": QT_TRANSLATE_NOOP("Devices", "scanner"),
    "scale": QT_TRANSLATE_NOOP("Devices", "bagging scale"),
    "scanner_scale": QT_TRANSLATE_NOOP("Devices", "scale at the scanner"),
    "printer": QT_TRANSLATE_NOOP("Devices", "receipt printer"),
    "payment": QT_TRANSLATE_NOOP("Devices", "card terminal"),
    "terminal": QT_TRANSLATE_NOOP("Devices", "card terminal"),
}

HEALTH: Mapping[str, object] = {
    "online": QT_TRANSLATE_NOOP("Devices", "working"),
    "offline": QT_TRANSLATE_NOOP("Devices", "not connected"),
    "error": QT_TRANSLATE_NOOP("Devices", "fault"),
}

CATEGORIES: Mapping[str, object] = {
    "produce": QT_TRANSLATE_NOOP("Categories", "Fruit & vegetables"),
    "bakery": QT_TRANSLATE_NOOP("Categories", "Bakery"),
    "flowers": QT_TRANSLATE_NOOP("Categories", "Flowers"),
    "meat": QT_TRANSLATE_NOOP("Categories", "Meat"),
    "fish": QT_TRANSLATE_NOOP("Categories", "Fish"),
    "dairy": QT_TRANSLATE_NOOP("Categories", "Dairy"),
    "snacks": QT_TRANSLATE_NOOP("Categories", "Snacks"),
}

_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")  # an error code such as DEVICE_OFFLINE

# One sentence per intervention kind for the attendant's list; {item}, {age}, {device}.
INTERVENTIONS: Mapping[str, object] = {
    "age_check": QT_TRANSLATE_NOOP("Interventions", "Age check ({age}+): {item}"),
    "weight_mismatch": QT_TRANSLATE_NOOP("Interventions", "Weight does not match: {item}"),
    "unexpected_item": QT_TRANSLATE_NOOP("Interventions", "Unexpected item in the bagging area"),
    "item_removed": QT_TRANSLATE_NOOP("Interventions", "Item removed from the bagging area"),
    "void_request": QT_TRANSLATE_NOOP("Interventions", "Remove from the basket: {item}"),
    "help": QT_TRANSLATE_NOOP("Interventions", "The customer asked for help"),
    "device_fault": QT_TRANSLATE_NOOP("Interventions", "Device fault: {device}"),
    "payment_problem": QT_TRANSLATE_NOOP("Interventions", "Payment problem"),
}
# Under an age check, what the attendant compares with the date on the customer's ID.
BORN_ON_OR_BEFORE = QT_TRANSLATE_NOOP("Interventions", "Born on or before {date}")


def _tr(context: str, text: object) -> str:
    return QCoreApplication.translate(context, str(text))


def _lookup(table: Mapping[str, object], code: str) -> object | None:
    if code in table:
        return table[code]
    for prefix, text in table.items():  # "PRINTER_" covers every printer code, and PRINTER
        if prefix.endswith("_") and (code.startswith(prefix) or code == prefix[:-1]):
            return text
    return None


def notice_text(code: str, text: str) -> str:
    known = _lookup(NOTICES, code)
    return _tr("Notices", known) if known is not None else text


def payment_reason_text(reason: str | None) -> str:
    """Why a card payment did not go through, for the shopper: the terminal's own words
    translated where known, or the sentence for a lane's error code ("PAYMENT_IN_DOUBT: ..."
    as the journal keeps it), never the code itself."""
    if not reason:
        return ""
    code, colon, rest = reason.partition(": ")
    if colon and _CODE.fullmatch(code):
        return notice_text(code, rest)
    return terminal_text(reason)


def terminal_text(text: str | None) -> str:
    if not text:
        return ""
    known = TERMINAL.get(text) or TERMINAL.get(text.strip().lower())
    return _tr("Terminal", known) if known is not None else text


def device_name(name: str) -> str:
    known = DEVICES.get(name)
    return _tr("Devices", known) if known is not None else name


def health_text(health: str) -> str:
    known = HEALTH.get(health)
    return _tr("Devices", known) if known is not None else health


def category_name(category: str) -> str:
    known = CATEGORIES.get(category)
    if known is not None:
        return _tr("Categories", known)
    return category.replace("-", " ").capitalize()


def intervention_text(intervention: InterventionView, fmt: Formats) -> str:
    explanation: Mapping[str, Any] = intervention.explanation
    template = INTERVENTIONS.get(intervention.kind)
    if template is None:
        return intervention.kind.replace("_", " ")
    values = {
        "item": str(explanation.get("item") or ""),
        "age": str(explanation.get("min_age", "")),
        "device": device_name(str(explanation.get("device", ""))),
    }
    sentence = _tr("Interventions", template).format(**values)
    if intervention.kind == "void_request" and "amount" in explanation:
        sentence += f" ({fmt.money(int(explanation['amount']))})"
    return sentence


def born_before_text(intervention: InterventionView, fmt: Formats, today: date) -> str | None:
    """"Born on or before 23 Nov 2010" under an age check (None for any other intervention)."""
    if intervention.kind != "age_check":
        return None
    try:
        age = int(intervention.explanation["min_age"])
        day = born_on_or_before(today, age)
    except (KeyError, TypeError, ValueError):
        return None  # an explanation without a usable age: the sentence above still says it
    return _tr("Interventions", BORN_ON_OR_BEFORE).format(date=fmt.date(day))
