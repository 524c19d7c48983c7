"""Barcode scanners: one codec, three ways in.

- ``aim``: AIM symbology ids and the serial frame ``[prefix][AIM id][data][suffix]``,
  shared by the serial driver and its simulator;
- ``serial_aim.SerialAimScanner`` (RS-232 / USB CDC / pty / ``socket://``) and
  ``sim_serial.SerialScannerSim``;
- ``hidpos.HidPosScanner`` (USB HID POS through pyusb) and ``sim_hidpos.SimHidPosBackend``,
  a pyusb backend presenting a simulated scanner;
- ``wedge.WedgeScanner``: keyboard-wedge fallback through the optional ``evdev`` package.

Every driver publishes ``devices.events.ScanEvent`` and ``HealthEvent`` and nothing else.
"""
