"""Notifications from commit to a real WebSocket client, with 1,000 clients connected.

Starts its own Redis server and one daphne server (`gigcase.asgi`) on free loopback ports,
on the benchmark's throw-away database, and connects 1,000 WebSocket clients, each a
different user with a DRF token, to `/ws/notifications/`. Then, alternately, one sample at
a time:

- notify: `casework.notify.notify` for one client's user in a committed transaction in
  this process; the time from the commit to the frame's arrival at that client (the
  relay kicked on commit claims the row, `group_send`s it through Redis to the server,
  whose consumer forwards it);
- raw: a channel-layer `group_send` of a frame of the same shape to the same client's
  group; the time from the call to the arrival.

Both run on the same event loop of this process (the notify commit in a worker thread, as
a request handler's would), against the same server and clients. Last, the server's CPU
use while the 1,000 sockets stay open and idle for 10 s.

    python -m bench.notifications                 # temporary SQLite file
    python -m bench.notifications --pg URL        # a `gigcase_bench` database on that server

`--n` is the number of samples of each kind (default 200); `--repeat` and `--threads` are
not used here.

    processes  Redis and daphne on free loopback ports, their CPU time and memory
    sockets    the WebSocket clients, recording when each frame arrives
    measure    the users and tokens, the fan-out, the paired samples, the idle sockets
    report     the figures and the targets
    run        `main`: the database, the processes, the measurement, the report
"""
