"""The developer panel drives the simulators through their own controls."""

from __future__ import annotations

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
