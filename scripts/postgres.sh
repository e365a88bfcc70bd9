#!/usr/bin/env bash
# A throwaway local PostgreSQL server for newsprism's tests and benchmarks.
#
#   scripts/postgres.sh start   installs Debian's `postgresql` where it is missing, starts a
#                               private server (its own data folder, port and socket) and
#                               prints its DSN (postgresql://...) as the last line
#   scripts/postgres.sh stop    stops that server and removes its folder
#   scripts/postgres.sh dsn     prints the DSN of the running server (exit 1 when none runs)
#
# The server lives in $NEWSPRISM_PG_DIR (default ${TMPDIR:-/tmp}/newsprism-pg-$USER) and
# listens on 127.0.0.1 and a unix socket in that folder, on the first free port from
# $NEWSPRISM_PG_PORT (default 54320). It trusts local connections and runs without fsync: it
# holds test data only. `start` when it already runs prints the same DSN. As root it runs as
# the `postgres` user (initdb refuses root).
set -euo pipefail

DIR="${NEWSPRISM_PG_DIR:-${TMPDIR:-/tmp}/newsprism-pg-$(id -un)}"
FIRST_PORT="${NEWSPRISM_PG_PORT:-54320}"
DB=newsprism
ROLE=newsprism

say() { echo "postgres.sh: $*" >&2; }

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_postgres() {
    bindir >/dev/null && return 0
    say "installing Debian's postgresql (apt-get) ..."
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            say "PostgreSQL is not installed and this user cannot run apt-get"
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bindir >/dev/null || { say "apt-get installed no PostgreSQL server"; exit 1; }
}

# Run a server binary as the user that owns the data folder (postgres when we are root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

dsn() { echo "postgresql://$ROLE@127.0.0.1:$(cat "$DIR/port")/$DB"; }

running() {
    [ -f "$DIR/port" ] && [ -d "$DIR/data" ] && as_owner "$BIN/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    install_postgres
    BIN=$(bindir)
    if running; then
        dsn
        return
    fi
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$DIR/data" -U "$ROLE" --auth=trust --locale=C \
            --encoding=UTF8 >"$DIR/initdb.log" 2>&1 || {
            cat "$DIR/initdb.log" >&2
            say "initdb failed"
            exit 1
        }
    fi
    local port=$FIRST_PORT started=""
    for _ in $(seq 1 50); do
        if port_free "$port" && as_owner "$BIN/pg_ctl" start -w -t 60 -D "$DIR/data" \
            -l "$DIR/server.log" -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=300" >/dev/null 2>&1; then
            started=yes
            break
        fi
        port=$((port + 1))
    done
    if [ -z "$started" ]; then
        tail -n 20 "$DIR/server.log" >&2 || true
        say "the server did not start"
        exit 1
    fi
    echo "$port" >"$DIR/port"
    if [ -z "$(as_owner "$BIN/psql" -h "$DIR" -p "$port" -U "$ROLE" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
        as_owner "$BIN/createdb" -h "$DIR" -p "$port" -U "$ROLE" "$DB"
    fi
    dsn
}

stop() {
    BIN=$(bindir) || { rm -rf "$DIR"; return; }
    if [ -d "$DIR/data" ]; then
        as_owner "$BIN/pg_ctl" stop -D "$DIR/data" -m fast -w >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    dsn)
        BIN=$(bindir) || exit 1
        running || exit 1
        dsn
        ;;
    *)
        echo "usage: scripts/postgres.sh start|stop|dsn" >&2
        exit 2
        ;;
esac
