"""Keep-alive HTTP clients, one per user, sending their requests together and timed; the
server process's CPU time; percentiles of the timings."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench import cpu_seconds

from .data import PASSWORD


@dataclass(frozen=True)
class Kind:
    """One kind of request: `target(client)` gives (method, path, body) for a client."""

    name: str
    label: str
    target: Callable[[int], tuple[str, str, dict | None]]


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0

    def quantile(self, q: float) -> float:
        return percentile(self.seconds, q)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Client:
    """One keep-alive HTTP/1.1 connection to the server, as one user."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Accept": "application/json", "Host": f"127.0.0.1:{self.port}"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.will_close:
            self.conn.close()  # reopened by the next request; daphne normally keeps it
        return response.status, payload

    def timed(self, method: str, path: str, body: dict | None = None) -> float:
        began = time.perf_counter()
        status, payload = self.call(method, path, body)
        elapsed = time.perf_counter() - began
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}: {payload[:300]!r}")
        return elapsed

    def close(self) -> None:
        self.conn.close()


def login(port: int, username: str) -> str:
    client = Client(port)
    try:
        status, payload = client.call(
            "POST", "/api/v1/auth/token/", {"username": username, "password": PASSWORD}
        )
    finally:
        client.close()
    if status != 200:
        raise RuntimeError(f"token for {username}: {status} {payload[:300]!r}")
    return json.loads(payload)["token"]


def run_phase(clients: Sequence[Client], kind: Kind, per_client: int, pid: int) -> Samples:
    """Every client sends `per_client` requests of `kind`, all starting together."""
    start = threading.Barrier(len(clients) + 1)
    results: list[list[float]] = [[] for _ in clients]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            start.wait()
            for _ in range(per_client):
                results[index].append(clients[index].timed(*kind.target(index)))
        except BaseException as exc:  # reported by the caller
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in pool:
        t.start()
    cpu_before = cpu_seconds(pid)
    start.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    wall = time.perf_counter() - began
    cpu = cpu_seconds(pid) - cpu_before
    if errors:
        raise errors[0]
    return Samples(seconds=[s for r in results for s in r], wall=wall, server_cpu=cpu)
