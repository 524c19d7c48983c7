"""kiosk.storage against real databases: a SQLite file, and PostgreSQL when it is up.

Every database here is migrated by Alembic for real; nothing is created with
``metadata.create_all``.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from kiosk.storage import Database, SqlJournal, import_products, upgrade
from kiosk.storage.engine import make_engine
from kiosk.storage.migrate import alembic_config
from kiosk.storage.models import metadata as lane_metadata
from kiosk.storage.weights import SqlWeightLog
from pos.catalog import Bagging, Product, SoldBy
from pos.errors import CatalogError, JournalConflict
from pos.journal import JournalRecord

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = {"journal", "products", "weight_observations", "lane_meta", "link_outbox",
          "link_commands"}
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()

MILK = Product("04000000000017", "Milk 1 l", 119, "B", expected_weight_g=1040)
BEER = Product("04000000000031", "Pils 0.5 l", 89, "A", expected_weight_g=820, min_age=16)
BANANAS = Product(
    "02000000401100",
    "Bananas",
    199,
    "B",
    sold_by=SoldBy.WEIGHT,
    plu="4011",
    category="fruit",
    weight_tolerance_g=15,
    bagging=Bagging.OPTIONAL,
    mix_match="fruit-mm",
)
APPLES = Product("02000000413100", "Äpfel Elstar", 249, "B", sold_by=SoldBy.WEIGHT,
                 plu="4131", category="fruit")
CATALOG = [MILK, BEER, BANANAS, APPLES]


def record(
    seq: int, *, lane_id: str = "lane-1", txn_id: str = "t1", **payload: Any
) -> JournalRecord:
    return JournalRecord(
        lane_id, seq, txn_id, "ItemScanned", payload or {"n": seq}, 1_700_000_000_000 + seq
    )


def numbered(n: int, start: int = 0, price: int = 100) -> list[Product]:
    return [
        Product(f"{4_000_000_000_000 + start + i:014d}", f"Item {start + i}", price, "A")
        for i in range(n)
    ]


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
    return f"sqlite:///{tmp_path / 'var' / 'lane.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def db(url: str) -> Iterator[Database]:
    with Database.open(url) as database:
        yield database


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


# --- schema and migrations ---------------------------------------------------


def test_open_creates_the_directory_and_migrates_to_head(tmp_path: Path) -> None:
    path = tmp_path / "lanes" / "3" / "lane.db"
    with Database.open(f"sqlite:///{path}") as db:
        assert path.is_file()
        assert TABLES <= table_names(db.engine)
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD == "0002"
        indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("journal")}
        assert "ix_journal_lane_id_txn_id" in indexes


def test_upgrade_takes_a_url_too(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    upgrade(sqlite_url)  # at head already: nothing to do, no error
    with Database.open(sqlite_url, migrate=False) as db:
        assert TABLES <= table_names(db.engine)


def test_open_without_migrate_leaves_an_empty_file_empty(tmp_path: Path) -> None:
    with Database.open(f"sqlite:///{tmp_path / 'lane.db'}", migrate=False) as db:
        assert table_names(db.engine) == set()


def test_migrations_produce_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), lane_metadata)
    assert differences == []


def test_downgrade_to_base_and_back_to_head(sqlite_url: str) -> None:
    with Database.open(sqlite_url) as db:
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert table_names(db.engine) & TABLES == set()
    with Database.open(sqlite_url) as db:
        assert TABLES <= table_names(db.engine)


def test_alembic_command_line_migrates_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "cli" / "lane.db"
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "alembic.ini", "-x", f"url=sqlite:///{path}",
         "upgrade", "head"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert TABLES <= names
    assert version == HEAD


def test_sqlite_connections_are_durable_wal(sqlite_url: str) -> None:
    with Database.open(sqlite_url) as db, db.engine.connect() as connection:
        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


# --- journal -----------------------------------------------------------------


def test_journal_appends_and_reads_in_order(db: Database) -> None:
    journal = db.journal()
    assert journal.last_seq("lane-1") == 0
    assert list(journal.records("lane-1")) == []
    for seq in range(1, 6):
        journal.append(record(seq, txn_id="t1" if seq < 4 else "t2"))
    journal.append(record(1, lane_id="lane-2"))

    assert journal.last_seq("lane-1") == 5
    assert journal.last_seq("lane-2") == 1
    assert [r.seq for r in journal.records("lane-1")] == [1, 2, 3, 4, 5]
    assert [r.seq for r in journal.records("lane-1", after_seq=3)] == [4, 5]
    assert list(journal.records("lane-1"))[0] == record(1)
    assert [r.seq for r in journal.records_of_txn("lane-1", "t2")] == [4, 5]
    assert journal.records_of_txn("lane-2", "t2") == []


def test_journal_reads_across_pages(db: Database) -> None:
    journal = SqlJournal(db.engine, page_size=3)
    for seq in range(1, 8):
        journal.append(record(seq))
    assert [r.seq for r in journal.records("lane-1")] == list(range(1, 8))
    assert [r.seq for r in journal.records("lane-1", after_seq=3)] == [4, 5, 6, 7]
    journal.close()


def test_journal_refuses_a_duplicate_seq(db: Database) -> None:
    journal = db.journal()
    journal.append(record(1))
    journal.append(record(2))
    with pytest.raises(JournalConflict) as caught:
        journal.append(record(2, note="again"))
    assert caught.value.code == "JOURNAL_CONFLICT"
    assert [r.payload for r in journal.records("lane-1")] == [{"n": 1}, {"n": 2}]
    journal.append(record(3))  # the refusal left the journal usable
    assert journal.last_seq("lane-1") == 3


def test_journal_refuses_a_gap(db: Database) -> None:
    journal = db.journal()
    with pytest.raises(JournalConflict):
        journal.append(record(2))
    journal.append(record(1))
    with pytest.raises(JournalConflict):
        journal.append(record(3))
    assert [r.seq for r in journal.records("lane-1")] == [1]


def test_journal_stays_correct_when_another_writer_appends(url: str) -> None:
    with Database.open(url) as first, Database.open(url) as second:
        a, b = first.journal(), second.journal()
        a.append(record(1))
        b.append(record(2))  # b has never looked: it reads the table
        with pytest.raises(JournalConflict):
            a.append(record(2))  # a still believes 1 is the last; the key refuses it
        a.append(record(3))
        with pytest.raises(JournalConflict):
            b.append(record(3))
        with pytest.raises(JournalConflict):
            b.append(record(5))
        b.append(record(4))
        assert [r.seq for r in a.records("lane-1")] == [1, 2, 3, 4]


def test_an_append_is_committed_when_it_returns(url: str) -> None:
    with Database.open(url) as db:
        db.journal().append(record(1))
        # Another engine, as a process restarted after a SIGKILL would have.
        other = make_engine(url)
        try:
            with other.connect() as connection:
                stored = connection.execute(text("SELECT seq FROM journal")).scalars().all()
        finally:
            other.dispose()
        assert stored == [1]


def test_a_reopened_database_has_the_records(sqlite_url: str) -> None:
    with Database.open(sqlite_url) as db:
        for seq in (1, 2, 3):
            db.journal().append(record(seq))
    with Database.open(sqlite_url) as db:
        journal = db.journal()
        assert [r.seq for r in journal.records("lane-1")] == [1, 2, 3]
        journal.append(record(4))
        with pytest.raises(JournalConflict):
            journal.append(record(4))
        assert journal.last_seq("lane-1") == 4


NESTED_PAYLOAD = {
    "gtin": "04000000000017",
    "product": {"name": "Crème brûlée – 2 × 100 g", "price": 349, "tags": ["dessert", "🍮"]},
    "lines": [{"qty": 2, "void": False}, {"qty": 1.5, "note": None}, []],
    "ключ": "значение",
    "empty": {},
}


def test_journal_payload_round_trips_exactly(db: Database) -> None:
    journal = db.journal()
    journal.append(JournalRecord("lane-1", 1, "t1", "ItemScanned", NESTED_PAYLOAD, 1))
    (stored,) = journal.records("lane-1")
    assert stored.payload == NESTED_PAYLOAD
    # Same keys in the same order, same int/float types.
    assert json.dumps(stored.payload) == json.dumps(NESTED_PAYLOAD)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=15,
)


@pytest.fixture(scope="module")
def shared_journal(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SqlJournal, count[int]]]:
    with Database.open(f"sqlite:///{tmp_path_factory.mktemp('json') / 'lane.db'}") as database:
        yield database.journal(), count(1)


@settings(max_examples=60, deadline=None)
@given(payload=st.dictionaries(st.text(), json_values, max_size=5))
def test_any_json_payload_round_trips(
    shared_journal: tuple[SqlJournal, count[int]], payload: dict[str, Any]
) -> None:
    journal, seqs = shared_journal
    seq = next(seqs)
    journal.append(JournalRecord("lane-json", seq, "t", "Any", payload, 0))
    (stored,) = journal.records("lane-json", after_seq=seq - 1)
    assert json.dumps(stored.payload) == json.dumps(payload)


# --- catalog -----------------------------------------------------------------


def test_catalog_import_and_lookups(db: Database) -> None:
    assert import_products(db, CATALOG) == len(CATALOG)
    catalog = db.catalog()
    assert catalog.count() == 4
    for product in CATALOG:
        assert catalog.by_gtin(product.gtin) == product  # every field, enums included
    assert catalog.by_gtin("04000000000093") is None
    assert catalog.by_plu("4011") == BANANAS
    assert catalog.by_plu("9999") is None
    # Sorted here: the order by name follows the database's collation.
    assert sorted(catalog.by_category("fruit"), key=lambda p: p.gtin) == [BANANAS, APPLES]
    assert catalog.by_category("none") == []


def test_catalog_search_ignores_case_and_wildcards(db: Database) -> None:
    import_products(db, [*CATALOG, Product("04000000000109", "50% off_cut", 1, "A")])
    catalog = db.catalog()
    assert catalog.search("BAN") == [BANANAS]
    assert catalog.search("äpfel") == [APPLES]  # beyond ASCII
    assert [p.name for p in catalog.search("0%")] == ["50% off_cut"]
    assert [p.name for p in catalog.search("f_c")] == ["50% off_cut"]
    assert catalog.search("I") == [MILK, BEER]
    assert catalog.search("i", limit=1) == [MILK]


def test_import_replaces_the_catalog_under_a_running_reader(db: Database) -> None:
    import_products(db, CATALOG)
    catalog = db.catalog()
    assert catalog.by_gtin(MILK.gtin) == MILK
    dearer = Product(MILK.gtin, MILK.name, 129, MILK.tax_class, expected_weight_g=1040)
    import_products(db, [dearer, BEER])
    assert catalog.by_gtin(MILK.gtin) == dearer
    assert catalog.by_gtin(BANANAS.gtin) is None
    assert catalog.count() == 2


def test_failed_import_leaves_the_old_catalog(db: Database) -> None:
    import_products(db, CATALOG)
    # The duplicate sits in the third batch: two batches are already inserted.
    new = numbered(25, price=5)
    new.insert(22, Product(new[3].gtin, "Twin", 1, "A"))
    with pytest.raises(CatalogError, match=new[3].gtin) as caught:
        import_products(db, new, batch=10)
    assert caught.value.code == "CATALOG_DUPLICATE"
    catalog = db.catalog()
    assert catalog.count() == len(CATALOG)
    assert catalog.by_gtin(MILK.gtin) == MILK
    assert catalog.by_gtin(new[0].gtin) is None


def test_duplicate_within_one_batch_is_named(db: Database) -> None:
    with pytest.raises(CatalogError, match=MILK.gtin):
        import_products(db, [MILK, BEER, MILK])
    assert db.catalog().count() == 0


def test_adding_a_gtin_already_in_the_catalog_is_a_duplicate(db: Database) -> None:
    import_products(db, CATALOG)
    assert import_products(db, numbered(3), replace=False) == 3
    with pytest.raises(CatalogError, match=BEER.gtin):
        import_products(db, [*numbered(2, start=10), BEER], replace=False)
    assert db.catalog().count() == len(CATALOG) + 3


def test_an_import_source_failing_midway_leaves_the_old_catalog(db: Database) -> None:
    import_products(db, CATALOG)

    def broken_csv() -> Iterator[Product]:
        yield from numbered(15)
        raise ValueError("line 16: price is not a number")

    with pytest.raises(ValueError, match="line 16"):
        import_products(db, broken_csv(), batch=10)
    assert db.catalog().count() == len(CATALOG)


def test_import_refuses_a_gtin_that_is_not_14_digits(db: Database) -> None:
    with pytest.raises(CatalogError, match="4000000000017") as caught:
        import_products(db, [Product("4000000000017", "EAN-13 not padded", 1, "A")])
    assert caught.value.code == "CATALOG_GTIN"


def test_import_reports_progress_per_batch(db: Database) -> None:
    steps: list[int] = []
    assert import_products(db, numbered(25), progress=steps.append, batch=10) == 25
    assert steps == [10, 10, 5]


# --- weight log --------------------------------------------------------------


def test_weight_log_returns_newest_first(db: Database) -> None:
    weights = db.weights()
    for at_ms, (grams, confirmed) in enumerate([(1030, False), (1045, True), (990, False)]):
        weights.add(MILK.gtin, grams, confirmed_by_attendant=confirmed, lane_id="lane-1",
                    at_ms=at_ms)
    weights.add(BEER.gtin, 820, confirmed_by_attendant=True, lane_id="lane-2", at_ms=9)
    assert weights.recent(MILK.gtin, 10) == [(990, False), (1045, True), (1030, False)]
    assert weights.recent(MILK.gtin, 2) == [(990, False), (1045, True)]
    assert weights.recent(BANANAS.gtin, 5) == []


def test_weight_log_keeps_recent_weighings_and_reads_other_lanes_after_max_age(url: str) -> None:
    """Lanes sharing a database: each keeps what it read, its own weighings at once, and
    another lane's only after ``max_age_s`` (a learned weight moves slowly)."""
    now = [1000.0]
    engine = make_engine(url)
    upgrade(engine)
    try:
        this = SqlWeightLog(engine, max_age_s=600, clock=lambda: now[0])
        other = SqlWeightLog(engine)
        this.add(MILK.gtin, 1030, confirmed_by_attendant=False, lane_id="lane-1", at_ms=1)
        assert this.recent(MILK.gtin, 3) == [(1030, False)]
        this.add(MILK.gtin, 1040, confirmed_by_attendant=True, lane_id="lane-1", at_ms=2)
        other.add(MILK.gtin, 1999, confirmed_by_attendant=False, lane_id="lane-2", at_ms=3)
        this.add(MILK.gtin, 1050, confirmed_by_attendant=False, lane_id="lane-1", at_ms=4)
        # Its own at once, newest first, no more than were asked for; lane 2's not yet.
        assert this.recent(MILK.gtin, 3) == [(1050, False), (1040, True), (1030, False)]
        assert this.recent(MILK.gtin, 2) == [(1050, False), (1040, True)]
        # More than it kept: read again, and lane 2's weighing is there.
        assert this.recent(MILK.gtin, 4)[:2] == [(1050, False), (1999, False)]
        this.add(BEER.gtin, 820, confirmed_by_attendant=False, lane_id="lane-1", at_ms=5)
        assert this.recent(BEER.gtin, 2) == [(820, False)]
        other.add(BEER.gtin, 830, confirmed_by_attendant=False, lane_id="lane-2", at_ms=6)
        now[0] += 599
        assert this.recent(BEER.gtin, 2) == [(820, False)]
        now[0] += 2
        assert this.recent(BEER.gtin, 2) == [(830, False), (820, False)]
    finally:
        engine.dispose()


def test_weight_log_keeps_a_bounded_number_of_products(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    try:
        log = SqlWeightLog(engine, max_products=2)
        other = SqlWeightLog(engine)
        for product in (MILK, BEER, BANANAS):
            log.recent(product.gtin, 5)  # MILK is the oldest and is forgotten
        other.add(MILK.gtin, 1000, confirmed_by_attendant=False, lane_id="lane-2", at_ms=1)
        other.add(BANANAS.gtin, 800, confirmed_by_attendant=False, lane_id="lane-2", at_ms=2)
        assert log.recent(BANANAS.gtin, 5) == []  # still kept: lane 2's weighing not seen yet
        assert log.recent(MILK.gtin, 5) == [(1000, False)]  # read again
    finally:
        engine.dispose()
