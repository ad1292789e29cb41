"""What a person waits for: case detail, list, search and a transition through daphne.

One daphne server (`gigcase.asgi`, as `make run` serves it: DEBUG off, in-process channel
layer and periodic jobs) on a free loopback port, on the benchmark's throw-away database
with the demo data (`seed_demo`, `--demo-cases` of each kind) and `--cases` generated ones
(`bench_populate`).
Each client is an HR officer of Xuecheng with their own API token (`POST
/api/v1/auth/token/`) and one keep-alive connection (`http.client`); the requests:

- no-op: `GET /api/v1/auth/me/`, authentication and nothing else: the baseline;
- case detail: `GET /api/v1/cases/{id}/` of a wage-arrears case the client handles (two
  parties, two evidence files, a payment order and a payment); the parties are shown
  unmasked, so every view writes its `casework.pii.viewed` audit event;
- case detail, masked: the same for a colleague's case (no audit write), for information;
- case list: `GET /api/v1/cases/`, the first page;
- search: `GET /api/v1/cases/?q=建筑` (an employer-name fragment);
- transition: `POST /api/v1/cases/{id}/transitions/accept/` on a freshly opened case, so
  that every request fires a legal transition (as `bench/transitions.py` does); the
  answer is the case detail, now unmasked for its new handler.

With 1 and with 8 clients (`--threads`), all clients send the same request at the same
time, one kind after the other, in `--rounds` rounds (the order rotated each round) so that
every kind and the baseline see the same machine load; each kind's p50 and p95 are taken
over all its requests and divided by the no-op's of the same client count. Beside them:
requests per second, and the server process's CPU time per request (on SQLite that
includes the database's own work, on PostgreSQL not).

Queries per request are counted in this process with Django's test client on the same
database (daphne runs in another process), for a small case and for a large one (40
parties, about 200 timeline entries, 50 evidence files, 150 payments, 6 participating
units): no request's count may grow with the case.

    python -m bench.http                 # temporary SQLite file
    python -m bench.http --pg URL        # a `gigcase_bench` database on that server
    python -m bench.http --profile       # also: where the time of a case detail goes

Information, not a test: the exit status is 0 whether the targets are met or not.

    data       the demo city, the benchmark's officers, cases built through the actions
    clients    keep-alive clients, timing their requests together, percentiles
    server     daphne on a free port, started and stopped
    queries    statements per request, counted in this process
    profiling  where the time of a case detail goes (`--profile`)
    report     the tables and the verdicts against the targets
    run        the arguments, preparing the data, the measured rounds, `main`
"""
