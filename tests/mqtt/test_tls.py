"""TLS between lanes and the broker: the broker's certificate is checked, nothing else works.

Against a real Mosquitto listening with TLS only, with a CA and a server
certificate (subjectAltName 127.0.0.1 and localhost) made by ``openssl``
for each test.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from kiosk.mqtt import BrokerError, make_client
from pos.messages import Topics
from tests.mqtt.peer import Peers
from tests.mqtt_broker import TestBroker, make_ca

STORE = Topics("store-7")


def test_a_lane_trusting_the_store_ca_connects(mosquitto_tls: TestBroker, peers: Peers) -> None:
    settings = mosquitto_tls.broker_settings("lane-1")
    assert settings.tls
    assert settings.ca_file == str(mosquitto_tls.ca_file)
    lane = peers.connected(settings, "lane-1")
    station = peers.connected(mosquitto_tls.broker_settings("station-1"), "station-1")
    station.subscribe(STORE.every_lane("status"))

    lane.publish(STORE.status("lane-1"), b"online", retain=True)
    assert station.expect(STORE.status("lane-1")).payload == b"online"


def test_a_client_certificate_from_the_store_ca_is_accepted(
    mosquitto_tls: TestBroker, peers: Peers,
) -> None:
    cert, key = mosquitto_tls.client_certificate("lane-1")
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(
        update={"cert_file": str(cert), "key_file": str(key)})
    peers.connected(settings, "lane-1")


def test_plain_mqtt_to_the_tls_port_fails(mosquitto_tls: TestBroker, peers: Peers) -> None:
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(
        update={"tls": False, "ca_file": ""})
    with pytest.raises(ConnectionError):
        peers(settings, "lane-1", clean_start=True).connect()


def test_a_broker_signed_by_another_ca_is_refused(
    mosquitto_tls: TestBroker, peers: Peers, tmp_path: Path,
) -> None:
    # What a lane sees when something on the network pretends to be the broker.
    other_ca, _ = make_ca(tmp_path / "other", "other")
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(
        update={"ca_file": str(other_ca)})
    with pytest.raises(ssl.SSLCertVerificationError):
        peers(settings, "lane-1", clean_start=True).connect()


def test_the_system_cas_do_not_trust_a_private_ca(
    mosquitto_tls: TestBroker, peers: Peers,
) -> None:
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(update={"ca_file": ""})
    with pytest.raises(ssl.SSLCertVerificationError):
        peers(settings, "lane-1", clean_start=True).connect()


@pytest.mark.parametrize("key", ["ca_file", "cert_file", "key_file"])
def test_a_missing_certificate_is_named_before_connecting(
    mosquitto_tls: TestBroker, tmp_path: Path, key: str,
) -> None:
    cert, private_key = mosquitto_tls.client_certificate("lane-1")
    values = {"cert_file": str(cert), "key_file": str(private_key),
              key: str(tmp_path / "gone.pem")}
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(update=values)
    with pytest.raises(BrokerError, match=f"{key} .*gone.pem does not exist") as error:
        make_client(settings, "lane-1")
    assert error.value.code == "LINK_BROKER"


def test_a_file_that_is_no_certificate_is_reported(
    mosquitto_tls: TestBroker, tmp_path: Path,
) -> None:
    garbage = tmp_path / "ca.pem"
    garbage.write_text("not a certificate\n", encoding="ascii")
    settings = mosquitto_tls.broker_settings("lane-1").model_copy(
        update={"ca_file": str(garbage)})
    with pytest.raises(BrokerError, match="ca_file .*ca.pem is not a valid PEM"):
        make_client(settings, "lane-1")
