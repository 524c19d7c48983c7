"""kiosk/storage: the lane's database through SQLAlchemy, its schema through Alembic.

``pos`` defines what it needs (``JournalStore``, ``Catalog``); this package
implements it over SQLite on a lane, or any SQLAlchemy URL such as PostgreSQL.
"""

from kiosk.storage.catalog import SqlCatalog, import_products
from kiosk.storage.database import Database
from kiosk.storage.journal import SqlJournal
from kiosk.storage.migrate import upgrade
from kiosk.storage.weights import SqlWeightLog

__all__ = [
    "Database",
    "SqlCatalog",
    "SqlJournal",
    "SqlWeightLog",
    "import_products",
    "upgrade",
]
