#!/usr/bin/env bash
# Create .venv with Python 3.11 if it is missing or broken, and install the given locks, each one only when
# its content changed since its last successful install:
#   bash scripts/venv.sh requirements/base.txt     make run: the application alone
#   bash scripts/venv.sh requirements/dev.txt      make test (base + the test tools)
#   bash scripts/venv.sh requirements/bench.txt    make bench (base + locust and what bench/ imports)
# The locks share their pins (scripts/lock.sh), so installing one never changes what another installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=.venv

if (($# == 0)); then
    echo "usage: $0 requirements/FILE.txt..." >&2
    exit 2
fi

if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "venv: $PYTHON not found on PATH (Python 3.11 is required)" >&2
        exit 1
    fi
    echo "venv: creating $VENV with $("$PYTHON" --version 2>&1)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
rm -f "$VENV/.requirements.sha256"  # the stamp of the single requirements.txt this script used to install

for lock in "$@"; do
    stamp=$VENV/.requirements-$(basename "$lock" .txt).sha256
    wanted=$(sha256sum "$lock" | cut -d' ' -f1)
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        echo "venv: $lock unchanged since the last install"
        continue
    fi
    echo "venv: installing $lock"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$lock"
    echo "$wanted" >"$stamp"
done
