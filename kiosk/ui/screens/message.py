"""Screens that say one thing: what happened, what to do, and whether someone is coming.

The security alarms, the age check, help, device faults, a payment in doubt,
and a closed or broken lane share one calm layout: a sign, a headline, one
sentence for what happened, one for what to do, and a note that an attendant
has been called.  Nothing here blames the shopper.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.controls import TouchButton, card, centered, hbox, label, vbox
from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.pictures import Picture
from kiosk.ui.screens.base import Screen
from kiosk.ui.texts import device_name
from kiosk.view import LaneView


@dataclass(frozen=True)
class Message:
    picture: str
    tone: str
    title: str
    what: str
    todo: str
    attendant_called: bool = True
    action: str = ""  # objectName of the one button, if any


MODES: dict[str, tuple[str, str]] = {  # screen id -> (picture, tone)
    "weight_mismatch": ("alert", "alert"),
    "unexpected_item": ("alert", "alert"),
    "item_removed": ("alert", "alert"),
    "age_check_pending": ("person", ""),
    "help_requested": ("help", ""),
    "device_fault": ("alert", "alert"),
    "payment_in_doubt": ("wait", ""),
    "lane_closed": ("closed", "muted"),
    "out_of_order": ("closed", "alert"),
}


class MessageScreen(Screen):
    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(screen_id, intents, parent)
        picture, tone = MODES[screen_id]
        center = Qt.AlignmentFlag.AlignCenter
        outer = vbox(self, margin=32, spacing=0)
        outer.addStretch(2)
        column = QWidget()
        layout = vbox(column, spacing=24)
        self.picture = Picture(picture, 168, tone)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = label("hero", align=center, name="message_title")
        self.what = label("lead", align=center, name="message_what")
        self.todo = label("strong", align=center, name="message_todo")
        layout.addWidget(self.title)
        layout.addWidget(self.what)
        layout.addWidget(self.todo)

        self.called = card("accentcard")
        called_layout = hbox(self.called, margin=16, spacing=16)
        called_layout.addWidget(Picture("person", 56))
        self.called_text = label("lead", tone="accent", name="attendant_called")
        called_layout.addWidget(self.called_text, 1)
        layout.addLayout(centered(self.called, 820))

        self.action = TouchButton("message_action", "big", self._act)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(centered(column, 1240))
        outer.addStretch(3)
        self._message: Message | None = None

    def _act(self) -> None:
        if self._message is None:
            return
        if self._message.action == "cancel_help":
            self.intents.cancel_help()
        elif self._message.action == "continue_scanning":
            self.intents.back_to_scanning()

    def present(self, view: LaneView, fmt: Formats) -> None:
        message = self.message(view)
        self._message = message
        self.picture.set_kind(message.picture)
        self.title.setText(message.title)
        self.what.setText(message.what)
        self.todo.setText(message.todo)
        self.todo.setVisible(bool(message.todo))
        self.called.setVisible(message.attendant_called)
        self.called_text.setText(self.tr("An attendant has been called and is on the way."))
        self.action.setVisible(bool(message.action))
        if message.action:
            self.action.setObjectName(message.action)
            self.action.setText(self.tr("I no longer need help") if message.action == "cancel_help"
                                else self.tr("Continue scanning"))

    def preferred_focus(self) -> QWidget | None:
        return self.action if self.action.isVisible() else None

    # -- the words, one method per group of screens ----------------------------------------

    def message(self, view: LaneView) -> Message:
        picture, tone = MODES[self.screen_id]
        if self.screen_id in ("weight_mismatch", "unexpected_item", "item_removed"):
            return self._security(view, picture, tone)
        if self.screen_id == "age_check_pending":
            check = view.intervention("age_check")
            explanation = check.explanation if check is not None else {}
            return Message(
                picture, tone, self.tr("Age check needed"),
                self.tr("{item} may only be sold to people aged {age} or over.").format(
                    item=explanation.get("item", ""), age=explanation.get("min_age", 18)),
                self.tr("Please have your ID ready. You can keep scanning meanwhile."),
                action="continue_scanning")
        if self.screen_id == "help_requested":
            return self._help(view, picture, tone)
        return self._lane(view, picture, tone)

    def _security(self, view: LaneView, picture: str, tone: str) -> Message:
        if self.screen_id == "weight_mismatch":
            alarm = view.intervention("weight_mismatch")
            item = (alarm.explanation.get("item") if alarm is not None else None) or (
                view.pending_line.name if view.pending_line is not None else "")
            what = (self.tr("The weight of {item} is not what we expected.").format(item=item)
                    if item else self.tr("The weight in the bagging area is not what we expected."))
            return Message(picture, tone, self.tr("Please check the bagging area"), what,
                           self.tr("Make sure only this item was added, then leave the bag "
                                   "still."))
        if self.screen_id == "unexpected_item":
            return Message(picture, tone, self.tr("Unexpected item in the bagging area"),
                           self.tr("Something was placed in the bagging area without a scan."),
                           self.tr("Please take it out. Scan it first if you want to buy it."))
        return Message(picture, tone, self.tr("An item was taken from the bagging area"),
                       self.tr("The bagging area is lighter than it should be."),
                       self.tr("Please put the item back in the bagging area."))

    def _help(self, view: LaneView, picture: str, tone: str) -> Message:
        help_ = view.intervention("help")
        inactive = help_ is not None and help_.explanation.get("reason") == "inactive"
        what = (self.tr("Nothing has happened here for a while, so we asked someone to check.")
                if inactive else self.tr("You asked for help."))
        return Message(picture, tone, self.tr("Help is on the way"), what,
                       self.tr("Please stay at the checkout."), action="cancel_help")

    def _lane(self, view: LaneView, picture: str, tone: str) -> Message:
        if self.screen_id == "device_fault":
            fault = view.intervention("device_fault")
            device = device_name(str(fault.explanation.get("device", ""))) if fault else ""
            what = (self.tr("The {device} is not working.").format(device=device) if device
                    else self.tr("A device of this checkout is not working."))
            return Message(picture, tone, self.tr("Sorry, this checkout has a problem"), what,
                           self.tr("Please wait. Scanning is paused until it is fixed."))
        if self.screen_id == "payment_in_doubt":
            return Message(picture, tone, self.tr("Please wait, we are checking with the bank"),
                           self.tr("We do not know yet whether your payment went through."),
                           self.tr("Please do not pay again. This can take a minute."))
        if self.screen_id == "out_of_order":
            return Message(picture, tone, self.tr("This checkout is out of order"),
                           self.tr("Sorry for the inconvenience."),
                           self.tr("Please use another checkout."))
        return Message(picture, tone, self.tr("This checkout is closed"),
                       self.tr("Please use another checkout."), "", attendant_called=False)
