"""attendant.storage against real databases: a SQLite file, and PostgreSQL when it is up.

Every database here is migrated by Alembic for real; nothing is created with
``metadata.create_all``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from attendant.station import Operator, SignInRefused
from attendant.storage import OperatorInfo, StationDatabase, seed_demo_operators, upgrade
from attendant.storage.migrate import alembic_config
from attendant.storage.models import StationBase
from kiosk.storage import Database
from kiosk.storage.engine import make_engine
from pos.messages import LaneEvent, MessageError, OperatorRecord
from pos.operators import Lockout, OperatorError, ScryptParams, verify_secret

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"operators", "audit", "lane_events", "meta"}
VERSION_TABLE = "station_alembic_version"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
# Cheap hashing for the many adds and sign-ins below; one test uses the real cost.
FAST = ScryptParams(n=16, r=1, p=1)
T0 = 1_750_000_000.0


# --- databases ---------------------------------------------------------------


def _postgres_server_url() -> str:
    psycopg = pytest.importorskip("psycopg")
    reasons = []
    for user in ("postgres", "root"):
        try:
            psycopg.connect(host="127.0.0.1", port=5432, dbname="test", user=user,
                            connect_timeout=3).close()
        except psycopg.OperationalError as exc:
            reasons.append(f"{user}: {str(exc).strip()}")
            continue
        return f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
    pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (" + "; ".join(reasons) + ")")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards: runs cannot collide."""
    server = _postgres_server_url()
    schema = f"sco_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'station.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def db(url: str) -> Iterator[StationDatabase]:
    with StationDatabase.open(url, params=FAST) as database:
        yield database


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def refusal(call: object, *args: object) -> SignInRefused:
    assert callable(call)
    with pytest.raises(SignInRefused) as caught:
        call(*args)
    return caught.value


# --- schema and migrations ---------------------------------------------------


def test_open_creates_the_directory_and_migrates_to_head(tmp_path: Path) -> None:
    path = tmp_path / "stations" / "1" / "station.db"
    with StationDatabase.open(f"sqlite:///{path}") as db:
        assert path.is_file()
        assert table_names(db.engine) == TABLES | {VERSION_TABLE}
        with db.engine.connect() as connection:
            version = connection.execute(
                text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        assert version == HEAD == "0001"
        assert mode == "wal"
        assert db.operators.version == 0
        assert db.operators.list() == ()


def test_upgrade_twice_is_harmless(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    upgrade(sqlite_url)
    with StationDatabase.open(sqlite_url, migrate=False) as db:
        assert TABLES <= table_names(db.engine)


def test_migrations_produce_exactly_the_models(db: StationDatabase) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, StationBase.metadata) == []


def test_downgrade_to_base_and_back_to_head(sqlite_url: str) -> None:
    with StationDatabase.open(sqlite_url) as db:
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert table_names(db.engine) & TABLES == set()
    with StationDatabase.open(sqlite_url, params=FAST) as db:
        assert TABLES <= table_names(db.engine)
        db.operators.add("alice", "Alice", "attendant", "1234")
        assert db.operators.version == 1


def test_alembic_command_line_migrates_a_new_file(tmp_path: Path) -> None:
    ini = tmp_path / "station-alembic.ini"
    ini.write_text(f"[alembic]\nscript_location = {ROOT / 'attendant/storage/migrations'}\n")
    path = tmp_path / "cli" / "station.db"
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ini), "-x", f"url=sqlite:///{path}",
         "upgrade", "head"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        (version,) = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    assert TABLES <= names
    assert "alembic_version" not in names
    assert version == HEAD


def test_a_station_and_a_lane_can_share_one_database(url: str) -> None:
    """Each keeps its own Alembic history, so neither mistakes the other's for its own."""
    with Database.open(url) as lane:
        with StationDatabase.open(url, params=FAST) as station:
            station.operators.add("alice", "Alice", "attendant", "1234")
        lane_tables = table_names(lane.engine)
    assert {"journal", "products", "alembic_version"} | TABLES | {VERSION_TABLE} <= lane_tables
    with StationDatabase.open(url, params=FAST) as station, Database.open(url):
        assert [o.id for o in station.operators.list()] == ["alice"]


# --- operators ---------------------------------------------------------------


def test_add_list_records_and_version(db: StationDatabase) -> None:
    ops = db.operators
    added = ops.add("bob", "Bob", "supervisor", "9876", "OP-BOB-0002", now=T0)
    ops.add("alice", "Alice", "attendant", "1234", now=T0 + 1)
    assert added == OperatorInfo("bob", "Bob", "supervisor", True, T0, 0, None)
    assert ops.list() == (
        OperatorInfo("alice", "Alice", "attendant", False, T0 + 1, 0, None),
        added,
    )
    assert ops.get("bob") == added
    assert ops.get("carol") is None
    assert ops.version == 2

    records = ops.records()
    assert [(r.id, r.name, r.role, bool(r.badge_hash)) for r in records] == [
        ("alice", "Alice", "attendant", False), ("bob", "Bob", "supervisor", True)]
    alice, bob = records
    assert alice.badge_hash == ""
    assert verify_secret("1234", alice.pin_hash)
    assert not verify_secret("9876", alice.pin_hash)
    assert verify_secret("OP-BOB-0002", bob.badge_hash)
    assert "9876" not in repr(records)
    assert ops.snapshot() == (2, records)


def test_list_never_carries_a_hash() -> None:
    assert not {f.name for f in fields(OperatorInfo)} & {"pin_hash", "badge_hash"}
    assert {f.name for f in fields(OperatorRecord)} >= {"pin_hash", "badge_hash"}


def test_add_refuses_twins_weak_pins_and_bad_values(db: StationDatabase) -> None:
    ops = db.operators
    ops.add("alice", "Alice", "attendant", "1234", "OP-ALICE-0001")
    cases = [
        (("alice", "Alice Two", "attendant", "5555"), "OPERATOR_DUPLICATE", "already exists"),
        (("carol", "Carol", "attendant", "123"), "OPERATOR_WEAK_PIN", "4 to 8 digits"),
        (("carol", "Carol", "attendant", "12ab"), "OPERATOR_WEAK_PIN", "4 to 8 digits"),
        (("carol", "Carol", "manager", "1234"), "OPERATOR_BAD_ROLE", "attendant or supervisor"),
        (("car ol", "Carol", "attendant", "1234"), "OPERATOR_BAD_ID", "not valid"),
        (("carol", "", "attendant", "1234"), "OPERATOR_BAD_NAME", "name"),
        (("carol", "Carol", "attendant", "1234", "OP-ALICE-0001"), "OPERATOR_BADGE_TAKEN",
         "belongs to operator alice"),
    ]
    for args, code, words in cases:
        with pytest.raises(OperatorError, match=words) as caught:
            ops.add(*args)
        assert caught.value.code == code
    assert [o.id for o in ops.list()] == ["alice"]
    assert ops.version == 1  # refusals change nothing


def test_remove_wipes_the_secrets_and_keeps_the_id_reserved(db: StationDatabase) -> None:
    ops = db.operators
    ops.add("alice", "Alice", "attendant", "1234", "OP-ALICE-0001")
    ops.add("bob", "Bob", "supervisor", "9876")
    ops.remove("alice", now=T0)
    assert [o.id for o in ops.list()] == ["bob"]
    assert [r.id for r in ops.records()] == ["bob"]
    assert ops.version == 3
    assert ops.known("alice")
    assert ops.get("alice") is None
    with db.engine.connect() as connection:
        hashes = connection.execute(
            text("SELECT pin_hash, badge_hash FROM operators WHERE id = 'alice'")).one()
    assert tuple(hashes) == ("", "")
    assert refusal(ops.verify_pin, "alice", "1234", T0).code == "OPERATOR_UNKNOWN"
    assert refusal(ops.verify_badge, "OP-ALICE-0001", T0).code == "OPERATOR_UNKNOWN"
    with pytest.raises(OperatorError, match="never reused") as caught:
        ops.add("alice", "Alice", "attendant", "1234")
    assert caught.value.code == "OPERATOR_DUPLICATE"
    with pytest.raises(OperatorError, match="no operator 'carol'") as caught:
        ops.remove("carol")
    assert caught.value.code == "OPERATOR_UNKNOWN"
    with pytest.raises(OperatorError):
        ops.remove("alice")  # already removed
    ops.add("alice2", "Alice", "attendant", "1234", "OP-ALICE-0001")  # the badge is free again
    assert ops.version == 4


def test_sign_in_with_pin(db: StationDatabase) -> None:
    ops = db.operators
    ops.add("alice", "Alice", "attendant", "1234")
    assert ops.verify_pin("alice", "1234", T0) == Operator("alice", "Alice", "attendant")

    wrong = refusal(ops.verify_pin, "alice", "4321", T0)
    assert wrong.code == "OPERATOR_WRONG_PIN"
    assert str(wrong) == "Wrong PIN for Alice. 4 more wrong PINs lock Alice out for 5 minutes."
    assert wrong.locked_until is None

    unknown = refusal(ops.verify_pin, "alicia", "1234", T0)
    assert unknown.code == "OPERATOR_UNKNOWN"
    assert str(unknown) == "There is no operator with the id alicia."
    assert ops.version == 1  # sign-ins do not change what lanes hold


def test_five_wrong_pins_lock_and_the_lock_survives_a_restart(url: str) -> None:
    with StationDatabase.open(url, params=FAST) as db:
        ops = db.operators
        ops.add("alice", "Alice", "attendant", "1234")
        for n in range(3):
            refusal(ops.verify_pin, "alice", "0000", T0 + n)
        assert ops.get("alice") == OperatorInfo("alice", "Alice", "attendant", False,
                                                 ops.list()[0].created_at, 3, None)
    with StationDatabase.open(url, params=FAST) as db:  # a restart keeps the count
        ops = db.operators
        last_try = refusal(ops.verify_pin, "alice", "0000", T0 + 10)
        assert str(last_try).endswith("One more wrong PIN locks Alice out for 5 minutes.")
        locked = refusal(ops.verify_pin, "alice", "0000", T0 + 20)
        assert locked.code == "OPERATOR_LOCKED"
        assert locked.locked_until == T0 + 320
        shown = time.strftime("%H:%M", time.localtime(T0 + 360))  # 320 s rounded up
        assert str(locked) == (
            f"Alice is locked out after too many wrong PINs. Try again at {shown}.")
    with StationDatabase.open(url, params=FAST) as db:
        ops = db.operators
        assert ops.list()[0].locked(T0 + 319)
        still = refusal(ops.verify_pin, "alice", "1234", T0 + 319)  # even the right PIN
        assert (still.code, still.locked_until) == ("OPERATOR_LOCKED", T0 + 320)
        assert ops.verify_pin("alice", "1234", T0 + 320).id == "alice"
        assert ops.get("alice") == OperatorInfo(
            "alice", "Alice", "attendant", False, ops.list()[0].created_at, 0, None)


def test_two_stations_count_wrong_pins_together(url: str) -> None:
    lockout = Lockout(max_failures=4)
    with StationDatabase.open(url, params=FAST, lockout=lockout) as first, \
            StationDatabase.open(url, params=FAST, lockout=lockout) as second:
        first.operators.add("alice", "Alice", "attendant", "1234")
        barrier = threading.Barrier(4)
        codes: list[str] = []

        def guess(store_db: StationDatabase) -> None:
            barrier.wait()
            codes.append(refusal(store_db.operators.verify_pin, "alice", "0000", T0).code)

        threads = [threading.Thread(target=guess, args=(d,)) for d in (first, second) * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(codes) == ["OPERATOR_LOCKED"] + ["OPERATOR_WRONG_PIN"] * 3
        info = first.operators.get("alice")
        assert info is not None
        assert info.locked(T0 + 1)


def test_an_unknown_id_costs_the_same_hash_as_a_wrong_pin(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed (timings flake on shared machines): an unknown id runs one
    scrypt with the same parameters as a wrong PIN, so the answer's time tells nothing."""
    import hashlib

    with StationDatabase.open(sqlite_url, lockout=Lockout(max_failures=100)) as db:
        ops = db.operators  # the real hashing cost
        ops.add("alice", "Alice", "attendant", "1234")
        refusal(ops.verify_pin, "nobody", "1234", T0)  # the decoy is made once, up front
        calls: list[tuple[int, int, int]] = []
        real = hashlib.scrypt

        def counting(password: bytes, **kwargs: int) -> bytes:
            calls.append((kwargs["n"], kwargs["r"], kwargs["p"]))
            return real(password, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(hashlib, "scrypt", counting)
        refusal(ops.verify_pin, "alice", "0000", T0)
        known = list(calls)
        calls.clear()
        refusal(ops.verify_pin, "nobody", "0000", T0)
    assert len(known) == 1
    assert calls == known


def test_sign_in_with_badge(db: StationDatabase) -> None:
    ops = db.operators
    ops.add("alice", "Alice", "attendant", "1234", "OP-ALICE-0001")
    ops.add("bob", "Bob", "supervisor", "9876", "OP-BOB-0002")
    ops.add("carol", "Carol", "attendant", "5555")
    assert ops.verify_badge("OP-BOB-0002", T0) == Operator("bob", "Bob", "supervisor")
    unknown = refusal(ops.verify_badge, "OP-EVE-0666", T0)
    assert (unknown.code, str(unknown)) == ("OPERATOR_UNKNOWN",
                                            "This badge is not known at this store.")
    for n in range(5):
        refusal(ops.verify_pin, "alice", "0000", T0 + n)
    locked = refusal(ops.verify_badge, "OP-ALICE-0001", T0 + 10)
    assert (locked.code, locked.locked_until) == ("OPERATOR_LOCKED", T0 + 304)
    assert ops.verify_badge("OP-ALICE-0001", T0 + 304).id == "alice"


def test_a_badge_sign_in_with_no_badges_at_all_is_refused(db: StationDatabase) -> None:
    assert refusal(db.operators.verify_badge, "OP-ALICE-0001", T0).code == "OPERATOR_UNKNOWN"


def test_stronger_parameters_rehash_the_pin_at_the_next_sign_in(url: str) -> None:
    with StationDatabase.open(url, params=FAST) as db:
        db.operators.add("alice", "Alice", "attendant", "1234")
        old = db.operators.records()[0].pin_hash
    stronger = ScryptParams(n=64, r=2, p=1)
    with StationDatabase.open(url, params=stronger) as db:
        assert db.operators.verify_pin("alice", "1234", T0).id == "alice"
        new = db.operators.records()[0].pin_hash
        assert new != old
        assert new.startswith("scrypt$64$2$1$")
        assert db.operators.version == 2  # lanes get the new hash
        assert db.operators.verify_pin("alice", "1234", T0).id == "alice"
        assert db.operators.version == 2


def test_concurrent_changes_each_get_their_own_version(url: str) -> None:
    with StationDatabase.open(url, params=FAST) as first, \
            StationDatabase.open(url, params=FAST) as second:
        barrier = threading.Barrier(6)

        def add(store_db: StationDatabase, n: int) -> None:
            barrier.wait()
            store_db.operators.add(f"op{n}", f"Operator {n}", "attendant", "1234")

        threads = [threading.Thread(target=add, args=((first, second)[n % 2], n))
                   for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(first.operators.list()) == 6
        assert second.operators.version == 6


def test_seed_demo_operators_adds_alice_and_bob_once(db: StationDatabase) -> None:
    ops = db.operators
    assert seed_demo_operators(ops) == ("alice", "bob")
    assert ops.verify_pin("alice", "1234", T0) == Operator("alice", "Alice", "attendant")
    assert ops.verify_pin("bob", "9876", T0) == Operator("bob", "Bob", "supervisor")
    assert ops.verify_badge("OP-ALICE-0001", T0).id == "alice"
    assert ops.verify_badge("OP-BOB-0002", T0).id == "bob"
    assert seed_demo_operators(ops) == ()
    ops.remove("alice")
    assert seed_demo_operators(ops) == ()  # a removed id is not brought back
    assert ops.version == 3


# --- audit -------------------------------------------------------------------


def test_audit_records_and_queries(db: StationDatabase) -> None:
    audit = db.audit
    common: dict[str, Any] = {"operator": "alice", "role": "attendant", "station": "station-1"}
    first = audit.record(at=T0, action="sign_in", **common)
    audit.record(at=T0 + 1, action="approve", lane="lane-1", txn="lane-1-000007",
                 detail={"intervention": 3, "kind": "age_check", "note": "ID über 18"},
                 command_id="c0ffee00-0001", result="", ok=True, **common)
    audit.record(at=T0 + 2, action="approve", lane="lane-1", txn="lane-1-000007",
                 command_id="c0ffee00-0001", result="LINK_TXN_ENDED", ok=False, **common)
    audit.record(at=T0 + 3, action="cancel", lane="lane-2", txn="lane-2-000001", **common)

    recent = audit.recent(3)
    assert [e.at for e in recent] == [T0 + 3, T0 + 2, T0 + 1]
    assert recent[2].detail == {"intervention": 3, "kind": "age_check", "note": "ID über 18"}
    assert (recent[1].result, recent[1].ok) == ("LINK_TXN_ENDED", False)
    assert audit.recent()[-1].id == first
    assert audit.recent()[-1].detail == {}
    assert [e.at for e in audit.query(lane="lane-1", txn="lane-1-000007")] == [T0 + 2, T0 + 1]
    assert [e.action for e in audit.query(lane="lane-2")] == ["cancel"]
    assert len(audit.query(command_id="c0ffee00-0001")) == 2
    assert [e.at for e in audit.query(since=T0 + 1, until=T0 + 3)] == [T0 + 2, T0 + 1]
    assert audit.query(operator="bob") == ()


# --- lane events -------------------------------------------------------------


def event(n: int, at: float, *, lane: str = "lane-1", kind: str = "ItemAdded",
          txn: str = "lane-1-000001") -> LaneEvent:
    return LaneEvent(id=f"{lane}:{n}", lane=lane, txn=txn, seq=n, kind=kind, at=at,
                     data={"n": n, "name": "Crème brûlée", "lines": [1, 2.5, None]})


def test_an_event_is_stored_once_however_often_it_arrives(db: StationDatabase) -> None:
    events = db.events
    assert events.add(event(1, T0)) is True
    assert events.add(event(1, T0)) is False
    assert events.add(event(1, T0 + 99)) is False  # the id decides, not the content
    assert events.between(0, T0 + 1000) == (event(1, T0),)


def test_events_by_time_lane_kind_and_transaction(db: StationDatabase) -> None:
    events = db.events
    stored = [
        event(1, T0), event(2, T0 + 10), event(3, T0 + 20, txn="lane-1-000002"),
        event(1, T0 + 5, lane="lane-2", kind="TransactionEnded", txn="lane-2-000001"),
        LaneEvent("lane-2:f1", "lane-2", "", 0, "InterventionOpened", T0 + 15,
                  {"intervention": 1, "kind": "help", "explanation": {}}),
    ]
    for item in reversed(stored):
        assert events.add(item)
    assert [e.id for e in events.between(T0, T0 + 20)] == [
        "lane-1:1", "lane-2:1", "lane-1:2", "lane-2:f1"]
    assert [e.id for e in events.between(T0, T0 + 21, lane="lane-1")] == [
        "lane-1:1", "lane-1:2", "lane-1:3"]
    assert [e.id for e in events.between(0, T0 + 99, kinds=["TransactionEnded",
                                                             "InterventionOpened"])] == [
        "lane-2:1", "lane-2:f1"]
    assert events.of_txn("lane-1", "lane-1-000001") == (stored[0], stored[1])
    assert events.between(T0 + 21, T0 + 99) == ()


def test_events_too_long_for_the_columns_are_refused_everywhere(db: StationDatabase) -> None:
    with pytest.raises(MessageError, match="id must be 1 to 128"):
        db.events.add(LaneEvent("x" * 129, "lane-1", "", 0, "ItemAdded", T0))
    with pytest.raises(MessageError, match="kind must be 1 to 64"):
        db.events.add(LaneEvent("lane-1:1", "lane-1", "", 0, "", T0))
    assert db.events.between(0, T0 + 1) == ()


def test_two_stations_receiving_the_same_event_store_it_once(url: str) -> None:
    with StationDatabase.open(url) as first, StationDatabase.open(url) as second:
        results = [first.events.add(event(1, T0)), second.events.add(event(1, T0))]
        assert results == [True, False]
        assert len(second.events.between(0, T0 + 1)) == 1
