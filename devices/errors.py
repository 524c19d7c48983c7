"""Device errors: one hierarchy, stable codes, a sentence a person understands."""

from __future__ import annotations

from pos.errors import SCOError


class DeviceError(SCOError):
    code = "DEVICE"


class DeviceNotFound(DeviceError):
    """The port or USB device does not exist (unplugged, wrong path)."""

    code = "DEVICE_NOT_FOUND"


class DeviceOffline(DeviceError):
    """The device was there and has gone (cable pulled, power off)."""

    code = "DEVICE_OFFLINE"


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    code = "DEVICE_TIMEOUT"


class ProtocolError(DeviceError):
    """The device sent bytes that do not follow its protocol."""

    code = "DEVICE_PROTOCOL"


class DeviceStateError(DeviceError):
    """A lifecycle step out of order (enable before claim, ...)."""

    code = "DEVICE_STATE"


class DeviceBusy(DeviceError):
    """Another user holds the device, or it is working on something else."""

    code = "DEVICE_BUSY"
