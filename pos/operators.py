"""Who may act at a station or a lane: PIN rules, secret hashing, roles and the lock-out.

Pure: the standard library only, and no clock.  Stations keep operators in
their database (``attendant.storage``) and publish them to the lanes as
``pos.messages.OperatorRecord``; lanes and stations verify a PIN or a badge
with :func:`verify_secret` against the same hash strings.

A hash string names its scheme and parameters::

    scrypt$16384$8$1$<salt, base64>$<hash, base64>

so the parameters can be raised later: old strings keep verifying, and
:func:`needs_rehash` says which to replace at the next successful sign-in.
A badge is a barcode string and is hashed exactly like a PIN.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import cache

from pos.errors import SCOError
from pos.interventions import Role

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
_PIN = re.compile(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}")
# The same shape as lane and station ids in pos.messages: an operator id is
# written into commands, replies and the audit.
_OPERATOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
NAME_MAX = 100
BADGE_MIN = 4
BADGE_MAX = 128

ROLES = ("attendant", "supervisor")

SCHEME = "scrypt"
SALT_BYTES = 16
HASH_BYTES = 32


class OperatorError(SCOError):
    """An operator cannot be added or changed as asked; ``code`` says why."""

    code = "OPERATOR"


# -- rules -----------------------------------------------------------------------------


def check_pin(pin: str) -> str:
    """``pin`` if it is 4 to 8 digits; OperatorError (OPERATOR_WEAK_PIN) otherwise."""
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise OperatorError(
            f"A PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits (0-9), nothing else.",
            code="OPERATOR_WEAK_PIN",
        )
    return pin


def check_operator_id(operator_id: str) -> str:
    if not isinstance(operator_id, str) or not _OPERATOR_ID.fullmatch(operator_id):
        raise OperatorError(
            f"Operator id {operator_id!r} is not valid: use 1 to 64 letters, digits, '-', '_' "
            "or '.', starting with a letter or digit.",
            code="OPERATOR_BAD_ID",
        )
    return operator_id


def check_name(name: str) -> str:
    if (not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX
            or not name.isprintable()):
        raise OperatorError(
            f"An operator's name must be 1 to {NAME_MAX} printable characters.",
            code="OPERATOR_BAD_NAME",
        )
    return name.strip()


def check_badge(badge: str) -> str:
    """A badge is what its barcode reads: 4 to 128 printable characters without spaces."""
    if (not isinstance(badge, str) or not BADGE_MIN <= len(badge) <= BADGE_MAX
            or not badge.isprintable() or any(c.isspace() for c in badge)):
        raise OperatorError(
            f"A badge must be {BADGE_MIN} to {BADGE_MAX} printable characters without spaces, "
            "as its barcode reads.",
            code="OPERATOR_BAD_BADGE",
        )
    return badge


def parse_role(name: str) -> Role:
    """``"attendant"`` or ``"supervisor"`` as a Role; OperatorError otherwise."""
    if name not in ROLES:
        raise OperatorError(
            f"Role {name!r} is not known: expected attendant or supervisor.",
            code="OPERATOR_BAD_ROLE",
        )
    return Role.parse(name)


# -- hashing ---------------------------------------------------------------------------

# Bounds on what a hash string may ask for: a forged operator list must not
# make a lane allocate gigabytes or spin for minutes.
_MAX_N = 2**20
_MAX_MEMORY = 256 * 1024 * 1024
_MAX_P = 16


def _acceptable(n: int, r: int, p: int) -> bool:
    return (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 64 and 1 <= p <= _MAX_P
            and 128 * n * r <= _MAX_MEMORY)


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt's cost: memory is 128 * n * r bytes, time grows with n * r * p."""

    n: int = 2**14
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if not _acceptable(self.n, self.r, self.p):
            raise ValueError(f"scrypt parameters out of range: n={self.n} r={self.r} p={self.p}")

    @property
    def maxmem(self) -> int:
        # OpenSSL needs a little beyond 128 * n * r; Python's default cap
        # (32 MiB) would refuse n = 2**15 with r = 8.
        return 128 * self.r * (self.n + self.p + 2) + 1024 * 1024


# n=2**14, r=8, p=1 (16 MiB): about 55 ms per verification on the 2-core
# development machine, so a guessing attacker with the operator list pays
# that per try too.  Raise n here; existing hashes keep verifying.
DEFAULT_PARAMS = ScryptParams()


def hash_secret(secret: str, *, salt: bytes | None = None,
                params: ScryptParams = DEFAULT_PARAMS) -> str:
    """The salted scrypt hash string of ``secret`` (a PIN or a badge)."""
    if salt is None:
        salt = os.urandom(SALT_BYTES)
    digest = _scrypt(secret, salt, params)
    return "$".join((SCHEME, str(params.n), str(params.r), str(params.p),
                     base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(digest).decode("ascii")))


def verify_secret(secret: str, hashed: str) -> bool:
    """Whether ``secret`` hashes to ``hashed``; False for a malformed or unknown hash string."""
    parsed = _parse(hashed)
    if parsed is None:
        return False
    params, salt, expected = parsed
    return hmac.compare_digest(_scrypt(secret, salt, params, len(expected)), expected)


def is_hash(hashed: str) -> bool:
    """Whether ``hashed`` is a hash string this module can verify."""
    return _parse(hashed) is not None


def needs_rehash(hashed: str, params: ScryptParams = DEFAULT_PARAMS) -> bool:
    """Whether ``hashed`` was made with other parameters than ``params`` (or is unreadable)."""
    parsed = _parse(hashed)
    return parsed is None or parsed[0] != params


@cache
def decoy_hash(params: ScryptParams = DEFAULT_PARAMS) -> str:
    """A hash no PIN matches, to verify against when the operator is unknown.

    Refusing an unknown id must cost the same time as refusing a wrong PIN,
    or the time taken would tell which ids exist.
    """
    return hash_secret(base64.b64encode(os.urandom(24)).decode("ascii"), params=params)


def _scrypt(secret: str, salt: bytes, params: ScryptParams, length: int = HASH_BYTES) -> bytes:
    # surrogatepass: whatever string a screen or a pipe hands over is hashed, never raised on.
    return hashlib.scrypt(secret.encode("utf-8", "surrogatepass"), salt=salt, n=params.n,
                          r=params.r, p=params.p, maxmem=params.maxmem, dklen=length)


def _parse(hashed: str) -> tuple[ScryptParams, bytes, bytes] | None:
    if not isinstance(hashed, str):
        return None
    parts = hashed.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if not _acceptable(n, r, p) or not salt or not 16 <= len(digest) <= 64:
        return None
    return ScryptParams(n, r, p), salt, digest


# -- lock-out --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attempts:
    """An operator's recent wrong attempts, as stored between sign-ins."""

    failed: int = 0
    first_failed_at: float | None = None  # start of the counting window
    locked_until: float | None = None


@dataclass(frozen=True, slots=True)
class Lockout:
    """Too many wrong PINs within a window lock the operator out for a while.

    Every method takes the time; none reads a clock, so a lane and a station
    apply the same rule and a test can walk through it second by second.
    """

    max_failures: int = 5
    window_s: float = 600.0
    lock_s: float = 300.0

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.window_s <= 0 or self.lock_s <= 0:
            raise ValueError("lock-out: max_failures, window_s and lock_s must be positive")

    def locked_until(self, attempts: Attempts, now: float) -> float | None:
        """When the lock ends if the operator is locked at ``now``; None if not locked."""
        until = attempts.locked_until
        return until if until is not None and now < until else None

    def failed(self, attempts: Attempts, now: float) -> Attempts:
        """The attempts after one more wrong one at ``now``; locks when the limit is reached."""
        if self.locked_until(attempts, now) is not None:
            return attempts  # refused before the PIN was looked at: nothing to count
        start = attempts.first_failed_at
        if attempts.failed == 0 or start is None or not start <= now < start + self.window_s:
            count, start = 1, now
        else:
            count = attempts.failed + 1
        if count >= self.max_failures:
            # A new count begins once the lock ends.
            return Attempts(failed=0, first_failed_at=None, locked_until=now + self.lock_s)
        return Attempts(failed=count, first_failed_at=start, locked_until=None)

    def succeeded(self, attempts: Attempts, now: float) -> Attempts:
        """The attempts after a right PIN at ``now``: the count starts again."""
        if self.locked_until(attempts, now) is not None:
            return attempts
        return Attempts()

    def left(self, attempts: Attempts, now: float) -> int:
        """Wrong attempts still allowed at ``now`` before the lock."""
        if self.locked_until(attempts, now) is not None:
            return 0
        start = attempts.first_failed_at
        if start is None or not start <= now < start + self.window_s:
            return self.max_failures
        return max(0, self.max_failures - attempts.failed)
