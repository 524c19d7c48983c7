"""The lane's thread hands views to the UI thread only through the bridge's queued signal."""

from __future__ import annotations

import threading

from kiosk.ui.bridge import LaneBridge


class FakeLane:
    """Just the listener registry of ``kiosk.lane.Lane``, calling from its own thread."""

    def __init__(self) -> None:
        self.listeners = []

    def add_listener(self, listener) -> None:
        self.listeners.append(listener)

    def publish_from_thread(self, view) -> threading.Thread:
        thread = threading.Thread(target=lambda: [f(view) for f in self.listeners],
                                  name="lane-test")
        thread.start()
        return thread


def test_views_from_the_lane_thread_render_on_the_ui_thread(qtbot, window, samples) -> None:
    lane = FakeLane()
    bridge = LaneBridge(lane)
    window.attach(bridge)
    rendered_on = []
    window.rendered.connect(lambda _view: rendered_on.append(threading.get_ident()))
    view = samples.view("scanning")
    with qtbot.waitSignal(window.rendered, timeout=3000) as rendered:
        lane.publish_from_thread(view).join()
    assert rendered.args == [view]
    assert rendered_on == [threading.main_thread().ident]
    assert window.current_screen_id() == "scanning"


def test_views_arrive_in_order(qtbot, window, samples) -> None:
    lane = FakeLane()
    window.attach(LaneBridge(lane))
    first, second = samples.view("scanning"), samples.view("payment")

    def both() -> None:
        for listener in lane.listeners:
            listener(first)
            listener(second)

    with qtbot.waitSignals([window.rendered, window.rendered], timeout=3000):
        thread = threading.Thread(target=both)
        thread.start()
        thread.join()
    assert window.current_screen_id() == "payment"
