"""The operators a station knows: added and removed by store IT, verified at sign-in.

PINs and badges are kept only as ``pos.operators`` hash strings; the list the
lanes receive (``records``) carries the same hashes, never a PIN.  The
lock-out state lives in the ``operators`` row, so restarting the station does
not give a guesser five new tries.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Integer, RowMapping, String, cast, insert, select, update

from attendant.station import Operator, SignInRefused
from attendant.storage.models import meta_table, operators_table
from pos.messages import OperatorRecord
from pos.operators import (
    DEFAULT_PARAMS,
    Attempts,
    Lockout,
    OperatorError,
    ScryptParams,
    check_badge,
    check_name,
    check_operator_id,
    check_pin,
    decoy_hash,
    hash_secret,
    needs_rehash,
    parse_role,
    verify_secret,
)

log = logging.getLogger(__name__)

VERSION_KEY = "operators_version"
_o = operators_table.c


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    """An operator as store IT may see it: no hashes."""

    id: str
    name: str
    role: str
    has_badge: bool
    created_at: float
    failed_attempts: int
    locked_until: float | None

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What settling one sign-in attempt decided, raised only after the commit."""

    operator: Operator | None
    refusal: SignInRefused | None


class OperatorStore:
    """Operators over the station database; every change commits before it returns.

    Every change to what lanes receive (add, remove, a PIN re-hashed with
    stronger parameters) increments ``version`` in the same transaction.
    """

    def __init__(self, engine: Engine, *, lockout: Lockout | None = None,
                 params: ScryptParams = DEFAULT_PARAMS) -> None:
        self._engine = engine
        self.lockout = lockout or Lockout()
        self._params = params

    # -- store IT ------------------------------------------------------------------

    def add(self, operator_id: str, name: str, role: str, pin: str, badge: str | None = None,
            *, now: float | None = None) -> OperatorInfo:
        """Add an operator; OperatorError for a taken id or badge, a weak PIN or a bad value."""
        check_operator_id(operator_id)
        name = check_name(name)
        parse_role(role)
        check_pin(pin)
        if badge is not None:
            check_badge(badge)
        # Cheap refusals first; the check under the version lock below is the final word.
        self._refuse_taken_id(operator_id)
        if badge is not None:
            self._refuse_taken_badge(badge)
        pin_hash = hash_secret(pin, params=self._params)
        badge_hash = "" if badge is None else hash_secret(badge, params=self._params)
        created_at = time.time() if now is None else now
        with self._engine.begin() as connection:
            _bump_version(connection)
            taken = connection.execute(
                select(_o.removed_at).where(_o.id == operator_id)).first()
            if taken is not None:
                raise _taken(operator_id, taken.removed_at)
            connection.execute(insert(operators_table), {
                "id": operator_id, "name": name, "role": role, "pin_hash": pin_hash,
                "badge_hash": badge_hash, "created_at": created_at, "failed_attempts": 0,
                "first_failed_at": None, "locked_until": None, "removed_at": None,
            })
        log.info("operator %s added (%s)", operator_id, role)
        return OperatorInfo(operator_id, name, role, badge is not None, created_at, 0, None)

    def remove(self, operator_id: str, *, now: float | None = None) -> None:
        """Remove an operator: the id stays reserved, the PIN and badge hashes are wiped."""
        with self._engine.begin() as connection:
            _bump_version(connection)
            done = connection.execute(
                update(operators_table)
                .where(_o.id == operator_id, _o.removed_at.is_(None))
                .values(removed_at=time.time() if now is None else now, pin_hash="",
                        badge_hash="", failed_attempts=0, first_failed_at=None,
                        locked_until=None))
            if done.rowcount != 1:
                raise OperatorError(f"There is no operator {operator_id!r} to remove.",
                                    code="OPERATOR_UNKNOWN")
        log.info("operator %s removed", operator_id)

    def list(self) -> tuple[OperatorInfo, ...]:
        """The operators who may sign in, by id; no hashes."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(*_INFO_COLUMNS).where(_o.removed_at.is_(None)).order_by(_o.id)).all()
        return tuple(_info(row._mapping) for row in rows)

    def get(self, operator_id: str) -> OperatorInfo | None:
        """The operator who may sign in with this id, or None (unknown or removed)."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(*_INFO_COLUMNS).where(_o.id == operator_id, _o.removed_at.is_(None))
            ).first()
        return None if row is None else _info(row._mapping)

    def known(self, operator_id: str) -> bool:
        """Whether the id was ever used, removed operators included."""
        with self._engine.connect() as connection:
            return connection.execute(
                select(_o.id).where(_o.id == operator_id)).first() is not None

    # -- for the lanes ---------------------------------------------------------------

    @property
    def version(self) -> int:
        with self._engine.connect() as connection:
            return _read_version(connection)

    def records(self) -> tuple[OperatorRecord, ...]:
        """Who may sign in, as published to the lanes (hashes only), by id."""
        with self._engine.connect() as connection:
            return _records(connection)

    def snapshot(self) -> tuple[int, tuple[OperatorRecord, ...]]:
        """``(version, records)`` for one publication.

        The version is read first: should a change slip in between, the
        records are newer than the version says, and the next publication
        (for the newer version) sends them again, rather than lanes holding
        old records under a new version.
        """
        with self._engine.connect() as connection:
            version = _read_version(connection)
            return version, _records(connection)

    # -- sign-in ---------------------------------------------------------------------

    def verify_pin(self, operator_id: str, pin: str, now: float) -> Operator:
        """The operator if ``pin`` is theirs; SignInRefused (a sentence for the screen) if not.

        Codes: OPERATOR_UNKNOWN, OPERATOR_WRONG_PIN, OPERATOR_LOCKED.  An unknown
        id costs one hash like a known one, so the time taken tells nothing.
        """
        with self._engine.connect() as connection:
            row = connection.execute(
                select(_o.pin_hash, _o.name, _o.role, *_ATTEMPT_COLUMNS)
                .where(_o.id == operator_id, _o.removed_at.is_(None))).first()
        if row is None:
            verify_secret(pin, decoy_hash(self._params))
            raise SignInRefused(f"There is no operator with the id {operator_id}.",
                                code="OPERATOR_UNKNOWN")
        attempts = _attempts(row._mapping)
        until = self.lockout.locked_until(attempts, now)
        if until is not None:
            raise _locked(row.name, until)
        right = verify_secret(pin, row.pin_hash)
        rehashed = None
        if right and needs_rehash(row.pin_hash, self._params):
            rehashed = hash_secret(pin, params=self._params)
        if right and attempts == Attempts() and rehashed is None:
            return Operator(operator_id, row.name, row.role)  # the usual case: nothing to write
        return self._settle(operator_id, right, now, rehashed)

    def verify_badge(self, badge: str, now: float) -> Operator:
        """The operator whose badge this is; SignInRefused (OPERATOR_UNKNOWN, _LOCKED) if none.

        Badge hashes are salted, so every operator's badge is tried: one hash per
        operator with a badge (and all of them every time, so the time taken does
        not say whose badge matched).
        """
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(_o.id, _o.badge_hash)
                .where(_o.removed_at.is_(None), _o.badge_hash != "")
                .order_by(_o.id)).all()
        matches = [row.id for row in rows if verify_secret(badge, row.badge_hash)]
        if not rows:
            verify_secret(badge, decoy_hash(self._params))
        if not matches:
            raise SignInRefused("This badge is not known at this store.",
                                code="OPERATOR_UNKNOWN")
        if len(matches) > 1:
            # add() refuses a badge in use, so only a hand-edited database gets here.
            log.error("badge matches operators %s; refused", ", ".join(matches))
            raise SignInRefused("This badge belongs to more than one operator; ask store IT.",
                                code="OPERATOR_UNKNOWN")
        return self._settle(matches[0], True, now, None)

    def _settle(self, operator_id: str, right: bool, now: float,
                rehashed: str | None) -> Operator:
        """Record a right or wrong attempt under the row's lock; the operator or a refusal."""
        with self._engine.begin() as connection:
            # Write first: it takes the write lock (SQLite) or the row lock
            # (PostgreSQL) before the attempts are read, so two stations
            # counting wrong PINs at once cannot lose one.
            connection.execute(update(operators_table).where(_o.id == operator_id)
                               .values(failed_attempts=_o.failed_attempts))
            row = connection.execute(
                select(_o.name, _o.role, *_ATTEMPT_COLUMNS)
                .where(_o.id == operator_id, _o.removed_at.is_(None))).first()
            verdict = self._decide(connection, operator_id, row, right, now, rehashed)
        if verdict.refusal is not None:
            raise verdict.refusal
        assert verdict.operator is not None
        return verdict.operator

    def _decide(self, connection: Connection, operator_id: str, row: Any, right: bool,
                now: float, rehashed: str | None) -> _Verdict:
        if row is None:  # removed since it was read
            return _Verdict(None, SignInRefused(
                f"There is no operator with the id {operator_id}.", code="OPERATOR_UNKNOWN"))
        attempts = _attempts(row._mapping)
        until = self.lockout.locked_until(attempts, now)
        if until is not None:
            return _Verdict(None, _locked(row.name, until))
        after = (self.lockout.succeeded if right else self.lockout.failed)(attempts, now)
        values: dict[str, Any] = {"failed_attempts": after.failed,
                                  "first_failed_at": after.first_failed_at,
                                  "locked_until": after.locked_until}
        if rehashed is not None:
            values["pin_hash"] = rehashed
            _bump_version(connection)
        connection.execute(update(operators_table).where(_o.id == operator_id).values(values))
        if right:
            return _Verdict(Operator(operator_id, row.name, row.role), None)
        until = self.lockout.locked_until(after, now)
        if until is not None:
            log.warning("operator %s locked out until %.0f after wrong PINs", operator_id, until)
            return _Verdict(None, _locked(row.name, until))
        return _Verdict(None, self._wrong_pin(row.name, self.lockout.left(after, now)))

    def _wrong_pin(self, name: str, left: int) -> SignInRefused:
        minutes = _duration(self.lockout.lock_s)
        warning = (f"One more wrong PIN locks {name} out for {minutes}." if left == 1
                   else f"{left} more wrong PINs lock {name} out for {minutes}.")
        return SignInRefused(f"Wrong PIN for {name}. {warning}", code="OPERATOR_WRONG_PIN")

    def _refuse_taken_id(self, operator_id: str) -> None:
        with self._engine.connect() as connection:
            taken = connection.execute(
                select(_o.removed_at).where(_o.id == operator_id)).first()
        if taken is not None:
            raise _taken(operator_id, taken.removed_at)

    def _refuse_taken_badge(self, badge: str) -> None:
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(_o.id, _o.badge_hash)
                .where(_o.removed_at.is_(None), _o.badge_hash != "")).all()
        for row in rows:
            if verify_secret(badge, row.badge_hash):
                raise OperatorError(f"This badge already belongs to operator {row.id}.",
                                    code="OPERATOR_BADGE_TAKEN")


# -- demo ------------------------------------------------------------------------------

# (id, name, role, PIN, badge) of the demo store's staff; for `make demo` only.
DEMO_OPERATORS = (
    ("alice", "Alice", "attendant", "1234", "OP-ALICE-0001"),
    ("bob", "Bob", "supervisor", "9876", "OP-BOB-0002"),
)


def seed_demo_operators(store: OperatorStore) -> tuple[str, ...]:
    """Add the demo operators whose ids were never used; the ids added."""
    added: list[str] = []
    for operator_id, name, role, pin, badge in DEMO_OPERATORS:
        if not store.known(operator_id):
            store.add(operator_id, name, role, pin, badge)
            added.append(operator_id)
    return tuple(added)


# -- rows ------------------------------------------------------------------------------

_ATTEMPT_COLUMNS = (_o.failed_attempts, _o.first_failed_at, _o.locked_until)
_INFO_COLUMNS = (_o.id, _o.name, _o.role, _o.badge_hash, _o.created_at, *_ATTEMPT_COLUMNS)


def _attempts(row: RowMapping) -> Attempts:
    return Attempts(row["failed_attempts"], row["first_failed_at"], row["locked_until"])


def _info(row: RowMapping) -> OperatorInfo:
    return OperatorInfo(row["id"], row["name"], row["role"], bool(row["badge_hash"]),
                        row["created_at"], row["failed_attempts"], row["locked_until"])


def _records(connection: Connection) -> tuple[OperatorRecord, ...]:
    rows = connection.execute(
        select(_o.id, _o.name, _o.role, _o.pin_hash, _o.badge_hash)
        .where(_o.removed_at.is_(None)).order_by(_o.id)).all()
    return tuple(OperatorRecord(row.id, row.name, row.role, row.pin_hash, row.badge_hash)
                 for row in rows)


def _read_version(connection: Connection) -> int:
    value = connection.execute(
        select(meta_table.c.value).where(meta_table.c.key == VERSION_KEY)).scalar()
    return int(value) if value is not None else 0


def _bump_version(connection: Connection) -> None:
    # One UPDATE doing the arithmetic, as the first write of the transaction:
    # it takes the lock, so concurrent changes are serialised and none is lost.
    done = connection.execute(
        update(meta_table).where(meta_table.c.key == VERSION_KEY)
        .values(value=cast(cast(meta_table.c.value, Integer) + 1, String)))
    if done.rowcount == 0:  # the migration seeds the row; a hand-cleared table does not
        connection.execute(insert(meta_table), {"key": VERSION_KEY, "value": "1"})


def _taken(operator_id: str, removed_at: float | None) -> OperatorError:
    if removed_at is None:
        return OperatorError(f"Operator {operator_id} already exists.",
                             code="OPERATOR_DUPLICATE")
    return OperatorError(
        f"The id {operator_id} belonged to an operator removed on "
        f"{time.strftime('%Y-%m-%d', time.localtime(removed_at))}; ids are never reused, "
        "so the audit keeps meaning one person. Choose another id.",
        code="OPERATOR_DUPLICATE")


def _locked(name: str, until: float) -> SignInRefused:
    # Rounded up to the minute: "try again at 14:36" must not be too early.
    shown = time.strftime("%H:%M", time.localtime(math.ceil(until / 60) * 60))
    return SignInRefused(
        f"{name} is locked out after too many wrong PINs. Try again at {shown}.",
        code="OPERATOR_LOCKED", locked_until=until)


def _duration(seconds: float) -> str:
    if seconds % 60 == 0:
        minutes = int(seconds // 60)
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds:g} seconds"
