"""What every screen is: a widget named by its screen id that renders a ``LaneView``."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.formats import Formats
from kiosk.ui.intents import LaneIntents
from kiosk.ui.style import Layout
from kiosk.view import LaneView

SPOKEN_ROLES = ("hero", "title", "lead")


class Screen(QWidget):
    """One of the stacked screens.

    ``present`` is called with every view that selects this screen and sets
    *all* its text, the static labels too: a language switch is then just
    another view, with no second code path to forget a label in.  (Not named
    ``render``: that is QWidget's method for painting into a device.)
    """

    def __init__(self, screen_id: str, intents: LaneIntents,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(screen_id)
        self.screen_id = screen_id
        self.intents = intents

    def present(self, view: LaneView, fmt: Formats) -> None:
        raise NotImplementedError

    def hasHeightForWidth(self) -> bool:
        """No: a screen fills the stack, whatever the height its content needs at a width.

        Otherwise the stacked widget asks every screen, hidden ones too, for its height at
        the window's width whenever one of them changes (``QStackedLayout.heightForWidth``),
        laying out the text of all of them: about a millisecond per view.  The window has the
        screen's fixed size, and the layout tests check that every screen's content fits it.
        """
        return False

    def spoken_prompt(self) -> str:
        """What a shopper who asked for spoken prompts hears as this screen appears: its
        headline and the sentence under it, in reading order."""
        texts = [label.text() for label in self.findChildren(QLabel)
                 if label.property("role") in SPOKEN_ROLES and label.isVisibleTo(self)
                 and label.text().strip()]
        return " ".join(texts[:2])

    def preferred_focus(self) -> QWidget | None:
        """The control the keyboard starts on when this screen appears."""
        return None

    def arrange(self, layout: Layout) -> None:
        """Lay the screen out for the window's ``layout``: called as the screen is built and
        whenever the window changes between the lane screens (``kiosk.ui.style.Layout``).

        A 1024x768 panel, either way round, has 250 px less of one side for the same
        content: the margins shrink to 16 px (the fonts shrink through the stylesheet).
        Screens whose columns do not fit a portrait screen's width stack them as well.
        """
        own = self.layout()
        if own is not None:
            if not hasattr(self, "_full_margin"):
                self._full_margin = own.contentsMargins().left()
            margin = min(16, self._full_margin) if layout.compact else self._full_margin
            own.setContentsMargins(margin, margin, margin, margin)
