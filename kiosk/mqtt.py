"""The one place that turns a ``[broker]`` table into a configured MQTT client.

Lanes and attendant stations both connect through :func:`make_client`, so the
properties the link relies on (DESIGN.md, "Lane ↔ station link") are set once:

- MQTT 3.1.1 with a persistent session (``clean_session=False``): the broker
  keeps a client's subscriptions and queues its QoS 1 messages while it is
  away, so a station that restarts still gets every lane event.
- The last will is retained and QoS 1: a lane that dies without saying
  goodbye shows as offline to every station, including ones that start later.
- TLS checks the broker's certificate *and* its host name; there is no
  "insecure" switch to forget in production.

The client is returned configured but not connected; the caller chooses
between ``loop_start()`` and its own loop.  No threads are started here.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.config import BrokerSection
from pos.errors import SCOError

WILL_QOS = 1


class BrokerError(SCOError):
    """The link to the broker cannot be set up: a secret or a certificate is missing or bad."""

    code = "LINK_BROKER"


def make_client(
    settings: BrokerSection,
    client_id: str,
    *,
    will: tuple[str, bytes] | None = None,
    clean_start: bool = False,
) -> mqtt.Client:
    """A paho client for ``settings``, ready for ``connect(settings.host, settings.port)``.

    ``client_id`` must be stable across restarts (the lane or station id):
    the broker finds the queued messages of a persistent session by it.
    ``clean_start=True`` throws that session away, for tools that only peek.
    ``will`` is ``(topic, payload)``, published retained at QoS 1 by the broker
    when the connection drops without a DISCONNECT.

    Raises :class:`BrokerError` when the password file or a certificate
    cannot be read, naming the file, rather than failing later at connect.
    """
    if not client_id:
        raise BrokerError("the MQTT client id is empty (expected the lane or station id)")
    client = mqtt.Client(
        callback_api_version=CallbackAPIVersion.VERSION2,
        client_id=client_id,
        clean_session=clean_start,
        protocol=mqtt.MQTTv311,
    )
    # paho's own logger stays off: paho 2.2 logs "Client is not connected" as an
    # ERROR after every clean disconnect. Connects and drops are the caller's to log.
    if settings.username:
        password = _read_password(settings.password_file) if settings.password_file else None
        client.username_pw_set(settings.username, password)
    elif settings.password_file:
        raise BrokerError(
            f"password_file {settings.password_file} is set but username is empty "
            "(expected the lane or station id as username)"
        )
    if settings.tls:
        client.tls_set_context(_tls_context(settings))
    if will is not None:
        topic, payload = will
        client.will_set(topic, payload, qos=WILL_QOS, retain=True)
    return client


def _read_password(path: str) -> str:
    """The first line of the password file: the file holds only the secret (mode 0600)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BrokerError(f"password_file {path} does not exist") from None
    except OSError as exc:
        raise BrokerError(f"password_file {path} cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BrokerError(f"password_file {path} is not UTF-8 text") from None
    lines = text.splitlines()
    password = lines[0].strip() if lines else ""
    if not password:
        raise BrokerError(f"password_file {path} is empty (expected the password on line 1)")
    return password


def _tls_context(settings: BrokerSection) -> ssl.SSLContext:
    """A client context that verifies the broker's chain and host name.

    Built here rather than by ``Client.tls_set`` so that each unreadable file
    is reported by its key name instead of as a bare ``ssl.SSLError``.
    """
    try:
        context = ssl.create_default_context(cafile=settings.ca_file or None)
    except OSError as exc:
        raise BrokerError(_file_problem("ca_file", settings.ca_file, exc)) from None
    if settings.cert_file:
        for key, path in (("cert_file", settings.cert_file), ("key_file", settings.key_file)):
            if path and not Path(path).is_file():
                raise BrokerError(f"{key} {path} does not exist")
        try:
            context.load_cert_chain(settings.cert_file, settings.key_file or None)
        except OSError as exc:  # ssl.SSLError is an OSError
            pair = f"{settings.cert_file} and {settings.key_file}"
            raise BrokerError(_file_problem("cert_file/key_file", pair, exc)) from None
    # create_default_context already asks for both; stated so a reader need not know that.
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _file_problem(key: str, path: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{key} {path} does not exist"
    if isinstance(exc, ssl.SSLError):
        return f"{key} {path} is not a valid PEM certificate or key ({exc.reason or exc})"
    return f"{key} {path} cannot be read: {exc.strerror or exc}"
