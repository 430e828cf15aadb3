#!/usr/bin/env bash
# Run the demo in the foreground: the web server, a Celery worker and Celery beat.
# Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped and the script fails.
# Called by `make run` after migrate, collectstatic and seed_demo. HOST and PORT may be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
VENV=${VENV:-.venv}
export PYTHONUNBUFFERED=1

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    echo "run: $HOST:$PORT is already in use; stop what listens there or use: make run PORT=$((PORT + 1))" >&2
    exit 1
fi

pids=()
names=()
banner_pid=""

# start NAME COMMAND...: run COMMAND in the background, each output line prefixed with [NAME].
start() {
    local name=$1
    shift
    # The prefixing sed ignores Ctrl-C so that it still passes on what the command prints while stopping.
    "$@" > >(trap '' INT && exec sed -u "s/^/[$name] /") 2>&1 &
    pids+=("$!")
    names+=("$name")
}

name_of() {
    local i
    for i in "${!pids[@]}"; do
        [[ "${pids[$i]}" == "$1" ]] && { echo "${names[$i]}"; return; }
    done
    echo "pid $1"
}

stopping=0
stop_all() {
    ((stopping)) && return
    stopping=1
    echo
    echo "run: stopping web, worker and beat..."
    local t0=$SECONDS
    [[ -n "$banner_pid" ]] && kill "$banner_pid" 2>/dev/null || true
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # Celery's warm shutdown finishes the running task; give everything 20 s, then force it.
    (for _ in {1..40}; do sleep 0.5; done && kill -KILL "${pids[@]}" 2>/dev/null) &
    local watchdog=$!
    wait "${pids[@]}" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    echo "run: stopped in $((SECONDS - t0)) s"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start web "$VENV/bin/python" manage.py runserver "$HOST:$PORT" --noreload
start worker "$VENV/bin/celery" -A config worker --loglevel=INFO --concurrency=2
start beat "$VENV/bin/celery" -A config beat --loglevel=INFO

# Print the address and the demo logins once the web server answers.
(
    for _ in $(seq 120); do
        if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
            cat <<BANNER

================================================================================
  Thi đua - Khen thưởng is running:  http://$HOST:$PORT

  Demo logins (password: thidua2026)
    bantdkt   Ban Thi đua - Khen thưởng tỉnh (board staff: every bloc)
    thuky     Thư ký khối (secretary of one bloc, this year)
    donvi     Cơ quan, đơn vị (agency user)

  Web server, Celery worker and Celery beat are running. Ctrl-C stops all three.
================================================================================

BANNER
            exit 0
        fi
        sleep 0.5
    done
    echo "run: WARNING: nothing answers on http://$HOST:$PORT after 60 s" >&2
) &
banner_pid=$!

set +e
wait -n -p finished "${pids[@]}"
status=$?
set -e
echo "run: $(name_of "$finished") exited with status $status; stopping the others" >&2
stop_all
exit 1
