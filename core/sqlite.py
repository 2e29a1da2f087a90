"""What SQLite lacks that the figures' statements use: the ``bit_or`` aggregate of PostgreSQL.

The demo runs on SQLite; the figures' one grouped scan (``trainees/reach.py``) ORs bit masks per person.
"""

from django.db.backends.signals import connection_created


class BitOr:
    """bit_or(x): the bitwise OR of the non-null values, NULL when there is none (as in PostgreSQL)."""

    def __init__(self):
        self.value: int | None = None

    def step(self, value: int | None) -> None:
        if value is not None:
            self.value = value if self.value is None else self.value | value

    def finalize(self) -> int | None:
        return self.value


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("bit_or", 1, BitOr)


def install() -> None:
    connection_created.connect(_register, dispatch_uid="core-sqlite-bit-or")
