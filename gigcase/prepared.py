"""Read statements that the ORM compiles once per connection and that run again and again.

Compiling a queryset (its joins, select list, ordering, lookups) costs Python a few hundred
microseconds every time it runs; on a local database that is several times the statement
itself. The statements every action runs — the case row under lock, the actor's seats, the
binding deadline — are compiled once per database connection by `Prepared` and then run
with new parameters through a plain cursor, with the ORM's own converters and model
construction, so what comes back is what the queryset would have returned.

The queryset is built by a function that receives stand-in values and must pass each one,
unchanged, to exactly one SQL parameter: an equality or comparison on an integer or text
column. Compiling checks this and refuses a queryset where a stand-in is missing, repeated
or transformed, so a query that cannot be prepared fails on its first use, in tests.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Stand-ins far outside the values a real row has; each maps to one parameter position.
_INT_BASE = 1_987_654_321
_STR_BASE = "\u27e8prepared:{}\u27e9"


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    slots: list[tuple[int, type]]  # where each argument goes in `params`, and its type
    compiler: Any
    converters: dict
    model: type | None
    init_list: list[str]
    model_slice: slice
    populators: list


class Prepared:
    """One read statement, compiled per connection from `build(*stand_ins)`.

    `kinds` gives each argument's type (`int` or `str`), so that the stand-in survives the
    field's own preparation (an integer field calls `int()` on what it is given).
    """

    def __init__(self, build: Callable[..., QuerySet], *kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._per_connection: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _stand_ins(self) -> list[Any]:
        out: list[Any] = []
        for i, kind in enumerate(self.kinds):
            if kind is int:
                out.append(_INT_BASE + 7919 * i)
            elif kind is str:
                out.append(_STR_BASE.format(i))
            else:
                raise TypeError(f"a prepared parameter is int or str, not {kind!r}")
        return out

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        compiled = self._per_connection.get(connection)
        if compiled is not None:
            return compiled
        stand_ins = self._stand_ins()
        queryset = self.build(*stand_ins)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = []
        for value in stand_ins:
            # Django may wrap a value to type it for the server (psycopg's Int4 for an
            # integer field): the same wrapper is put around each new value.
            found = [
                i
                for i, p in enumerate(params)
                if isinstance(p, type(value)) and not isinstance(p, bool) and p == value
            ]
            if len(found) != 1:
                raise ValueError(
                    f"prepared query: stand-in {value!r} reaches {len(found)} parameters"
                )
            slots.append((found[0], type(params[found[0]])))
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        model, init_list, model_slice, populators = None, [], slice(0, 0), []
        klass_info = compiler.klass_info
        if klass_info is not None and not queryset._fields:  # a model query, not values()
            select_fields = klass_info["select_fields"]
            model_slice = slice(select_fields[0], select_fields[-1] + 1)
            model = klass_info["model"]
            init_list = [f[0].target.attname for f in compiler.select[model_slice]]
            populators = get_related_populators(klass_info, compiler.select, alias)
        compiled = _Compiled(
            sql, params, slots, compiler, converters, model, init_list, model_slice, populators
        )
        self._per_connection[connection] = compiled
        return compiled

    def rows(self, *args: Any, using: str = "default") -> list[tuple]:
        """The rows, each a tuple of the selected columns, converted as the ORM would."""
        compiled = self._compile(using)
        params = list(compiled.params)
        for (slot, kind), value in zip(compiled.slots, args, strict=True):
            params[slot] = value if kind is int or kind is str else kind(value)
        connection = connections[using]
        with connection.cursor() as cursor:
            if _opens_transaction(connection):
                # psycopg would send BEGIN on its own and wait for it: in a pipeline it goes
                # with this statement (the case lock that starts every action).
                with connection.wrap_database_errors, connection.connection.pipeline():
                    cursor.execute(compiled.sql, params)
            else:
                cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [tuple(r) for r in compiled.compiler.apply_converters(rows, compiled.converters)]
        return rows

    def objects(self, *args: Any, using: str = "default") -> list:
        """The rows as model instances, with their `select_related` objects attached."""
        compiled = self._compile(using)
        if compiled.model is None:
            raise TypeError("objects() needs a model queryset, not values()")
        out = []
        for row in self.rows(*args, using=using):
            obj = compiled.model.from_db(using, compiled.init_list, row[compiled.model_slice])
            for populator in compiled.populators:
                populator.populate(row, obj)
            out.append(obj)
        return out

    def first(self, *args: Any, using: str = "default"):
        found = self.objects(*args, using=using)
        return found[0] if found else None


def _pipelines(connection) -> bool:
    # psycopg pipelines need the extended protocol: server-side binding cursors.
    return connection.vendor == "postgresql" and bool(
        connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    )


def _opens_transaction(connection) -> bool:
    """Whether the next statement makes psycopg begin the transaction Django has opened."""
    if not _pipelines(connection) or connection.get_autocommit():
        return False
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.IDLE


# --- writes ----------------------------------------------------------------------------
# The same idea for the rows every action writes (timeline entry, clock, workflow task,
# audit event) and the case's own UPDATE: the statement text is built once per connection,
# model and set of columns; each call only prepares the values, through each field's
# `pre_save` and `get_db_prep_save` exactly as `Model.save()` does. No `pre_save` /
# `post_save` signals are sent: nothing in the project listens to them for these models, and
# the house rule is that domain flow never goes through signals.

_writes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _statements(connection) -> dict:
    found = _writes.get(connection)
    if found is None:
        found = _writes[connection] = {}
    return found


# How each column's value is taken from an instance and prepared for the database, decided
# once per statement: `pre_save` where the field has its own (auto_now, ...), else the
# attribute; `get_db_prep_save` unless the value is already of the plain type the field
# stores as such (text, booleans, integers, aware datetimes), for which the result is known.
_TEXT = (models.CharField, models.TextField)
_INTEGERS = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)
_AUTO = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _preparer(field, connection) -> Callable[[Any], Any]:
    kind = type(field)
    fallback = field.get_db_prep_save
    if kind in _TEXT:
        return lambda v: v if v is None or type(v) is str else fallback(v, connection)
    if kind is models.BooleanField:
        return lambda v: v if v is None or type(v) is bool else fallback(v, connection)
    if kind in _INTEGERS:
        adapt, internal = connection.ops.adapt_integerfield_value, field.get_internal_type()
        return lambda v: (
            v if v is None else adapt(v, internal) if type(v) is int else fallback(v, connection)
        )
    if kind in (models.ForeignKey, models.OneToOneField) and type(field.target_field) in _AUTO:
        # An auto primary key is passed as it is (after validate_autopk_value, a no-op on
        # the databases this project runs on).
        return lambda v: v if v is None or type(v) is int else fallback(v, connection)
    if kind is models.DateTimeField:
        adapt = connection.ops.adapt_datetimefield_value
        return lambda v: (
            adapt(v) if type(v) is datetime and v.tzinfo is not None else fallback(v, connection)
        )
    return lambda v: fallback(v, connection)


def _getter(field, add: bool) -> Callable[[Any], Any]:
    if type(field).pre_save is models.Field.pre_save:
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.pre_save(obj, add)


def _columns(fields, connection, add: bool) -> list[tuple[Callable, Callable]]:
    return [(_getter(f, add), _preparer(f, connection)) for f in fields]


def _values(columns, obj) -> list:
    return [prep(get(obj)) for get, prep in columns]


def insert(obj, *, defer: bool = False, using: str = "default") -> None:
    """INSERT `obj` (every concrete column but an auto primary key) and set its `pk`.

    `defer=True` inside a `write_batch()`: the row is sent with the next statement (see
    there) and `obj.pk` stays unset; for rows nobody reads back in the same action.
    """
    connection = connections[using]
    meta = obj._meta
    key = ("insert", meta.label)
    statements = _statements(connection)
    compiled = statements.get(key)
    if compiled is None:
        fields = [
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        ]
        if len(meta.concrete_fields) != len(meta.local_concrete_fields):
            raise TypeError(f"{meta.label}: insert() does not write inherited tables")
        sql, plain = _insert_sql(connection, meta, fields)
        compiled = statements[key] = (sql, plain, fields, _columns(fields, connection, add=True))
    sql, plain, fields, columns = compiled
    for field in fields:
        if field.is_relation:
            # What save() checks first: a related object must be saved; its pk is the value.
            cached = field.get_cached_value(obj, None)
            if cached is not None and getattr(obj, field.attname) is None:
                setattr(obj, field.attname, cached.pk)
    params = _values(columns, obj)
    if defer and _defer(connection, plain, params):
        obj._state.adding = False
        obj._state.db = using
        return
    pk = _run_insert(connection, meta, sql, plain, params)
    if meta.auto_field is not None:
        setattr(obj, meta.pk.attname, pk)
    obj._state.adding = False
    obj._state.db = using


def insert_values(model, values: dict, *, defer: bool = False, using: str = "default"):
    """INSERT one row of `model` from field values, without building an instance: what
    `insert(model(**values))` writes (fields not given take their defaults), for rows the
    action does not keep. Returns the new primary key, or None when deferred."""
    connection = connections[using]
    meta = model._meta
    names = tuple(values)
    key = ("insert_values", meta.label, names)
    statements = _statements(connection)
    compiled = statements.get(key)
    if compiled is None:
        given = [_field(meta, name) for name in names]
        if any(f.model is not meta.concrete_model or not f.concrete for f in given):
            raise TypeError(f"{meta.label}: insert_values() writes the model's own columns only")
        rest = [
            f
            for f in meta.local_concrete_fields
            if f not in given and not f.generated and f is not meta.auto_field
        ]
        sql, plain = _insert_sql(connection, meta, [*given, *rest])
        preparers = [_preparer(f, connection) for f in given]
        defaults = [(f.get_default, _preparer(f, connection)) for f in rest]
        compiled = statements[key] = (sql, plain, preparers, defaults)
    sql, plain, preparers, defaults = compiled
    params = [prep(v) for prep, v in zip(preparers, values.values(), strict=True)]
    params += [prep(default()) for default, prep in defaults]
    if defer and _defer(connection, plain, params):
        return None
    return _run_insert(connection, meta, sql, plain, params)


def _insert_sql(connection, meta, fields) -> tuple[str, str]:
    """The INSERT of these columns, returning the new key where the database can (to run
    now), and without RETURNING (to hold in a batch: nobody reads the key)."""
    qn = connection.ops.quote_name
    plain = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if meta.auto_field is not None and connection.features.can_return_columns_from_insert:
        return f"{plain} {connection.ops.return_insert_columns([meta.auto_field])[0]}", plain
    return plain, plain


def _run_insert(connection, meta, sql: str, plain: str, params: list):
    """Run an INSERT from `_insert_sql` now; the new primary key (None without one)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if meta.auto_field is None:
            return None
        if sql is not plain:
            return cursor.fetchone()[0]
        return connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)


def update(
    obj,
    fields,
    *,
    where: dict | None = None,
    defer: bool = False,
    check: Callable[[int], None] | None = None,
    using: str = "default",
) -> int | None:
    """UPDATE the named fields of `obj`'s row; `where` adds conditions (`column = value`).

    Returns the number of rows changed, so a caller holding an expected version learns that
    it was stale (0) instead of overwriting. With `defer=True` inside a `write_batch()` the
    statement goes with the next one and None is returned; `check(rowcount)` is then called
    when its result is in, and may raise to abort the transaction.
    """
    connection = connections[using]
    meta = obj._meta
    names = tuple(fields)
    conditions = tuple(where or ())
    key = ("update", meta.label, names, conditions)
    statements = _statements(connection)
    compiled = statements.get(key)
    if compiled is None:
        qn = connection.ops.quote_name
        targets = [meta.get_field(name) for name in names]
        by = [meta.pk, *(meta.get_field(name) for name in conditions)]
        if any(f.model is not meta.concrete_model or not f.concrete for f in [*targets, *by]):
            raise TypeError(f"{meta.label}: update() writes the model's own columns only")
        sql = "UPDATE {} SET {} WHERE {}".format(
            qn(meta.db_table),
            ", ".join(f"{qn(f.column)} = %s" for f in targets),
            " AND ".join(f"{qn(f.column)} = %s" for f in by),
        )
        compiled = statements[key] = (sql, targets, by, _columns(targets, connection, add=False))
    sql, targets, by, columns = compiled
    params = _values(columns, obj)
    params.append(meta.pk.get_db_prep_value(obj.pk, connection))
    for field, name in zip(by[1:], conditions, strict=True):
        params.append(field.get_db_prep_value(where[name], connection))
    if defer and _defer(connection, sql, params, check):
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rowcount = cursor.rowcount
    if check is not None:
        check(rowcount)
    return rowcount


def _field(meta, name: str):
    return meta.pk if name == "pk" else meta.get_field(name)


def update_where(
    model,
    values: dict,
    *,
    where: dict,
    exclude: dict | None = None,
    defer: bool = False,
    using: str = "default",
) -> int | None:
    """`model.objects.filter(**where).exclude(**exclude).update(**values)` for plain columns:
    each condition is `column = value`, or `column IN (...)` for a list or tuple; each
    exclusion `column <> value`. Returns the number of rows changed (None when deferred)."""
    connection = connections[using]
    meta = model._meta
    exclude = exclude or {}
    shape = tuple(
        (name, len(value) if isinstance(value, list | tuple) else None)
        for name, value in where.items()
    )
    key = ("update_where", meta.label, tuple(values), shape, tuple(exclude))
    statements = _statements(connection)
    compiled = statements.get(key)
    if compiled is None:
        qn = connection.ops.quote_name
        targets = [_field(meta, name) for name in values]
        everything = [
            *targets,
            *(_field(meta, n) for n in where),
            *(_field(meta, n) for n in exclude),
        ]
        if any(f.model is not meta.concrete_model or not f.concrete for f in everything):
            raise TypeError(f"{meta.label}: update_where() writes the model's own columns only")
        conditions = []
        for name, size in shape:
            column = qn(_field(meta, name).column)
            if size is None:
                conditions.append(f"{column} = %s")
            elif size == 0:
                conditions.append("1 = 0")
            else:
                conditions.append(f"{column} IN ({', '.join(['%s'] * size)})")
        conditions += [f"NOT ({qn(_field(meta, name).column)} = %s)" for name in exclude]
        sql = "UPDATE {} SET {} WHERE {}".format(
            qn(meta.db_table),
            ", ".join(f"{qn(f.column)} = %s" for f in targets),
            " AND ".join(conditions),
        )
        compiled = statements[key] = (sql, [_preparer(f, connection) for f in targets])
    sql, preparers = compiled
    params = [prep(v) for prep, v in zip(preparers, values.values(), strict=True)]
    for name, value in where.items():
        field = _field(meta, name)
        if isinstance(value, list | tuple):
            params += [field.get_db_prep_value(v, connection) for v in value]
        else:
            params.append(field.get_db_prep_value(value, connection))
    for name, value in exclude.items():
        params.append(_field(meta, name).get_db_prep_value(value, connection))
    if defer and _defer(connection, sql, params):
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def execute(
    sql: str,
    params: list,
    *,
    defer: bool = False,
    check: Callable[[int], None] | None = None,
    on_rows: Callable[[list[tuple]], None] | None = None,
    using: str = "default",
) -> list[tuple] | None:
    """Run one statement and return its rows (none for a statement without RETURNING);
    with `defer=True` inside a write batch, hold it like the writes above and return None.
    `check(rowcount)` and `on_rows(rows)` are called when the result is in, at once or
    when the held statement has been sent."""
    connection = connections[using]
    if defer and _defer(connection, sql, params, check, on_rows):
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else []
        rowcount = cursor.rowcount
    if check is not None:
        check(rowcount)
    if on_rows is not None:
        on_rows(rows)
    return rows


# --- write batches -----------------------------------------------------------------------
# On PostgreSQL most of an action's time is spent waiting for the server, one round trip per
# statement. The writes whose result the action does not read (the timeline entry, the
# finished workflow step, the audit event, ...) are therefore held back inside a
# `write_batch()` and sent together with the next statement that needs an answer, in one
# psycopg pipeline: one round trip instead of several. Whatever is still held when the batch
# ends is sent then, before the transaction commits.
#
# Every statement run on the connection while writes are held — through these helpers, the
# ORM or a raw cursor — sends them first (an execute wrapper does it), so no read can miss a
# held write. An error in a held write is raised from the statement that sent it, inside the
# action's transaction, which then rolls back as a whole.


@dataclass
class _Held:
    sql: str
    params: list
    check: Callable[[int], None] | None
    on_rows: Callable[[list[tuple]], None] | None = None

    @property
    def answered(self) -> bool:
        """Whether someone waits for this statement's result."""
        return self.check is not None or self.on_rows is not None


class _Batch:
    def __init__(self, connection) -> None:
        self.connection = connection
        self.held: list[_Held] = []
        self.pipeline = _pipelines(connection)

    def __call__(self, execute, sql, params, many, context):
        if not self.held:
            return execute(sql, params, many, context)
        return self.send(lambda: execute(sql, params, many, context))

    def send(self, then: Callable[[], Any] | None = None, *, commit: bool = False) -> Any:
        """Run the held writes, then `then()`, in one round trip where the database allows;
        with `commit` (a pipeline, and no held write whose result is checked) the COMMIT
        goes in the same round trip."""
        held, self.held = self.held, []
        connection = self.connection
        result = None
        cursors = []
        shared = connection.cursor()  # for the writes whose result nobody checks
        with connection.wrap_database_errors:
            if self.pipeline:
                with connection.connection.pipeline():
                    for item in held:
                        cursor = connection.cursor() if item.answered else shared
                        cursor.execute(item.sql, item.params)
                        cursors.append(cursor)
                    if then is not None:
                        result = then()
                    if commit:
                        # psycopg queues it; Django's own commit then finds nothing to do.
                        connection.connection.commit()
            else:
                for item in held:
                    cursor = connection.cursor() if item.answered else shared
                    cursor.execute(item.sql, item.params)
                    cursors.append(cursor)
                    if item.on_rows is not None:  # read at once: SQLite steps RETURNING rows
                        item.on_rows(cursor.fetchall())
        for item, cursor in zip(held, cursors, strict=True):
            if not item.answered:
                continue
            if item.check is not None:
                item.check(cursor.rowcount)
            if item.on_rows is not None and self.pipeline:
                item.on_rows(cursor.fetchall())
            cursor.close()
        shared.close()
        if then is not None and not self.pipeline:
            result = then()
        return result


def _defer(connection, sql: str, params: list, check=None, on_rows=None) -> bool:
    batch = getattr(connection, "_gigcase_batch", None)
    if batch is None:
        return False
    batch.held.append(_Held(sql, params, check, on_rows))
    return True


@contextmanager
def write_batch(using: str = "default", *, commit: bool = False) -> Iterator[None]:
    """Hold the deferred writes made inside and send them with the next statement.

    Must be inside the transaction it belongs to (`with transaction.atomic(): with
    write_batch(): ...`), so that what is held is sent before the commit. A nested batch
    joins the outer one. On an exception the held writes are dropped with the transaction.

    `commit=True` is for a batch that ends its transaction: the last statement inside an
    action's own `atomic(durable=True)`. On PostgreSQL the writes still held at the end are
    then sent with the COMMIT, in one round trip; the transaction's locks (the audit chain's
    head row above all) are released without waiting for this process to be scheduled
    again between the two. Where that does not apply — another database, a transaction
    nested in another (as in tests), a held write whose result is checked — the batch ends
    as usual and the transaction commits as usual.
    """
    connection = connections[using]
    if getattr(connection, "_gigcase_batch", None) is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("write_batch() must run inside a transaction")
    batch = _Batch(connection)
    connection._gigcase_batch = batch
    try:
        with connection.execute_wrapper(batch):
            yield
            connection._gigcase_batch = None
            if batch.held:
                batch.send(commit=commit and _may_commit(connection, batch))
    finally:
        connection._gigcase_batch = None
        batch.held.clear()


def _may_commit(connection, batch: _Batch) -> bool:
    blocks = connection.atomic_blocks
    return (
        batch.pipeline
        and len(blocks) == 1
        and blocks[0].durable
        and not connection.needs_rollback
        and not any(item.answered for item in batch.held)
    )
