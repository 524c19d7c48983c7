"""Fixtures of the MQTT link tests; the brokers themselves come from tests/mqtt_broker.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mqtt.peer import Peers


@pytest.fixture
def peers() -> Iterator[Peers]:
    """Makes MQTT clients for a test and stops all of them after it."""
    made = Peers()
    try:
        yield made
    finally:
        made.close_all()
