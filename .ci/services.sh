#!/usr/bin/env bash
# Throw-away PostgreSQL 15 and Redis servers on free loopback ports, for tests and benchmarks.
#
#   eval "$(.ci/services.sh start)"   # prints `export DATABASE_URL=...` lines and GIGCASE_SERVICES_DIR
#   .ci/services.sh stop "$GIGCASE_SERVICES_DIR"
#
# Nothing is persisted: the cluster lives in a temporary directory that `stop` removes.
# PG_DURABLE=1 keeps fsync on (benchmarks); by default the cluster trades durability for speed.
# PG_OPTIONS adds server settings (e.g. "-c shared_buffers=256MB").
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=${DB_NAME:-gigcase}

log() { printf '[services] %s\n' "$*" >&2; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    # Installed here when this user may, else the command that installs them (on stderr:
    # standard output is for eval).
    "$(dirname "$0")/packages.sh" ensure services
    [ -x "$PG_BIN/initdb" ] || { log "no PostgreSQL 15 in $PG_BIN"; exit 1; }

    local dir pg_port redis_port fsync
    dir=$(mktemp -d "${TMPDIR:-/tmp}/gigcase-services.XXXXXX")
    # Whatever fails below, leave no server running and no directory behind.
    STARTING_DIR=$dir
    trap '[ -z "${STARTING_DIR:-}" ] || stop "$STARTING_DIR"' EXIT
    chmod 755 "$dir"
    mkdir -p "$dir/pg" "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$dir/pg" "$dir/sock"
    fi

    pg_port=$(free_port)
    fsync=off
    [ "${PG_DURABLE:-0}" = 1 ] && fsync=on
    log "initdb in $dir/pg"
    as_pg "$PG_BIN/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    log "starting PostgreSQL on 127.0.0.1:$pg_port (fsync=$fsync)"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/sock -c max_connections=200 \
-c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync ${PG_OPTIONS:-}" >&2 ||
        { cat "$dir/pg/server.log" >&2; exit 1; }
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$DB_NAME"

    redis_port=$(free_port)
    log "starting Redis on 127.0.0.1:$redis_port"
    redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --save '' \
        --appendonly no --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
    for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null || { log "Redis did not start"; exit 1; }

    STARTING_DIR=""
    echo "$pg_port" >"$dir/pg.port"
    echo "$redis_port" >"$dir/redis.port"
    echo "export GIGCASE_SERVICES_DIR=$dir"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/$DB_NAME"
    echo "export REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop() {
    local dir=${1:-${GIGCASE_SERVICES_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || { log "nothing to stop"; return 0; }
    if [ -f "$dir/redis.pid" ]; then
        log "stopping Redis"
        kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    fi
    if [ -f "$dir/pg/postmaster.pid" ]; then
        log "stopping PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
