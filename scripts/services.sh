#!/usr/bin/env bash
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) up, started if they are down; used by .ci/run and
# `make bench`. Optional argument: a database to create if it is missing.
set -euo pipefail

# wait_for SECONDS DESCRIPTION COMMAND...: retry COMMAND once a second until it succeeds.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq "$seconds"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "services: $what did not answer within ${seconds}s" >&2
    return 1
}

for tool in pg_isready pg_ctlcluster psql redis-cli redis-server; do
    command -v "$tool" >/dev/null || { echo "services: $tool not found: this machine has no PostgreSQL/Redis" >&2; exit 1; }
done
if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
    echo "PostgreSQL: already up"
else
    echo "PostgreSQL: down, starting it"
    # shellcheck disable=SC2046
    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
    wait_for 60 PostgreSQL pg_isready -h 127.0.0.1 -p 5432
    echo "PostgreSQL: up"
fi
if [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; then
    echo "Redis: already up"
else
    echo "Redis: down, starting it"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    wait_for 30 Redis bash -c '[[ "$(redis-cli -h 127.0.0.1 -p 6379 ping)" == PONG ]]'
    echo "Redis: up"
fi
if [[ -n "${1:-}" ]] && [[ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" != 1 ]]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE \"$1\""
    echo "PostgreSQL: created database $1"
fi
