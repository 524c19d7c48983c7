"""Translations: complete Linguist files, compiled .qm in step, live language switching."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QPushButton

from kiosk.ui.i18n import CATALOG, I18N_DIR, compile_translations, qm_path, update_sources

LANGUAGES = ("vi", "ru", "fil")
PLACEHOLDER = re.compile(r"\{\w+\}")


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name", ""), message)
            for context in root.iter("context") for message in context.iter("message")]


def translation_of(language: str, context: str, source: str) -> str:
    for name, message in messages(I18N_DIR / f"{CATALOG}_{language}.ts"):
        if name == context and message.findtext("source") == source:
            return message.findtext("translation", "")
    raise LookupError((language, context, source))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_finished_translation(language) -> None:
    ts = I18N_DIR / f"{CATALOG}_{language}.ts"
    root = ET.parse(ts).getroot()
    assert root.tag == "TS"
    assert root.get("language") == language
    assert root.get("sourcelanguage") == "en"
    found = messages(ts)
    assert len(found) > 150
    for context, message in found:
        source = message.findtext("source", "")
        translation = message.find("translation")
        assert translation is not None, (context, source)
        assert translation.get("type") is None, (context, source, translation.get("type"))
        assert (translation.text or "").strip(), (context, source)
        # A translator must keep {item}, {amount} ... or str.format fails on screen.
        assert set(PLACEHOLDER.findall(translation.text)) == set(
            PLACEHOLDER.findall(source)), (context, source)


def test_the_ts_files_hold_every_string_of_the_code(tmp_path) -> None:
    for language in LANGUAGES:
        shutil.copy(I18N_DIR / f"{CATALOG}_{language}.ts", tmp_path)
    update_sources(tmp_path)
    for language in LANGUAGES:
        before = {(c, m.findtext("source")) for c, m in messages(
            I18N_DIR / f"{CATALOG}_{language}.ts")}
        after = messages(tmp_path / f"{CATALOG}_{language}.ts")
        unfinished = [(c, m.findtext("source")) for c, m in after
                      if m.find("translation").get("type")]
        assert unfinished == [], f"new strings to translate in {language}: {unfinished}"
        assert {(c, m.findtext("source")) for c, m in after} == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_qm_matches_its_ts(language) -> None:
    translator = QTranslator()
    assert translator.load(str(qm_path(language)))
    for context, message in messages(I18N_DIR / f"{CATALOG}_{language}.ts"):
        source = message.findtext("source")
        assert translator.translate(context, source) == message.findtext("translation"), (
            f"{qm_path(language).name} is stale: run compile_translations(force=True)")


def test_compile_translations_builds_missing_and_skips_current(tmp_path) -> None:
    shutil.copy(I18N_DIR / f"{CATALOG}_ru.ts", tmp_path)
    assert compile_translations(tmp_path) == [tmp_path / f"{CATALOG}_ru.qm"]
    assert compile_translations(tmp_path) == []
    translator = QTranslator()
    assert translator.load(str(tmp_path / f"{CATALOG}_ru.qm"))
    assert translator.translate("ScanningScreen", "Pay") == "Оплатить"


def pay_text(window) -> str:
    return window.screen_widget("scanning").findChild(QPushButton, "pay").text()


def test_language_switch_retranslates_the_visible_screen(window, samples, show) -> None:
    view = samples.view("scanning")
    show(window, view)
    assert pay_text(window) == "Pay"
    for language in LANGUAGES:
        show(window, view.with_(language=language))
        expected = translation_of(language, "ScanningScreen", "Pay")
        assert pay_text(window) == expected
        assert expected != "Pay"
        assert window.screen_widget("scanning").list_title.text() == translation_of(
            language, "ScanningScreen", "Your items")
        assert window.top_bar.help.text() == translation_of(language, "TopBar", "Help")
    show(window, view.with_(language="en"))
    assert pay_text(window) == "Pay"


def test_money_and_weights_follow_the_language(window, samples, show) -> None:
    view = samples.view("scanning")
    show(window, view.with_(language="ru"))
    screen = window.screen_widget("scanning")
    assert screen.total.text() == "22,32\xa0€"
    details = [label.text() for label in screen.findChildren(type(screen.total))]
    assert "1,234 кг × 1,69\xa0€ / кг" in details


def test_a_screen_shown_later_is_already_in_the_new_language(window, samples, show) -> None:
    show(window, samples.view("scanning").with_(language="vi"))
    show(window, samples.view("payment").with_(language="vi"))
    card = window.screen_widget("payment").card
    assert card.text() == translation_of("vi", "PaymentScreen", "Card")
