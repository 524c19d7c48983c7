"""The intervention queue: every open intervention of every lane, oldest first.

Each entry says which lane, how long it has waited, why (the model's sentence)
and offers the actions the signed-in role may take; nobody signed in, no
buttons.  A pressed button's command shows "sent…" until the lane answers,
then the answer (a refusal with the lane's reason).  Entries are kept while
their intervention stays open, so a status that changes a lane's total does
not rebuild the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QSizePolicy, QWidget

from attendant.model import QueueItem, StationModel, elapsed
from kiosk.ui.controls import TouchButton, hbox, label, vbox
from pos.messages import Action

Act = Callable[[QueueItem, Action], None]
BUTTON_COLUMNS = 3
PRIMARY = {Action.APPROVE: "approve", Action.REJECT: "reject"}
SLOW_REPLY_S = 5.0  # after this long without an answer, say so next to "sent…"
# Actions that cannot be taken back ask for a second press within CONFIRM_S: a shopper's
# whole basket, or a lane's customers, should not go on one stray touch.
CONFIRM = frozenset({Action.CANCEL, Action.CLOSE_LANE})
CONFIRM_S = 4.0


def _restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class QueueEntry(QFrame):
    """One open intervention: lane, wait, explanation, actions, the last command's fate."""

    def __init__(self, item: QueueItem, act: Act, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._act = act
        self.setObjectName(f"entry_{item.lane}_{item.intervention.id}")
        self.setProperty("role", "entry")
        self.setProperty("alarm", "true" if item.flashing else "false")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = vbox(self, margin=14, spacing=6)
        header = hbox(spacing=12)
        self.lane = label("entrylane", wrap=False, name="lane")
        self.kind = label("entrykind", wrap=False, name="kind")
        self.wait = label("wait", wrap=False, name="wait",
                          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.lane)
        header.addWidget(self.kind, 1)
        header.addWidget(self.wait)
        layout.addLayout(header)
        self.explanation = label("explanation", name="explanation")
        layout.addWidget(self.explanation)
        self._buttons_holder = QWidget()
        self._buttons = QGridLayout(self._buttons_holder)
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self._buttons.setSpacing(8)
        layout.addWidget(self._buttons_holder)
        self.state = label("entrystate", name="state")
        layout.addWidget(self.state)
        self.allowed: tuple[Action, ...] | None = None
        self.buttons: dict[Action, TouchButton] = {}
        self._wait_text = ""
        self._model: StationModel | None = None

    def present(self, item: QueueItem, model: StationModel, actions: tuple[Action, ...],
                signed_in: bool, now: float) -> None:
        self._model = model
        if (item, actions) == (self.item, self.allowed) and self.explanation.text():
            # Nothing this entry shows has changed (another lane's status moved the queue).
            self.refresh(model, signed_in, now)
            return
        self.item = item
        self.lane.setText(item.lane_name)
        self.kind.setText(model.kind_words(item.intervention.kind))
        self.explanation.setText(model.explain(item))
        if actions != self.allowed:
            self._set_buttons(actions, model)
        self.refresh(model, signed_in, now)

    def _set_buttons(self, actions: tuple[Action, ...], model: StationModel) -> None:
        for button in self.buttons.values():
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.buttons = {}
        self.allowed = actions
        for index, action in enumerate(actions):
            button = TouchButton(action.value, PRIMARY.get(action, "action"),
                                 partial(self._press, action))
            button.setText(model.action_words(action))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._buttons.addWidget(button, index // BUTTON_COLUMNS, index % BUTTON_COLUMNS)
            if self._buttons_holder.isVisible():
                button.show()  # now, not on the next turn of the event loop (a queued show)
            self.buttons[action] = button
        self._buttons_holder.setVisible(bool(actions))

    def _press(self, action: Action) -> None:
        button = self.buttons.get(action)
        if action in CONFIRM and button is not None and button.property("armed") != "true":
            button.setProperty("armed", "true")
            button.setText(self.tr("Press again to confirm"))
            _restyle(button)
            # Owned by this entry, so it dies with it rather than firing into a deleted one.
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(partial(self._disarm, action))
            timer.timeout.connect(timer.deleteLater)
            timer.start(int(CONFIRM_S * 1000))
            return
        if button is not None and button.property("armed") == "true":
            self._disarm(action)
        self._act(self.item, action)  # the item as now presented, not as first built

    def _disarm(self, action: Action) -> None:
        button = self.buttons.get(action)
        if button is None or button.property("armed") != "true":
            return
        button.setProperty("armed", "false")
        if self._model is not None:
            button.setText(self._model.action_words(action))
        _restyle(button)

    def refresh(self, model: StationModel, signed_in: bool, now: float,
                problem: str = "") -> None:
        """The state line: sign in, sent…, or the answer; buttons wait while a command does."""
        pending = model.pending_for(self.item)
        outcome = model.outcome_for(self.item)
        tone = ""
        if problem:
            text, tone = problem, "refused"
        elif pending is not None:
            text = self.tr("sent…")
            if pending.sent_at and now - pending.sent_at >= SLOW_REPLY_S:
                text = self.tr("sent… no answer from the lane for {time}").format(
                    time=elapsed(now - pending.sent_at))
            tone = "pending"
        elif outcome is not None:
            text, tone = outcome.message, "ok" if outcome.ok else "refused"
        elif not signed_in:
            text = self.tr("Sign in to act")
        else:
            text = ""
        if self.state.text() != text:
            self.state.setText(text)
        self.state.setVisible(bool(text))
        if self.state.property("tone") != tone:
            self.state.setProperty("tone", tone)
            _restyle(self.state)
        for button in self.buttons.values():
            button.setEnabled(pending is None)

    def tick(self, now: float) -> None:
        text = elapsed(now - self.item.intervention.raised_at)
        if text != self._wait_text:
            self._wait_text = text
            self.wait.setText(text)


class QueuePanel(QScrollArea):
    """The queue as a scrolling list of ``QueueEntry``s, oldest at the top."""

    def __init__(self, act: Act, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue")
        self._act = act
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("queue_body")
        self._layout = vbox(body, spacing=12)
        self.empty = label("lead", QCoreApplication.translate("QueuePanel", "Nothing waiting"),
                           name="queue_empty", align=Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("tone", "muted")
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.entries: dict[tuple[str, str, int], QueueEntry] = {}
        self._problems: dict[tuple[str, str, int], str] = {}
        self._signed_in = False
        self._model: StationModel | None = None
        self._now = 0.0

    def entry(self, lane: str, intervention_id: int) -> QueueEntry:
        for (entry_lane, _txn, entry_id), entry in self.entries.items():
            if entry_lane == lane and entry_id == intervention_id:
                return entry
        raise KeyError(f"no queue entry for intervention {intervention_id} of {lane}")

    def present(self, items: Sequence[QueueItem], model: StationModel, role: str | None,
                now: float) -> None:
        """Show ``items`` in order, reusing the entries of interventions still open."""
        self._model = model
        self._signed_in = role is not None
        self._now = now
        keys = [item.key for item in items]
        for key in [k for k in self.entries if k not in keys]:
            gone = self.entries.pop(key)
            self._problems.pop(key, None)
            self._layout.removeWidget(gone)
            gone.hide()
            gone.setParent(None)
            gone.deleteLater()
        for index, item in enumerate(items):
            entry = self.entries.get(item.key)
            if entry is None:
                entry = QueueEntry(item, self._act)
                self.entries[item.key] = entry
            if self._layout.indexOf(entry) != index:
                self._layout.insertWidget(index, entry)
            entry.present(item, model, model.allowed_actions(item, role), self._signed_in, now)
            entry.tick(now)
            if not entry.isVisible() and self.isVisible():
                entry.show()
        self.empty.setVisible(not items)

    def refresh(self, now: float | None = None) -> None:
        """Commands sent or answered: each entry's state line."""
        if self._model is None:
            return
        if now is not None:
            self._now = now
        for key, entry in self.entries.items():
            entry.refresh(self._model, self._signed_in, self._now, self._problems.get(key, ""))

    def show_problem(self, item: QueueItem, problem: str) -> None:
        """A command that could not even be sent."""
        self._problems[item.key] = problem
        self.refresh()

    def clear_problem(self, item: QueueItem) -> None:
        self._problems.pop(item.key, None)

    def tick(self, now: float) -> None:
        self._now = now
        for entry in self.entries.values():
            entry.tick(now)
        if any(self._model is not None and self._model.pending_for(e.item) is not None
               for e in self.entries.values()):
            self.refresh(now)  # "no answer for 0:07" counts up
