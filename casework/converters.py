"""Row ids read from requests: `<id:…>` in a URL, `parse_id` in a form or query string.

Django's `int` converter takes any run of digits. A number beyond the range of the
primary keys (`BigAutoField`) names no row, but some lookups pass it to the database as
it is, and SQLite refuses an integer that does not fit in 64 bits (`OverflowError`, a
500). This converter matches such a number to no route, so the answer is the 404 of an
unknown row on every page, API endpoint and WebSocket route that takes an id.
`parse_id` reads the same range from a value typed into a form or a query string.
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


def parse_id(raw) -> int | None:
    """A form or query value as a row id (or another count that fits one), else None.

    ASCII digits only: `str.isdigit()` also takes "²", which `int()` refuses, and a run of
    thousands of digits, which `int()` refuses too (Python's limit on converting long
    strings); both were a 500 where a bad value should be answered as such.
    """
    text = "" if raw is None else str(raw).strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= LARGEST_ID else None
