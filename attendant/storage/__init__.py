"""attendant/storage: the station's database through SQLAlchemy, its schema through Alembic.

Operators (hashed PINs and badges, the lock-out), the audit of every action,
and the events lanes report, over SQLite on a station or any SQLAlchemy URL.
"""

from attendant.storage.audit import AuditEntry, AuditLog
from attendant.storage.database import StationDatabase
from attendant.storage.events import EventStore
from attendant.storage.migrate import upgrade
from attendant.storage.operators import OperatorInfo, OperatorStore, seed_demo_operators

__all__ = [
    "AuditEntry",
    "AuditLog",
    "EventStore",
    "OperatorInfo",
    "OperatorStore",
    "StationDatabase",
    "seed_demo_operators",
    "upgrade",
]
