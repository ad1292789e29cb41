"""`<id:…>`: a row's id in a URL.

Django's `int` converter takes any run of digits. A number beyond the range of the
primary keys (`BigAutoField`) names no row, but some lookups pass it to the database as
it is, and SQLite refuses an integer that does not fit in 64 bits (`OverflowError`, a
500). This converter matches such a number to no route, so the answer is the 404 of an
unknown row on every page, API endpoint and WebSocket route that takes an id.
"""

from __future__ import annotations

LARGEST_ID = 2**63 - 1


class RowId:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            # Django's documented signal for "no match": the resolver answers 404.
            raise ValueError(f"{value} is beyond any row id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
