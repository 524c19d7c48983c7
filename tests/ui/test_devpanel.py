"""The developer panel drives the simulators through their own controls."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from devices.scale.sim import MtSicsSim
from devices.simlink import PtyEndpoint
from kiosk.ui.devpanel import DevPanel


def test_tare_and_zero_buttons_press_the_scales_own_keys(qtbot):
    scale = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0)
    try:
        panel = DevPanel({"scale": scale}, [])
        qtbot.addWidget(panel)
        panel.grams.setValue(300)
        panel.put_button.click()
        panel.tare_button.click()
        assert (scale.model.tare_g, scale.sample().net_g) == (300, 0)
        panel.zero_button.click()  # 300 g is within 2 % of 30 kg: it becomes the zero point
        assert (scale.model.zero_offset_g, scale.model.tare_g, scale.sample().gross_g) == \
            (300, 0, 0)
        scale.set_motion(True)
        panel.put_button.click()
        panel.tare_button.click()  # refused in motion, as on a real scale
        assert scale.model.tare_g == 0
    finally:
        scale.endpoint.close()


def test_a_lane_with_a_scanner_scale_gets_a_box_to_weigh_produce_on_it(qtbot):
    scale = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0)
    scanner_scale = MtSicsSim(PtyEndpoint(), capacity_g=15_000, settle_s=0.0, noise_g=0)
    try:
        panel = DevPanel({"scale": scale, "scanner_scale": scanner_scale}, [])
        qtbot.addWidget(panel)
        panel.produce_grams.setValue(1234)
        panel.weigh_button.click()
        assert (scanner_scale.weight_g, scale.weight_g) == (1234, 0)
        panel.produce_grams.setValue(234)
        panel.lift_button.click()
        assert scanner_scale.weight_g == 1000
        panel.clear_platter_button.click()
        assert scanner_scale.weight_g == 0
        panel.put_button.click()  # the bagging scale's own box is untouched by it
        assert (scale.weight_g, scanner_scale.weight_g) == (500, 0)
    finally:
        scale.endpoint.close()
        scanner_scale.endpoint.close()


def test_a_lane_without_a_scanner_scale_has_no_box_for_one(qtbot):
    scale = MtSicsSim(PtyEndpoint(), settle_s=0.0, noise_g=0)
    try:
        panel = DevPanel({"scale": scale}, [])
        qtbot.addWidget(panel)
        assert not hasattr(panel, "weigh_button")
        assert "Scanner-scale" not in [box.title() for box in panel.findChildren(QGroupBox)]
    finally:
        scale.endpoint.close()
