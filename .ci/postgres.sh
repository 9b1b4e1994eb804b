#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's package) on 127.0.0.1 for the tests:
#   .ci/postgres.sh start DIR   -> prints the SQLAlchemy URL of a database "triage" (user and password "triage")
#   .ci/postgres.sh stop DIR
# The data lives in DIR (deleted by the caller). As root, the server runs as the "postgres" user.
set -euo pipefail
action=$1
dir=$2
as_server_user() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
case "$action" in
start)
    if [ -z "$(bin_dir)" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    bin=$(bin_dir)
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$dir"
    echo triage >"$dir/password"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    as_server_user "$bin/initdb" -D "$dir/data" -U triage --pwfile="$dir/password" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null
    PGPASSWORD=triage "$bin/createdb" -h 127.0.0.1 -p "$port" -U triage triage
    echo "postgresql+psycopg://triage:triage@127.0.0.1:$port/triage"
    ;;
stop)
    bin=$(bin_dir)
    [ -d "$dir/data" ] && as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
