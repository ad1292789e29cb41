"""Waiting for what another thread or process does: poll a condition until it holds.

The deadline is only how long to wait before giving up, and its passing is a failure with a
message, never a measured time: how fast things are is for `bench/`, not for the suite.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")

Message = str | Callable[[], str]


def _text(message: Message) -> str:
    return message() if callable(message) else message


def wait_until(
    condition: Callable[[], T], message: Message, timeout: float = 20.0, every: float = 0.05
) -> T:
    """`condition()` until it returns something true, which is returned; fails with
    `message` (a string, or a function giving one then) when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"{_text(message)} (gave up after {timeout:g} s)")
        time.sleep(every)


def holds_for(
    condition: Callable[[], object], seconds: float, message: Message, every: float = 0.05
) -> None:
    """`condition()` stays true for `seconds`: for what must not happen, such as a message
    that must not arrive. Fails with `message` as soon as it does not hold."""
    deadline = time.monotonic() + seconds
    while True:
        if not condition():
            pytest.fail(_text(message))
        if time.monotonic() >= deadline:
            return
        time.sleep(every)
