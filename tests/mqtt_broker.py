"""A real Mosquitto broker for tests and benchmarks, configured like a store's.

The link's security lives in the broker, not in our code, so it is tested
against the real thing: ``mosquitto`` started from a generated configuration
with a generated password file and *the shipped* ``deploy/mosquitto/acl``, so
a mistake in the file store IT installs fails a test here.

Registered in the root ``tests/conftest.py`` (``pytest_plugins``); provides the
fixtures ``mosquitto`` (plain TCP) and ``mosquitto_tls`` (TLS with a CA and a
server certificate made by ``openssl`` for the test).  Each test gets its own
broker on a free 127.0.0.1 port in its own temporary directory, with
persistence on, so ``restart()`` keeps queued QoS 1 messages and retained
messages the way a production broker does after a clean restart.
"""

from __future__ import annotations

import logging
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import BrokerSection

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
USERS = ("lane-1", "lane-2", "lane-3", "lane-4", "station-1", "station-2")
SHIPPED_ACL = Path(__file__).resolve().parents[1] / "deploy" / "mosquitto" / "acl"
# Debian puts mosquitto in /usr/sbin, which a non-root PATH often lacks.
_SBIN = "/usr/local/sbin:/usr/sbin:/sbin"
_START_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0


def find_tool(name: str) -> str | None:
    """``name`` on PATH, or in the sbin directories where Debian installs mosquitto."""
    return shutil.which(name) or shutil.which(name, path=_SBIN)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _require(name: str, why: str) -> str:
    path = find_tool(name)
    if path is None:
        pytest.skip(f"{name} is not installed ({why}); apt-get install mosquitto openssl")
    return path


# --------------------------------------------------------------------------
# Certificates


_OPENSSL_CNF = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(directory: Path, *args: str) -> None:
    openssl = _require("openssl", "needed to make test certificates")
    cnf = directory / "openssl.cnf"
    if not cnf.exists():
        cnf.write_text(_OPENSSL_CNF, encoding="ascii")
    done = subprocess.run(
        [openssl, *args], cwd=directory, capture_output=True, text=True, check=False,
        env={**os.environ, "OPENSSL_CONF": str(cnf)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed:\n{done.stderr}")


# EC keys: as good as RSA for a test and generated in milliseconds.
_NEW_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def make_ca(directory: Path, name: str = "ca") -> tuple[Path, Path]:
    """A self-signed CA in ``directory``: ``(name.crt, name.key)``."""
    directory.mkdir(parents=True, exist_ok=True)
    _openssl(directory, "req", "-x509", "-new", *_NEW_KEY, "-config", "openssl.cnf",
             "-extensions", "ca", "-subj", f"/CN=SCO test CA {name}", "-days", "2",
             "-keyout", f"{name}.key", "-out", f"{name}.crt")
    return directory / f"{name}.crt", directory / f"{name}.key"


def make_certificate(directory: Path, ca: tuple[Path, Path], name: str, *,
                     kind: str = "server") -> tuple[Path, Path]:
    """A certificate signed by ``ca``: ``(name.crt, name.key)``.

    ``kind="server"`` names 127.0.0.1 and localhost in subjectAltName, which
    is what the client's host name check compares; ``kind="client"`` is for
    mutual TLS.
    """
    ca_crt, ca_key = ca
    _openssl(directory, "req", "-new", *_NEW_KEY, "-config", "openssl.cnf",
             "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.csr")
    _openssl(directory, "x509", "-req", "-in", f"{name}.csr", "-CA", str(ca_crt),
             "-CAkey", str(ca_key), "-set_serial", str(secrets.randbits(63)), "-days", "2",
             "-extfile", "openssl.cnf", "-extensions", kind, "-out", f"{name}.crt")
    return directory / f"{name}.crt", directory / f"{name}.key"


# --------------------------------------------------------------------------
# The broker


class TestBroker:
    """One ``mosquitto`` process with store-like users, the shipped ACL and persistence.

    Users ``lane-1`` .. ``lane-4``, ``station-1`` and ``station-2`` exist, each
    with its own random password; :meth:`broker_settings` gives the
    ``[broker]`` section a lane or station would have.  The port stays the
    same across :meth:`restart`, as a real broker's does.
    """

    __test__ = False  # a helper, not a test class, wherever a test module imports it

    def __init__(self, directory: Path, *, tls: bool = False) -> None:
        self._mosquitto = _require("mosquitto", "the MQTT link tests need a real broker")
        self._passwd_tool = _require("mosquitto_passwd", "needed to make the password file")
        if not SHIPPED_ACL.is_file():
            raise FileNotFoundError(f"the shipped ACL {SHIPPED_ACL} is missing")
        self.directory = directory
        self.tls = tls
        self.host = HOST
        self.port = free_port()
        self.ca_file: Path | None = None
        self._ca: tuple[Path, Path] | None = None
        self._passwords = {user: secrets.token_urlsafe(18) for user in USERS}
        self._process: subprocess.Popen[bytes] | None = None
        self.log_file = directory / "mosquitto.log"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "secrets").mkdir(mode=0o700, exist_ok=True)
        self._write_password_file()
        server_cert: tuple[Path, Path] | None = None
        if tls:
            certs = directory / "certs"
            self._ca = make_ca(certs, "ca")
            self.ca_file = self._ca[0]
            server_cert = make_certificate(certs, self._ca, "broker", kind="server")
        self.config_file = directory / "mosquitto.conf"
        self.config_file.write_text(self._config(server_cert), encoding="utf-8")

    # -- files ------------------------------------------------------------------------

    def _write_password_file(self) -> None:
        self.password_db = self.directory / "passwd"
        self.password_db.write_text(
            "".join(f"{user}:{password}\n" for user, password in self._passwords.items()),
            encoding="utf-8",
        )
        self.password_db.chmod(0o600)
        # -U replaces every plain password in the file by its salted hash, in one call.
        subprocess.run([self._passwd_tool, "-U", str(self.password_db)], check=True,
                       capture_output=True)

    def _config(self, server_cert: tuple[Path, Path] | None) -> str:
        lines = [
            "per_listener_settings false",
            "allow_anonymous false",
            f"password_file {self.password_db}",
            f"acl_file {SHIPPED_ACL}",
            "persistence true",
            f"persistence_location {self.directory}/",
            f"log_dest file {self.log_file}",
            "log_type all",
            "connection_messages true",
            # mosquitto started as root drops to user "mosquitto", who could not
            # read this directory; stay the user that runs the tests.
            f"user {pwd.getpwuid(os.geteuid()).pw_name}",
            f"listener {self.port} {HOST}",
        ]
        if server_cert is not None and self.ca_file is not None:
            lines += [
                f"cafile {self.ca_file}",
                f"certfile {server_cert[0]}",
                f"keyfile {server_cert[1]}",
                "require_certificate false",
            ]
        return "\n".join(lines) + "\n"

    # -- what a lane or station is given -------------------------------------------

    def credentials(self, user: str) -> tuple[str, Path]:
        """``(username, password_file)`` for ``user``; writes the password file (mode 0600)."""
        if user not in self._passwords:
            raise KeyError(f"no broker user {user!r} (expected one of {', '.join(USERS)})")
        path = self.directory / "secrets" / f"{user}.password"
        path.write_text(self._passwords[user] + "\n", encoding="utf-8")
        path.chmod(0o600)
        return user, path

    def broker_settings(self, user: str | None = None) -> BrokerSection:
        """The ``[broker]`` section for ``user``; ``None`` connects anonymously."""
        values: dict[str, object] = {"host": self.host, "port": self.port, "keepalive_s": 30}
        if user is not None:
            username, password_file = self.credentials(user)
            values |= {"username": username, "password_file": str(password_file)}
        if self.tls:
            values |= {"tls": True, "ca_file": str(self.ca_file)}
        return BrokerSection.model_validate(values)

    def client_certificate(self, name: str) -> tuple[Path, Path]:
        """``(cert_file, key_file)`` signed by this broker's CA, for mutual TLS."""
        if self._ca is None:
            raise RuntimeError("client certificates need the TLS broker (mosquitto_tls)")
        return make_certificate(self.directory / "certs", self._ca, name, kind="client")

    # -- process --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start mosquitto and return once it accepts TCP connections."""
        if self.running:
            raise RuntimeError("the test broker is already running")
        with (self.directory / "mosquitto.out").open("ab") as out:
            self._process = subprocess.Popen(
                [self._mosquitto, "-c", str(self.config_file)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        self._wait_until_listening(self._process)
        log.debug("test broker listening on %s:%d (pid %d)", HOST, self.port, self._process.pid)

    def _wait_until_listening(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(
                    f"mosquitto exited with {process.returncode} at start:\n{self.log_tail()}"
                )
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                # Polling a starting process: a short pause between attempts, not a wait
                # for something to happen by a guessed time.
                time.sleep(0.02)  # allowed: polling a starting process's port
        process.kill()
        process.wait()
        raise RuntimeError(
            f"mosquitto did not listen on {HOST}:{self.port} within {_START_TIMEOUT_S} s:\n"
            + self.log_tail()
        )

    def stop(self) -> None:
        """Stop cleanly (SIGTERM): mosquitto writes its persistence file first."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Stop abruptly (SIGKILL), like a power cut: what was not yet saved is lost."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Stop cleanly and start again on the same port with the same saved state."""
        self.stop()
        self.start()

    def _end(self, how: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(how)
        try:
            process.wait(timeout=_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            log.warning("mosquitto did not stop on %s; killing it", how.name)
            process.kill()
            process.wait()

    def log_tail(self, lines: int = 40) -> str:
        """The end of the broker's log, for failure messages."""
        text = ""
        for path in (self.log_file, self.directory / "mosquitto.out"):
            if path.exists():
                text += path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestBroker]:
    """A running plain-TCP broker with the shipped ACL, fresh for each test."""
    broker = TestBroker(tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def mosquitto_tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestBroker]:
    """A running TLS broker: its CA is ``ca_file``; its certificate names 127.0.0.1."""
    broker = TestBroker(tmp_path_factory.mktemp("mosquitto-tls"), tls=True)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
