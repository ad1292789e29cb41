"""SQL expressions for the visibility filters, each answered by an index on PostgreSQL."""

from __future__ import annotations

from django.db.models import BooleanField, Expression, F


class AnyOf(Expression):
    """`field = ANY(%s)` with the ids as one array parameter (PostgreSQL).

    Within an OR, `IN (SELECT ...)` becomes a sub-plan checked row by row, which rules out
    index scans for the whole OR, so counting a scoped list reads the whole table. A
    constant array is an index condition on the primary key, and PostgreSQL (14+) checks it
    against a hash table when it filters rows instead. One parameter, whatever the length.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: list[int]) -> None:
        super().__init__()
        self.lhs = F(field)
        self.ids = ids

    def get_source_expressions(self):
        return [self.lhs]

    def set_source_expressions(self, exprs):
        (self.lhs,) = exprs

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"{lhs} = ANY(%s)", (*params, list(self.ids))


def after_prefix(prefix: str) -> str:
    """The least string above every string starting with `prefix` (last character + 1)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PathRange(Expression):
    """`lo <= field < hi` (either bound optional) in byte order.

    A subtree (`jurisdiction_path` starting with "city/x/") is the range
    ["city/x/", "city/x0"). On PostgreSQL the comparison uses the pattern operators
    (`~>=~`, `~<~`): byte order whatever the collation, and exactly what the
    `varchar_pattern_ops` indexes answer, where `LIKE 'city/x/%'` would be rechecked row
    by row. SQLite compares text byte by byte already.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, lo: str | None, hi: str | None) -> None:
        super().__init__()
        self.lhs = F(field)
        self.lo, self.hi = lo, hi

    def get_source_expressions(self):
        return [self.lhs]

    def set_source_expressions(self, exprs):
        (self.lhs,) = exprs

    def _sql(self, compiler, operators: tuple[str, str]):
        lhs, lhs_params = compiler.compile(self.lhs)
        parts, params = [], []
        for bound, op in zip((self.lo, self.hi), operators, strict=True):
            if bound is not None:
                parts.append(f"{lhs} {op} %s")
                params += [*lhs_params, bound]
        if not parts:
            return "1 = 1", ()
        return "(" + " AND ".join(parts) + ")", tuple(params)

    def as_sql(self, compiler, connection):
        return self._sql(compiler, (">=", "<"))

    def as_postgresql(self, compiler, connection):
        return self._sql(compiler, ("~>=~", "~<~"))
