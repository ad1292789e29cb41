"""Writing generated rows straight into the tables: COPY on PostgreSQL, batched INSERTs
elsewhere; on PostgreSQL, an empty case table loads without its indexes and triggers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import connection

from casework.models import Case, CaseParticipant


def quoted_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def write_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cols = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {quoted_table(model)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        ops = connection.ops
        adapted = []
        for row in rows:
            out = []
            for value in row:
                if isinstance(value, datetime):
                    value = ops.adapt_datetimefield_value(value)
                elif isinstance(value, Decimal):
                    value = str(value)
                elif hasattr(value, "isoformat"):
                    value = ops.adapt_datefield_value(value)
                out.append(value)
            adapted.append(out)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {quoted_table(model)} ({', '.join(columns)}) VALUES ({marks})", adapted
        )


def prepare_bulk_load() -> tuple[list[str], bool]:
    """Prepare an empty case table for a bulk load; return the index DDL to run after it.

    Building an index once over the loaded rows is several times faster than updating it
    row by row, and the generated rows are valid by construction, so a superuser skips the
    foreign-key triggers for this transaction. Both are undone by a rollback. Returns the
    DDL and whether the triggers are off.
    """
    tables = [Case._meta.db_table, CaseParticipant._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
        if Case.objects.exists():
            return [], superuser
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ddl in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [ddl for _name, ddl in indexes], superuser


def finish_bulk_load(rebuild: list[str], triggers_off: bool) -> None:
    """Rebuild the indexes `prepare_bulk_load` dropped, turn the triggers back on and move
    the case id sequence past the loaded rows."""
    with connection.cursor() as cursor:
        for ddl in rebuild:
            cursor.execute(ddl)
        if triggers_off:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        # The ids were given explicitly: move the sequence past them.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Case._meta.db_table}', 'id'), "
            f"(SELECT MAX(id) FROM {quoted_table(Case)}))"
        )


def vacuum_analyze(*models) -> None:
    """Fresh statistics and visibility map, as a database in service would have
    (PostgreSQL, outside a transaction)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {quoted_table(model)}")
